"""Piccolo app for work orders, operations, rates, piece reports and confirmations."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("piecework", depends_on=("people", "training"))
