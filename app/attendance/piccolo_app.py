"""Piccolo app for scans, shifts, the calendar and attendance days."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("attendance", depends_on=("badges",))
