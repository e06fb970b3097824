"""Piccolo app for demand, planner runs and their posts."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("planning", depends_on=("attendance", "training", "piecework"))
