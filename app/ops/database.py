"""Consistent copies of the running database, its row counts and migration state, on SQLite and PostgreSQL.

SQLite: one read transaction is the moment; writers (WAL) go on beside it. When the database file itself holds
exactly that moment (every WAL frame the transaction sees already checkpointed into it, checked right after the
transaction began), the file is read in place for as long as the transaction lasts: a checkpoint never writes
past the oldest reader's frame, so the file cannot change under it. Otherwise (writers busy at that instant)
the online backup API copies the pages of the same transaction into a work file. PostgreSQL: a REPEATABLE READ transaction exports its snapshot;
the row counts are read in it and `pg_dump --snapshot` dumps that same moment (custom format).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from app.errors import Refused
from app.i18n import N_
from app.ops.archive import Part

MIGRATION_TABLE = "migration"
PG_TOOL_FAILED = N_("%(tool)s failed: %(reason)s")
PG_TOOL_MISSING = N_("%(tool)s is not installed: install postgresql-client (scripts/setup does).")


@dataclass(frozen=True)
class Snapshot:
    kind: str  # sqlite | postgresql
    part: Part  # database.sqlite3 (the live file in place, or a copy) or database.pgdump
    counts: dict[str, int]  # rows per table at the moment of the copy
    migrations: dict[str, list[str]]  # app -> migration ids applied


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_quoted = quoted


def sqlite_state(connection: sqlite3.Connection) -> tuple[dict[str, int], dict[str, list[str]]]:
    # Ordinary tables only: a full-text index (recruiting's candidate_search, FTS5) is a virtual table with shadow
    # tables of its own that its triggers keep; they are not the plant's rows, and its _config row is not "data".
    names = sorted(
        row[1]
        for row in connection.execute("PRAGMA main.table_list")
        if row[2] == "table" and not row[1].startswith("sqlite_")
    )
    counts = {name: connection.execute(f"SELECT count(*) FROM {_quoted(name)}").fetchone()[0] for name in names}
    migrations: dict[str, list[str]] = {}
    if MIGRATION_TABLE in counts:
        for app_name, name in connection.execute("SELECT app_name, name FROM migration ORDER BY id"):
            migrations.setdefault(app_name, []).append(name)
    return counts, migrations


_held: dict[tuple[int, int], int] = {}
_held_lock = threading.Lock()


def _held_descriptor(path: Path) -> int:
    """A descriptor on the database file that this process keeps open for good. Closing any descriptor of a file
    drops every POSIX lock the process holds on it, SQLite's own included (sqlite.org/howtocorrupt.html, 2.2), so
    the live file is never read through one that gets closed while SQLite may be using the file."""
    identity = os.stat(path)
    key = (identity.st_dev, identity.st_ino)
    with _held_lock:
        if key not in _held:
            _held[key] = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        return _held[key]


def _wal_folded(path: Path) -> bool:
    """Checkpoint (passive: never waits for a writer) and say whether the WAL is now entirely in the file.
    Called while our read transaction is open, a checkpoint stops at our frame; so "all of it" means the file
    holds exactly what our transaction sees, and stays so until it ends. Not in WAL mode: (0, -1, -1), and
    our read lock keeps every writer out of the file."""
    connection = sqlite3.connect(path, timeout=30)
    try:
        _busy, in_log, folded = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    finally:
        connection.close()
    return in_log == folded


def _sqlite_copy(source: sqlite3.Connection, target: Path) -> Part:
    copy = sqlite3.connect(target)
    try:
        copy.execute("PRAGMA journal_mode=OFF")  # a work file, sealed into the archive (which is fsynced)
        copy.execute("PRAGMA synchronous=OFF")
        source.backup(copy)  # pages=-1: every page in one step, inside the source's open read transaction
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        copy.close()
    return Part(target.name, target)


@contextlib.contextmanager
def sqlite_snapshot(url: str, into: Path) -> Iterator[Snapshot]:
    """Blocking (run it in a thread): the live database at url as one moment, valid until the with block ends;
    read the part inside the block. Its counts and migrations are that same moment's."""
    path = sqlite_path(url).resolve()
    _wal_folded(path)  # fold what is there now, so that usually the check below finds nothing left
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, isolation_level=None)
    try:
        source.execute("PRAGMA mmap_size=268435456")  # the backup API's reads, when it copies
        source.execute("BEGIN")
        counts, migrations = sqlite_state(source)  # the first read starts the transaction: the moment
        size = source.execute("PRAGMA page_count").fetchone()[0] * source.execute("PRAGMA page_size").fetchone()[0]
        fd = _held_descriptor(path)
        if _wal_folded(path) and os.fstat(fd).st_size >= size:
            part = Part("database.sqlite3", path, size=size, fd=fd)
        else:
            part = _sqlite_copy(source, into / "database.sqlite3")
        yield Snapshot("sqlite", part, counts, migrations)
    finally:
        source.close()  # ends the read transaction


