"""Reference data that flows down to kiosk nodes: which tables, how rows travel, how a page is read and applied.

Each capability declares the tables it sends down in its app/<cap>/sync.py; app/wiring.py installs them.
Every write to these tables stamps the row with the next change number (app.sync.changes); a kiosk
pulls everything stamped after its cursor, in pages that end on a change number, and deletions as
tombstones. Columns that point at office user accounts, and personal data a kiosk does not need
(phone numbers), stay at the office.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from piccolo.columns import JSON, UUID, Date, ForeignKey, Time, Timestamptz
from piccolo.table import Table

from app.db.engine import all_tables
from app.sync.outbox import PROVISIONAL_BASE
from app.sync.tables import Tombstone
from app.timeutil import as_utc

PAGE_LIMIT = 500


@dataclass(frozen=True)
class Pulled:
    table: type[Table]
    keep_out: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.table._meta.tablename

    def columns(self):
        return [
            column
            for column in self.table._meta.columns
            if column._meta.name not in self.keep_out and not _points_at_users(column)
        ]


def _points_at_users(column) -> bool:
    return (
        isinstance(column, ForeignKey)
        and column._foreign_key_meta.resolved_references._meta.tablename == "floorhr_user"
    )


_PULLED: tuple[Pulled, ...] = ()


def install(pulled: tuple[Pulled, ...]) -> None:
    """The tables every capability declares (app.sync.parts.install); the same whatever the role."""
    global _PULLED
    _PULLED = tuple(pulled)


def pulled_tables() -> tuple[Pulled, ...]:
    return _PULLED


def _by_name() -> dict[str, Pulled]:
    return {pulled.name: pulled for pulled in pulled_tables()}


def to_wire(value):
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def from_wire(column, value):
    """A wire value back to what the column takes (JSON columns travel as their JSON text)."""
    if value is None:
        return None
    if isinstance(column, Timestamptz):
        return datetime.fromisoformat(value)
    if isinstance(column, Date):
        return date.fromisoformat(value)
    if isinstance(column, Time):
        return time.fromisoformat(value)
    if isinstance(column, UUID):
        return uuid.UUID(value)
    if isinstance(column, JSON) and not isinstance(value, str):
        return json.dumps(value)
    return value


@dataclass
class Page:
    next_cursor: int
    more: bool
    changes: dict[str, list[dict]]
    deleted: list[dict]

    def as_json(self) -> dict:
        return {"next_cursor": self.next_cursor, "more": self.more, "changes": self.changes, "deleted": self.deleted}


async def read_page(cursor: int, limit: int = PAGE_LIMIT) -> Page:
    """The changes after cursor, up to about limit of them; a page never splits one change number."""
    names = [pulled.name for pulled in pulled_tables()] + [Tombstone._meta.tablename]
    union = " UNION ALL ".join(f"SELECT change_no FROM {name} WHERE change_no > {{}}" for name in names)
    numbers = await Tombstone.raw(
        f"SELECT change_no FROM ({union}) AS changed ORDER BY change_no LIMIT {int(limit)}", *([cursor] * len(names))
    ).run()
    if not numbers:
        return Page(cursor, False, {}, [])
    end = numbers[-1]["change_no"]
    window = lambda table: (table.change_no > cursor) & (table.change_no <= end)  # noqa: E731
    changes = {}
    for pulled in pulled_tables():
        columns = pulled.columns()
        rows = await pulled.table.select(*columns).where(window(pulled.table)).run()
        if rows:
            changes[pulled.name] = [{key: to_wire(value) for key, value in row.items()} for row in rows]
    deleted = await Tombstone.select(Tombstone.table_name, Tombstone.row_id).where(window(Tombstone)).run()
    return Page(
        end, len(numbers) == limit, changes, [{"table": row["table_name"], "id": row["row_id"]} for row in deleted]
    )


async def apply_page(page: dict) -> int:
    """Kiosk node: delete the page's tombstones, then upsert its rows by id; call inside the write transaction
    that also moves the cursor. Foreign keys are checked at commit, so rows may arrive in any order."""
    known = _by_name()
    await Tombstone.raw("PRAGMA defer_foreign_keys = ON").run()
    applied, gone_ids = 0, set()
    for gone in page.get("deleted", []):  # first: a row deleted and made again under the same name has a new id
        pulled = known.get(gone.get("table"))
        if pulled is not None:
            await pulled.table.delete().where(pulled.table.id == gone["id"]).run()
            gone_ids.add((pulled.name, gone["id"]))
            applied += 1
    for name, rows in page.get("changes", {}).items():
        pulled = known.get(name)
        if pulled is None:
            continue  # a newer office carries a table this node does not have yet
        columns = {column._meta.db_column_name: column for column in pulled.columns()}
        for row in rows:
            if (name, row.get("id")) in gone_ids:
                continue  # changed, then deleted, within this page
            await _adopt_provisional(pulled, columns, row)
            names = [key for key in row if key in columns]
            placeholders = ", ".join("{}" for _ in names)
            updates = ", ".join(f'"{key}" = excluded."{key}"' for key in names if key != "id")
            sql = (
                f'INSERT INTO "{name}" ({", ".join(f"{chr(34)}{key}{chr(34)}" for key in names)}) '
                f'VALUES ({placeholders}) ON CONFLICT ("id") DO UPDATE SET {updates}'
            )
            await pulled.table.raw(sql, *[from_wire(columns[key], row[key]) for key in names]).run()
            applied += 1
    await _loosen_dangling_references(known)
    return applied


async def _adopt_provisional(pulled: Pulled, columns: dict, row: dict) -> None:
    """The office's row for one this node created itself (an employee onboarded here: same code, another id)
    takes over: every reference moves to the office's id and the provisional row goes."""
    table = pulled.table
    for key, column in columns.items():
        if key == "id" or not column._meta.unique or row.get(key) is None:
            continue
        local = (
            await table.select(table.id)
            .where((column == from_wire(column, row[key])) & (table.id != row["id"]))
            .first()
            .run()
        )
        if local is None or local["id"] < PROVISIONAL_BASE:
            continue
        for other in all_tables():  # before the delete, which would cascade to them
            for reference in other._meta.foreign_key_columns:
                if reference._foreign_key_meta.resolved_references._meta.tablename == pulled.name:
                    await other.update({reference: row["id"]}).where(reference == local["id"]).run()
        await table.delete().where(table.id == local["id"]).run()


async def _loosen_dangling_references(known: dict[str, Pulled]) -> None:
    """A row pointing at one this node does not hold (say, a department the office never change-numbered) would
    fail the commit and stall every later pull: such a reference becomes NULL where it may, else the row goes."""
    for violation in await Tombstone.raw("PRAGMA foreign_key_check").run():
        pulled = known.get(violation["table"])
        if pulled is None:
            continue
        table = pulled.table
        references = [
            column
            for column in table._meta.foreign_key_columns
            if column._foreign_key_meta.resolved_references._meta.tablename == violation["parent"]
        ]
        nullable = [column for column in references if column._meta.null]
        if nullable and len(nullable) == len(references):
            await table.raw(
                f'UPDATE "{violation["table"]}" SET '
                + ", ".join(f'"{column._meta.db_column_name}" = NULL' for column in nullable)
                + " WHERE rowid = {}",
                violation["rowid"],
            ).run()
        else:
            await table.raw(f'DELETE FROM "{violation["table"]}" WHERE rowid = {{}}', violation["rowid"]).run()
