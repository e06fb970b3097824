"""Piccolo app for onboarding: invites, contract templates, kiosk flows, the signed contract archive."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("onboarding", depends_on=("people", "badges", "attendance", "training", "auth"))
