"""Piccolo app for courses, quizzes and trainer qualifications."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("training", depends_on=("auth", "people"))
