"""Piccolo app for approval items: below every capability that files requests."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("approvals", depends_on=("people",))
