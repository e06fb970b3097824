"""Piccolo app for recruiting: requisitions, candidates, applications, moves, scorecards."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("recruiting", depends_on=("people", "auth"))
