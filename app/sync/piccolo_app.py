"""Piccolo app for sync bookkeeping; below people so every reference table can be stamped."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("sync", depends_on=("audit",))
