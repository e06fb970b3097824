"""Piccolo app for the audit log; it sits at the bottom so every capability can write to it."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("audit")
