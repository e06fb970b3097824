"""Moving a plant from PostgreSQL to SQLite: the rows of a pg_dump archive into a migrated SQLite file.

No PostgreSQL server is needed: `pg_restore --data-only --file -` turns the custom-format dump into its COPY
blocks, read here as a stream. The rows are engine-neutral; only their spelling differs. PostgreSQL's text
form (t/f, `2026-11-25 02:00:00+00`, `\\x` hex bytes, COPY's backslash escapes, `\\N` for NULL) is read back into
Python values by each column's declared type in the SQLite file, and the sqlite3 adapters Piccolo registers store
them as Piccolo on SQLite does (UTC datetimes as text, booleans as 0/1). The SQLite file is first migrated to the
dump's own schema (the archive's migrations, which may be older than today's), so the columns line up one for
one; restore then runs the remaining migrations over the rows. This is per-row Python work (a move, done once):
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

from app.errors import Refused
from app.i18n import N_
from app.ops.database import MIGRATION_TABLE, PG_TOOL_FAILED, PG_TOOL_MISSING
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


_READERS: dict[str, Callable[[str], object]] = {
    "BOOLEAN": lambda text: text == "t",
    "TIMESTAMPTZ": datetime.fromisoformat,
    "TIMESTAMP": datetime.fromisoformat,
    "DATE": date.fromisoformat,
    "TIME": time.fromisoformat,
    "INTEGER": _whole,
    "BIGINT": _whole,
    "SMALLINT": _whole,
    "FLOAT": float,
    "REAL": float,
    "DOUBLE PRECISION": float,
    "NUMERIC": Decimal,
    "BLOB": lambda text: bytes.fromhex(text[2:]),
    "BYTEA": lambda text: bytes.fromhex(text[2:]),
}


def _reader(declared: str) -> Callable[[str], object]:
    """PostgreSQL's text for one value of a column the SQLite file declares as declared (Piccolo's names:
    TIMESTAMPTZ, BOOLEAN, VARCHAR(20)...) -> the Python value Piccolo's SQLite adapters store; text otherwise
    (VARCHAR, TEXT, UUID, JSON). By the file's own declaration, not today's table classes: the file may be at an
    older archive's schema."""
    return _READERS.get(declared.split("(")[0].strip().upper(), str)


def _sqlite_columns(target: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """table -> column -> declared type, in the SQLite file (Piccolo's own migration table left out)."""
    names = [
        row[0]
        for row in target.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        if row[0] != MIGRATION_TABLE
    ]
    return {name: {row[1]: row[2] for row in target.execute(f"PRAGMA table_info({_quoted(name)})")} for name in names}


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
    """Blocking: every floorhr table's rows from the pg_dump file into the empty SQLite file migrated to the
    dump's own schema (app.ops.migrations.migrate_to)."""
    import piccolo.engine.sqlite  # noqa: F401 - registers the adapters that store values as Piccolo does

    target = sqlite3.connect(sqlite_file, isolation_level=None)
    copied: dict[str, int] = {}
    try:
        tables = _sqlite_columns(target)
        target.execute("PRAGMA foreign_keys=OFF")  # the dump's order is by name, not by reference
        target.execute("BEGIN")
        for name, columns, lines in _copy_blocks(dump):
            table = tables.get(name)
            if table is None:  # Piccolo's migration table (the SQLite file has its own) and anything not floorhr's
                for _ in lines:
                    pass
                continue
            unknown = [column for column in columns if column not in table]
            if unknown:
                raise Refused(UNKNOWN_COLUMN, column=f"{name}.{unknown[0]}")
            readers = [_reader(table[column]) for column in columns]
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
