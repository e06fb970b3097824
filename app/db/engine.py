"""Engine choice from the database URL, binding every table to it, and running migrations."""

from __future__ import annotations

import os

from piccolo.engine.base import Engine
from piccolo.engine.sqlite import SQLiteEngine

from app.db.connect import SQLITE_BUSY_TIMEOUT_S, engine_for_url, kind_of  # noqa: F401  re-exported

os.environ.setdefault("PICCOLO_CONF", "app.db.piccolo_conf")

from app.db import piccolo_conf  # noqa: E402  after PICCOLO_CONF is set, which Piccolo reads


def all_tables():
    return [table for app in piccolo_conf.APP_REGISTRY.app_configs.values() for table in app.table_classes]


def current_engine() -> Engine:
    return piccolo_conf.DB


_node_role = "office"


def use_database(url: str, role: str = "office") -> Engine:
    """Point Piccolo, its migrations and every table at the database at url, the database of an office or a
    kiosk node (role: a kiosk node's facts also go to its outbox, app.sync.outbox)."""
    from piccolo.apps.migrations.tables import Migration

    engine = engine_for_url(url)
    piccolo_conf.DB = engine
    set_node_role(role)
    for table in [*all_tables(), Migration]:  # Piccolo's own table caches its engine too
        table._meta.db = engine
    return engine


def set_node_role(role: str) -> None:
    global _node_role
    _node_role = role


def node_role() -> str:
    """ "kiosk" when the bound database is a kiosk node's replica, else "office"."""
    return _node_role


async def prepare_sqlite(engine: Engine) -> None:
    """WAL lets kiosk readers go on while one writer writes; it persists in the file."""
    if isinstance(engine, SQLiteEngine):
        await engine._run_in_new_connection("PRAGMA journal_mode=WAL")


async def migrate() -> str:
    """Apply every pending migration of every app, in dependency order; returns what ran."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    engine = current_engine()
    await prepare_sqlite(engine)
    result = await run_forwards(app_name="all", migration_id="all")
    if not result.success:
        raise RuntimeError(f"migrations failed: {result.message}")
    return result.message or "ok"
