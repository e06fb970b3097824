"""Stamping reference data with monotonic change numbers (call inside the write transaction)."""

from __future__ import annotations

from app.sync.tables import ChangeCounter, Tombstone
from app.timeutil import utcnow


async def next_change_no() -> int:
    """The next change number; the caller's write transaction holds the counter until it commits,
    so numbers become visible in order."""
    updated = (
        await ChangeCounter.update({ChangeCounter.value: ChangeCounter.value + 1})
        .where(ChangeCounter.id == 1)
        .returning(ChangeCounter.value)
        .run()
    )
    if updated:
        return updated[0]["value"]
    await ChangeCounter.insert(ChangeCounter(id=1, value=1)).run()
    return 1


async def current_change_no() -> int:
    """The last change number handed out (0 before any): a watermark for what was derived from reference data."""
    row = await ChangeCounter.select(ChangeCounter.value).where(ChangeCounter.id == 1).first().run()
    return row["value"] if row else 0


async def latest_change_no(table_names: tuple[str, ...]) -> int:
    """The highest change number among these tables' rows and deletions (0 when none): one cheap query."""
    parts = [f'SELECT MAX(change_no) AS top FROM "{name}"' for name in table_names]
    parts.append(
        "SELECT MAX(change_no) AS top FROM tombstone WHERE table_name IN (" + ", ".join("{}" for _ in table_names) + ")"
    )
    rows = await Tombstone.raw(
        f"SELECT MAX(top) AS top FROM ({' UNION ALL '.join(parts)}) AS latest", *table_names
    ).run()
    return rows[0]["top"] or 0


async def record_deletion(table_name: str, row_id: int) -> int:
    change_no = await next_change_no()
    await Tombstone.insert(
        Tombstone(table_name=table_name, row_id=row_id, change_no=change_no, deleted_at=utcnow())
    ).run()
    return change_no
