"""Piccolo's configuration module: the engine for FLOORHR_DATABASE_URL and the app registry.

Piccolo's own commands find this through PICCOLO_CONF (set in app.db.engine). floorhr swaps
DB at run time with app.db.engine.use_database, which is how the tests run on both engines.
"""

from piccolo.conf.apps import AppRegistry

from app.db.connect import engine_for_url
from app.settings import Settings, SettingsError

APPS = [
    "app.audit.piccolo_app",
    "app.sync.piccolo_app",
    "app.people.piccolo_app",
    "app.approvals.piccolo_app",
    "app.auth.piccolo_app",
    "app.badges.piccolo_app",
    "app.attendance.piccolo_app",
    "app.training.piccolo_app",
    "app.onboarding.piccolo_app",
    "app.piecework.piccolo_app",
    "app.recruiting.piccolo_app",
    "app.leave.piccolo_app",
    "app.appraisal.piccolo_app",
    "app.contributions.piccolo_app",
    "app.tax.piccolo_app",
    "app.payroll.piccolo_app",
    "app.planning.piccolo_app",
    "app.ops.piccolo_app",
    "app.selfservice.piccolo_app",
]

APP_REGISTRY = AppRegistry(apps=APPS)
try:
    DB = engine_for_url(Settings.from_env().database_url)
except SettingsError:  # reported by whoever reads the settings next (the CLI: as its error, not a traceback)
    DB = None
