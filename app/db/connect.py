"""Which engine a database URL names (SQLite or PostgreSQL); below piccolo_conf, which builds its default from it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory

SQLITE_BUSY_TIMEOUT_S = 15


IDLE_CONNECTIONS = 8  # kept open for the next transaction or query when the server pools (start_connection_pool)


class _PooledTransaction(SQLiteTransaction):
    """Piccolo's SQLite transaction on a connection lent by the engine's pool and given back at the end (Piccolo's
    closes it, and leaves it open and the transaction current when the COMMIT fails)."""

    async def get_connection(self):
        return await self.engine.lend()

    async def __aexit__(self, exception_type, exception, traceback) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception and not self._rolled_back:
                await self.rollback()
            elif not exception and not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            await self.engine.give_back(self.connection)
            self.engine.current_transaction.reset(self.context)
        return exception is None


class PlantSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine without its PRAGMA before every statement in a transaction, and with a pool of open
    connections while the server runs.

    get_connection turns foreign keys on when it opens a transaction's connection; Piccolo repeats the PRAGMA
    before each statement, one more trip to the connection's thread per query (half the trips of a page that
    reads inside db.tx.read_together).

    Piccolo opens a connection (and its thread) for every transaction and every query outside one, and SQLite
    reads the whole schema on a connection's first statement: some 3 ms of a page's 25 (My page) went there.
    Between start_connection_pool and close_connection_pool (the server's lifespan, as Piccolo's PostgreSQL
    pool), a finished transaction's connection waits for the next one instead, IDLE_CONNECTIONS at most; one
    still inside a transaction (a failed COMMIT or ROLLBACK) is closed, never lent again. Outside a server
    (the CLI, in-process tests) nothing is kept."""

    _idle: list | None = None

    async def _run_in_existing_connection(self, connection, query, args=None, query_type="generic", table=None):
        if query_type == "insert" and self.get_version_sync() < 3.35:  # Piccolo's RETURNING fallback
            return await super()._run_in_existing_connection(connection, query, args, query_type, table)
        connection.row_factory = dict_factory
        async with connection.execute(query, args or []) as cursor:
            return await cursor.fetchall()

    def start_connection_pool(self) -> None:
        self._idle = []

    async def close_connection_pool(self) -> None:
        idle, self._idle = self._idle or [], None
        for connection in idle:
            await connection.close()

    async def lend(self):
        return self._idle.pop() if self._idle else await self.get_connection()

    async def give_back(self, connection) -> None:
        if self._idle is None or connection.in_transaction or len(self._idle) >= IDLE_CONNECTIONS:
            await connection.close()
        else:
            self._idle.append(connection)

    def transaction(self, transaction_type=TransactionType.deferred, allow_nested: bool = True):
        if self._idle is None:
            return super().transaction(transaction_type=transaction_type, allow_nested=allow_nested)
        return _PooledTransaction(engine=self, transaction_type=transaction_type, allow_nested=allow_nested)

    async def _run_in_new_connection(self, query, args=None, query_type="generic", table=None):
        if self._idle is None or (query_type == "insert" and self.get_version_sync() < 3.35):
            return await super()._run_in_new_connection(query, args, query_type, table)
        connection = await self.lend()
        try:
            async with connection.execute(query, args or []) as cursor:
                rows = await cursor.fetchall()
            await connection.commit()  # a write outside a transaction is its own (Piccolo's does the same)
            return rows
        finally:
            await self.give_back(connection)


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
