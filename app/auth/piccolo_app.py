"""Piccolo app for office accounts, sessions and devices."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("auth", depends_on=("people",))
