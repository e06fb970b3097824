"""Write transactions: short, and serialised in-process on SQLite.

SQLite allows one writer. A deferred transaction that reads and then writes fails with
"database is locked" under load, so writes start IMMEDIATE (taking the lock up front) and
take one in-process lock first, which queues writers in the event loop instead of in
SQLite's busy loop (DESIGN.md, technical notes). PostgreSQL needs neither.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from app.db.engine import current_engine

_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


def _writer_lock() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    lock = _locks.get(loop)
    if lock is None:
        lock = _locks[loop] = asyncio.Lock()
    return lock


@asynccontextmanager
async def write_transaction() -> AsyncIterator[object]:
    engine = current_engine()
    if not isinstance(engine, SQLiteEngine):
        async with engine.transaction() as transaction:
            yield transaction
        return
    if engine.current_transaction.get():
        # Already inside a write transaction: join it.
        yield engine.current_transaction.get()
        return
    async with _writer_lock():
        async with engine.transaction(transaction_type=TransactionType.immediate) as transaction:
            yield transaction


@asynccontextmanager
async def read_together() -> AsyncIterator[None]:
    """Several reads of one page on one connection, in order (never side by side: one connection runs one query
    at a time). Outside a transaction Piccolo's SQLite engine opens a connection (and a thread) per query, a few
    milliseconds each, and its PostgreSQL engine takes a pooled connection per query; inside one they share a
    connection and see one snapshot. Never write inside."""
    engine = current_engine()
    if engine.current_transaction.get():
        yield
        return
    if isinstance(engine, SQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.deferred):
            yield
        return
    async with engine.transaction():
        yield
