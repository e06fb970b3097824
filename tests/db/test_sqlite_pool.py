"""The server's pool of SQLite connections (app.db.connect): a page's transaction reuses an open connection, and
what one transaction wrote or undid is exactly what the next one on the same connection sees."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from app.db.connect import IDLE_CONNECTIONS
from app.db.engine import current_engine
from app.db.tx import read_together, write_transaction
from app.people.tables import Department
from app.timeutil import utcnow

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
async def pooled(database_url):
    engine = current_engine()
    opened = []
    connect = engine.get_connection

    async def counted():
        connection = await connect()
        opened.append(connection)
        return connection

    engine.get_connection = counted
    engine.start_connection_pool()
    yield engine, opened
    await engine.close_connection_pool()
    del engine.get_connection


async def _department(name: str) -> None:
    await Department.insert(Department(name=name, created_at=utcnow())).run()


async def test_pages_reuse_one_connection_and_see_each_others_writes(pooled, database_url):
    engine, opened = pooled
    for n in range(5):
        async with write_transaction():
            await _department(f"车间{n}")
        async with read_together():
            assert await Department.count().run() == n + 1
    assert await Department.count().run() == 5  # a query outside a transaction: a pooled connection too
    assert len(opened) == 1
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as other:  # committed for everyone
        assert other.execute("SELECT count(*) FROM department").fetchone()[0] == 5


async def test_a_failed_transaction_leaves_nothing_behind_on_the_pooled_connection(pooled):
    engine, opened = pooled
    with pytest.raises(RuntimeError):
        async with write_transaction():
            await _department("装配车间")
            raise RuntimeError("the page failed half way")
    assert not opened[0].in_transaction
    async with write_transaction():
        await _department("冲压车间")
    assert [row["name"] for row in await Department.select(Department.name).run()] == ["冲压车间"]
    assert len(opened) == 1


async def test_a_write_outside_a_transaction_is_committed(pooled, database_url):
    await Department.insert(Department(name="包装车间", created_at=utcnow())).run()
    with sqlite3.connect(database_url.removeprefix("sqlite:///")) as other:
        assert other.execute("SELECT name FROM department").fetchall() == [("包装车间",)]


async def test_transactions_side_by_side_get_their_own_connections_and_few_are_kept(pooled):
    engine, opened = pooled
    started = asyncio.Event()

    async def reader() -> int:
        async with read_together():
            await started.wait()  # all open at once
            return await Department.count().run()

    tasks = [asyncio.create_task(reader()) for _ in range(IDLE_CONNECTIONS + 3)]
    await asyncio.sleep(0.05)
    started.set()
    assert await asyncio.gather(*tasks) == [0] * (IDLE_CONNECTIONS + 3)
    assert len(opened) == IDLE_CONNECTIONS + 3
    assert len(engine._idle) == IDLE_CONNECTIONS
    closed = [connection for connection in opened if connection._connection is None]
    assert len(closed) == 3
    await engine.close_connection_pool()
    assert all(connection._connection is None for connection in opened)
    engine.start_connection_pool()  # for the fixture's own close
