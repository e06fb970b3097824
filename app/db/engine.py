"""Engine choice from the database URL, binding every table to it, and running migrations."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

os.environ.setdefault("PICCOLO_CONF", "app.db.piccolo_conf")

SQLITE_BUSY_TIMEOUT_S = 15


def engine_for_url(url: str) -> Engine:
    """sqlite:///path/file.sqlite3 or postgresql://user:pass@host:port/db."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # timeout is SQLite's busy timeout: a writer waits for the lock instead of failing.
        return SQLiteEngine(path=str(path), timeout=SQLITE_BUSY_TIMEOUT_S)
    parts = urlparse(url)
    config = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "database": parts.path.lstrip("/"),
    }
    if parts.password:
        config["password"] = unquote(parts.password)
    return PostgresEngine(config=config, log_queries=False)


def kind_of(engine: Engine) -> str:
    return "sqlite" if isinstance(engine, SQLiteEngine) else "postgresql"


def all_tables():
    from app.db import piccolo_conf

    return [table for app in piccolo_conf.APP_REGISTRY.app_configs.values() for table in app.table_classes]


def current_engine() -> Engine:
    from app.db import piccolo_conf

    return piccolo_conf.DB


def use_database(url: str) -> Engine:
    """Point Piccolo, its migrations and every table at the database at url."""
    from app.db import piccolo_conf

    from piccolo.apps.migrations.tables import Migration

    engine = engine_for_url(url)
    piccolo_conf.DB = engine
    for table in [*all_tables(), Migration]:  # Piccolo's own table caches its engine too
        table._meta.db = engine
    return engine


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