def sqlite_state_of(path: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    connection = sqlite3.connect(path)
    try:
        return sqlite_state(connection)
    finally:
        connection.close()


async def pg_state(connection) -> tuple[dict[str, int], dict[str, list[str]]]:
    names = [
        row[0]
        for row in await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    counts = {name: await connection.fetchval(f"SELECT count(*) FROM {_quoted(name)}") for name in names}
    migrations: dict[str, list[str]] = {}
    if MIGRATION_TABLE in counts:
        for row in await connection.fetch("SELECT app_name, name FROM migration ORDER BY id"):
            migrations.setdefault(row["app_name"], []).append(row["name"])
    return counts, migrations


def pg_env(url: str) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the password travels in PGPASSWORD, not on the command line."""
    password = urlparse(url).password
    return {**os.environ, **({"PGPASSWORD": password} if password else {})}


def without_password(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1@", url)


async def run_tool(tool: str, *args: str, url: str) -> str:
    try:
        process = await asyncio.create_subprocess_exec(
            tool, *args, env=pg_env(url), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
    except FileNotFoundError as exc:
        raise Refused(PG_TOOL_MISSING, tool=tool) from exc
    out, err = await process.communicate()
    if process.returncode != 0:
        raise Refused(PG_TOOL_FAILED, tool=tool, reason=err.decode(errors="replace").strip()[-500:])
    return out.decode(errors="replace")


async def pg_snapshot(url: str, into: Path) -> Snapshot:
    """pg_dump -Fc of one exported snapshot, with that snapshot's row counts."""
    import asyncpg

    target = into / "database.pgdump"
    connection = await asyncpg.connect(url)
    try:
        async with connection.transaction(isolation="repeatable_read", readonly=True):
            snapshot = await connection.fetchval("SELECT pg_export_snapshot()")
            counts, migrations = await pg_state(connection)
            await run_tool(
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                "--dbname",
                without_password(url),
                url=url,
            )
    finally:
        await connection.close()
    return Snapshot("postgresql", Part(target.name, target), counts, migrations)


async def state_of(url: str) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Row counts and migrations of the database at url (a missing SQLite file: nothing)."""
    if url.startswith("sqlite:///"):
        path = sqlite_path(url)
        return sqlite_state_of(path) if path.exists() else ({}, {})
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        return await pg_state(connection)
    finally:
        await connection.close()


async def applied_count(url: str) -> int:
    """How many migrations the database at url has run (its rows are not counted)."""
    if url.startswith("sqlite:///"):
        path = sqlite_path(url)
        if not path.exists():
            return 0
        with contextlib.closing(sqlite3.connect(path)) as connection:
            if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (MIGRATION_TABLE,)).fetchone():
                return 0
            return connection.execute(f"SELECT count(*) FROM {MIGRATION_TABLE}").fetchone()[0]
    return sum(map(len, (await state_of(url))[1].values()))


async def holds_data(url: str) -> bool:
    """has_data of the database at url, without counting every row of a large plant: one row is enough."""
    if not url.startswith("sqlite:///"):
        return has_data((await state_of(url))[0])
    path = sqlite_path(url)
    if not path.exists():
        return False
    with contextlib.closing(sqlite3.connect(path)) as connection:
        names = [
            row[1]
            for row in connection.execute("PRAGMA main.table_list")
            if row[2] == "table" and not row[1].startswith("sqlite_")
        ]
        return has_data(
            {name: connection.execute(f"SELECT EXISTS (SELECT 1 FROM {_quoted(name)})").fetchone()[0] for name in names}
        )


def has_data(counts: dict[str, int]) -> bool:
    """Any row outside Piccolo's own migration table and the record of backups."""
    return any(count for name, count in counts.items() if name not in (MIGRATION_TABLE, "backup_run"))
