"""Piccolo app for people and the organisation."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("people", depends_on=("audit", "sync"))
