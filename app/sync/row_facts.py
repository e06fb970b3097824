"""Facts kept as one row of a table with a UUID key (quiz attempts, study visits, sign-offs): queued on a kiosk
node from the row itself, stored at the office by inserting the same row, checked column by column."""

from __future__ import annotations

import uuid
from datetime import datetime

from piccolo.columns import ForeignKey
from piccolo.table import Table

from app.sync import outbox
from app.sync.facts import InvalidFact, PushedFact, fact_kind
from app.sync.reference import from_wire, to_wire


async def queue_row(kind: str, table: type[Table], row_id: uuid.UUID, recorded_at: datetime) -> None:
    """On a kiosk node, queue the row just written (call inside its write transaction); nothing on the office."""
    if not outbox.recording():
        return
    row = await table.select().where(table.id == row_id).first().run()
    await outbox.record_fact(kind, row_id, {key: to_wire(value) for key, value in row.items() if key != "id"},
                             recorded_at)


def register_row_fact(kind: str, table: type[Table]) -> None:
    """The office's applier for kind: the row's columns checked, its references present, inserted once by id."""
    columns = {column._meta.db_column_name: column for column in table._meta.columns if column._meta.name != "id"}

    @fact_kind(kind)
    async def apply(fact: PushedFact) -> None:
        unknown = sorted(set(fact.payload) - set(columns))
        if unknown:
            raise InvalidFact(f"unknown fields: {', '.join(unknown)}")
        missing = sorted(name for name, column in columns.items() if name not in fact.payload and not column._meta.null)
        if missing:
            raise InvalidFact(f"missing fields: {', '.join(missing)}")
        values = {}
        for name, value in fact.payload.items():
            try:
                values[name] = from_wire(columns[name], value)
            except (TypeError, ValueError) as bad:
                raise InvalidFact(f"{name}: {bad}") from bad
            column = columns[name]
            if isinstance(column, ForeignKey) and values[name] is not None:
                target = column._foreign_key_meta.resolved_references
                if not isinstance(values[name], int) or not await target.exists().where(target.id == values[name]).run():
                    raise InvalidFact(f"{name} {values[name]!r} is not known at the office")
        names = ["id", *values]
        sql = (f'INSERT INTO "{table._meta.tablename}" ({", ".join(chr(34) + name + chr(34) for name in names)}) '
               f'VALUES ({", ".join("{}" for _ in names)}) ON CONFLICT ("id") DO NOTHING')
        await table.raw(sql, fact.id, *values.values()).run()
