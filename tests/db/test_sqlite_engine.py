"""floorhr's SQLite engine: foreign keys hold inside a transaction, turned on once per connection, not per query."""

from __future__ import annotations

from datetime import date

import pytest
from piccolo.engine.sqlite import TransactionType

from app.db.engine import current_engine
from app.db.tx import read_together, write_transaction
from app.people.tables import Employee
from app.timeutil import utcnow

pytestmark = pytest.mark.sqlite_only


async def test_a_dangling_reference_is_refused_inside_a_write_transaction(database_url):
    now = utcnow()
    with pytest.raises(Exception, match="FOREIGN KEY"):
        async with write_transaction():
            await Employee.insert(
                Employee(
                    employee_code="E1",
                    name="张三",
                    status="active",
                    hire_date=date(2026, 1, 5),
                    department=999,
                    created_at=now,
                    updated_at=now,
                )
            ).run()
    assert await Employee.count().run() == 0


async def test_the_reads_of_a_page_send_no_pragma_between_them(database_url):
    statements: list[str] = []
    engine = current_engine()
    async with engine.transaction(transaction_type=TransactionType.deferred) as transaction:
        await transaction.connection.set_trace_callback(statements.append)
        async with read_together():  # joins the open transaction
            for _ in range(3):
                await Employee.select(Employee.id).run()
    assert len([s for s in statements if "employee" in s]) == 3
    assert not [s for s in statements if "PRAGMA" in s.upper()], statements
