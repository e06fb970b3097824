"""Piccolo app for credentials."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("badges", depends_on=("people",))
