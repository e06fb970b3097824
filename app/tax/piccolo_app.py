"""Piccolo app for income tax: declared deductions, options, opening balances, months withheld."""

from app.db.apps import capability_app

APP_CONFIG = capability_app("tax", depends_on=("people",))
