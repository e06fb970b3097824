"""Piccolo app for appraisal schemes, periods, scores and results."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("appraisal", depends_on=("people", "attendance", "training", "piecework"))
