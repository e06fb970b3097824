"""Piccolo app for social insurance and housing fund schemes and enrolments."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("contributions", depends_on=("people",))
