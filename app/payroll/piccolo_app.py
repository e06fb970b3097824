"""Piccolo app for pay settings, pay periods and pay lines."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("payroll", depends_on=("people", "attendance", "piecework", "contributions", "tax"))
