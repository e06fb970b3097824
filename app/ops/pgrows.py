"""Moving a plant from PostgreSQL to SQLite: the rows of a pg_dump archive into a migrated SQLite file.

No PostgreSQL server is needed: `pg_restore --data-only --file -` turns the custom-format dump into its COPY
blocks, read here as a stream. The rows are engine-neutral; only their spelling differs. PostgreSQL's text
form (t/f, `2026-11-25 02:00:00+00`, `\\x` hex bytes, COPY's backslash escapes, `\\N` for NULL) is read back into
Python values by each column's Piccolo type, and the sqlite3 adapters Piccolo registers store them as Piccolo
on SQLite does (UTC datetimes as text, booleans as 0/1). The dump must be of today's schema: the SQLite file
is migrated first, so the columns line up one for one (an older PostgreSQL archive: restore it into
PostgreSQL, which migrates forward, then back it up again). This is per-row Python work (a move, done once):
about a minute per million scans.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from piccolo.columns import (
    JSON,
    JSONB,
    UUID,
    BigInt,
    Boolean,
    Bytea,
    Date,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    Real,
    Serial,
    SmallInt,
    Time,
    Timestamp,
    Timestamptz,
)

from app.db.engine import all_tables
from app.errors import Refused
from app.i18n import N_
from app.ops.database import PG_TOOL_FAILED, PG_TOOL_MISSING
from app.ops.database import quoted as _quoted

_COPY = re.compile(r'^COPY (?:public\.)?"?([^" (]+)"? \((.*)\) FROM stdin;$')
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))")
_NAMED = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
UNKNOWN_COLUMN = N_("The PostgreSQL backup has column %(column)s, which this floorhr does not know.")
BATCH = 5_000


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def one(match: re.Match) -> str:
        octal, hexa, other = match.groups()
        if octal:
            return chr(int(octal, 8))
        if hexa:
            return chr(int(hexa, 16))
        return _NAMED.get(other, other)

    return _ESCAPE.sub(one, text)


def _whole(text: str) -> int | str:
    return int(text) if text.lstrip("-").isdigit() else text  # a foreign key to a UUID stays text


def _reader(column) -> Callable[[str], object]:
    """PostgreSQL's text for one value of this column -> the Python value Piccolo's SQLite adapters store."""
    kinds: list[tuple[tuple, Callable[[str], object]]] = [
        ((Boolean,), lambda text: text == "t"),
        ((Timestamptz, Timestamp), datetime.fromisoformat),
        ((Date,), date.fromisoformat),
        ((Time,), time.fromisoformat),
        ((Serial, Integer, BigInt, SmallInt, ForeignKey), _whole),
        ((Float, Real), float),
        ((Numeric,), Decimal),
        ((Bytea,), lambda text: bytes.fromhex(text[2:])),
        ((UUID, JSON, JSONB), str),
    ]
    for types, read in kinds:
        if isinstance(column, types):
            return read
    return str


def _copy_blocks(dump: Path) -> Iterator[tuple[str, list[str], Iterator[str]]]:
    try:
        process = subprocess.Popen(
            ["pg_restore", "--data-only", "--file", "-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
    except FileNotFoundError as exc:
        raise Refused(PG_TOOL_MISSING, tool="pg_restore") from exc
    assert process.stdout is not None

    def rows() -> Iterator[str]:
        for line in process.stdout:
            if line == "\\.\n":
                return
            yield line.rstrip("\n")

    for line in process.stdout:
        header = _COPY.match(line.rstrip("\n"))
        if header:
            columns = [name.strip().strip('"') for name in header.group(2).split(",")]
            yield header.group(1), columns, rows()
    error = process.stderr.read() if process.stderr else ""
    if process.wait() != 0:
        raise Refused(PG_TOOL_FAILED, tool="pg_restore", reason=error.strip()[-500:])


def copy_pgdump_to_sqlite(dump: Path, sqlite_file: Path) -> dict[str, int]:
    """Blocking: every floorhr table's rows from the pg_dump file into the migrated, empty SQLite file."""
    import piccolo.engine.sqlite  # noqa: F401 - registers the adapters that store values as Piccolo does

    tables = {table._meta.tablename: table for table in all_tables()}
    target = sqlite3.connect(sqlite_file, isolation_level=None)
    copied: dict[str, int] = {}
    try:
        target.execute("PRAGMA foreign_keys=OFF")  # the dump's order is by name, not by reference
        target.execute("BEGIN")
        for name, columns, lines in _copy_blocks(dump):
            table = tables.get(name)
            if table is None:  # Piccolo's migration table (the SQLite file has its own) and anything not floorhr's
                for _ in lines:
                    pass
                continue
            known = {column._meta.db_column_name: column for column in table._meta.columns}
            unknown = [column for column in columns if column not in known]
            if unknown:
                raise Refused(UNKNOWN_COLUMN, column=f"{name}.{unknown[0]}")
            readers = [_reader(known[column]) for column in columns]
            listed, marks = ", ".join(map(_quoted, columns)), ", ".join("?" * len(columns))
            insert = f"INSERT INTO {_quoted(name)} ({listed}) VALUES ({marks})"
            target.execute(f"DELETE FROM {_quoted(name)}")  # rows a migration seeded: the dump has them too
            count, batch = 0, []
            for line in lines:
                batch.append(
                    tuple(
                        None if text == "\\N" else read(_unescape(text))
                        for read, text in zip(readers, line.split("\t"))
                    )
                )
                if len(batch) == BATCH:
                    target.executemany(insert, batch)
                    count, batch = count + len(batch), []
            target.executemany(insert, batch)
            copied[name] = count + len(batch)
        target.execute("COMMIT")
    except BaseException:
        if target.in_transaction:
            target.execute("ROLLBACK")
        raise
    finally:
        target.close()
    return copied
