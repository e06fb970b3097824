"""Piccolo app for leave types, people's leave fields, requests, time off in lieu and balances."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("leave", depends_on=("people", "attendance", "approvals"))
