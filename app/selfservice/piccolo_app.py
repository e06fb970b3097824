"""Piccolo app for the worker's self-service: sessions at the kiosk and on linked phones, what workers ask."""

from app.db.apps import capability_app

APP_CONFIG = capability_app(
    "selfservice", depends_on=("people", "badges", "attendance", "piecework", "payroll", "sync")
)
