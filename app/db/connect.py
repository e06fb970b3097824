"""Which engine a database URL names (SQLite or PostgreSQL); below piccolo_conf, which builds its default from it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, dict_factory

SQLITE_BUSY_TIMEOUT_S = 15


class PlantSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine without its PRAGMA before every statement in a transaction.

    get_connection turns foreign keys on when it opens a transaction's connection; Piccolo repeats the PRAGMA
    before each statement, one more trip to the connection's thread per query (half the trips of a page that
    reads inside db.tx.read_together)."""

    async def _run_in_existing_connection(self, connection, query, args=None, query_type="generic", table=None):
        if query_type == "insert" and self.get_version_sync() < 3.35:  # Piccolo's RETURNING fallback
            return await super()._run_in_existing_connection(connection, query, args, query_type, table)
        connection.row_factory = dict_factory
        async with connection.execute(query, args or []) as cursor:
            return await cursor.fetchall()


def engine_for_url(url: str) -> Engine:
    """sqlite:///path/file.sqlite3 or postgresql://user:pass@host:port/db."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # timeout is SQLite's busy timeout: a writer waits for the lock instead of failing.
        return PlantSQLiteEngine(path=str(path), timeout=SQLITE_BUSY_TIMEOUT_S)
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
