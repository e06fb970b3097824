"""Facts kept as one row of a table with a UUID key (quiz attempts, study visits, sign-offs): queued on a kiosk
node from the row itself, stored at the office by inserting the same row, checked column by column."""

from __future__ import annotations

import uuid
from datetime import datetime

from piccolo.columns import ForeignKey
from piccolo.table import Table

from app.sync import outbox
from app.sync.facts import Applier, InvalidFact, PushedFact, fact_kind, office_id
from app.sync.reference import from_wire, to_wire


async def queue_row(kind: str, table: type[Table], row_id: uuid.UUID, recorded_at: datetime) -> None:
    """On a kiosk node, queue the row just written (call inside its write transaction); nothing on the office."""
    if not outbox.recording():
        return
    row = await table.select().where(table.id == row_id).first().run()
    payload = {key: to_wire(value) for key, value in row.items() if key != "id"}
    for column in _employee_references(table):  # the code finds the person at the office, whatever id they have here
        name = column._meta.db_column_name
        if payload.get(name) is not None:
            target = column._foreign_key_meta.resolved_references
            found = await target.select(target.employee_code).where(target.id == payload[name]).first().run()
            payload[name + CODE_SUFFIX] = found["employee_code"] if found else ""
    await outbox.record_fact(kind, row_id, payload, recorded_at)


CODE_SUFFIX = "__code"


def _employee_references(table: type[Table]) -> list[ForeignKey]:
    return [
        column
        for column in table._meta.foreign_key_columns
        if column._foreign_key_meta.resolved_references._meta.tablename == "employee"
    ]


def row_fact(kind: str, table: type[Table]) -> Applier:
    """The office's applier for kind: the row's columns checked, its references present, inserted once by id."""
    columns = {column._meta.db_column_name: column for column in table._meta.columns if column._meta.name != "id"}

    @fact_kind(kind)
    async def apply(fact: PushedFact) -> None:
        payload = await _by_code(table, fact.payload)
        unknown = sorted(set(payload) - set(columns))
        if unknown:
            raise InvalidFact(f"unknown fields: {', '.join(unknown)}")
        missing = sorted(name for name, column in columns.items() if name not in payload and not column._meta.null)
        if missing:
            raise InvalidFact(f"missing fields: {', '.join(missing)}")
        values = {}
        for name, value in payload.items():
            try:
                values[name] = from_wire(columns[name], value)
            except (TypeError, ValueError) as bad:
                raise InvalidFact(f"{name}: {bad}") from bad
            column = columns[name]
            if isinstance(column, ForeignKey) and values[name] is not None:
                target = column._foreign_key_meta.resolved_references
                if office_id(values[name]) is None or not await target.exists().where(target.id == values[name]).run():
                    raise InvalidFact(f"{name} {values[name]!r} is not known at the office")
        names = ["id", *values]
        sql = (
            f'INSERT INTO "{table._meta.tablename}" ({", ".join(chr(34) + name + chr(34) for name in names)}) '
            f'VALUES ({", ".join("{}" for _ in names)}) ON CONFLICT ("id") DO NOTHING'
        )
        await table.raw(sql, fact.id, *values.values()).run()

    return apply


async def _by_code(table: type[Table], payload: dict) -> dict:
    """Employee references as the office knows them: by the code that travelled beside the node's id."""
    payload = dict(payload)
    for column in _employee_references(table):
        name = column._meta.db_column_name
        code = payload.pop(name + CODE_SUFFIX, None)
        if code:
            target = column._foreign_key_meta.resolved_references
            found = await target.select(target.id).where(target.employee_code == code).first().run()
            if found is None:
                raise InvalidFact(f"employee {code} is not known at the office")
            payload[name] = found["id"]
    return payload
