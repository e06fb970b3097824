"""Piccolo app for ops: the record of backups (backup, restore and upgrade checks live beside it)."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("ops", depends_on=("audit",))
