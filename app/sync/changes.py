"""Stamping reference data with monotonic change numbers (call inside the write transaction)."""

from __future__ import annotations

from app.sync.tables import ChangeCounter, Tombstone
from app.timeutil import utcnow


async def next_change_no() -> int:
    """The next change number; the caller's write transaction holds the counter until it commits,
    so numbers become visible in order."""
    updated = await ChangeCounter.update({ChangeCounter.value: ChangeCounter.value + 1}).where(
        ChangeCounter.id == 1).returning(ChangeCounter.value).run()
    if updated:
        return updated[0]["value"]
    await ChangeCounter.insert(ChangeCounter(id=1, value=1)).run()
    return 1


async def record_deletion(table_name: str, row_id: int) -> int:
    change_no = await next_change_no()
    await Tombstone.insert(Tombstone(table_name=table_name, row_id=row_id, change_no=change_no,
                                     deleted_at=utcnow())).run()
    return change_no
