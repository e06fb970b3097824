"""Consistent copies of the running database, its row counts and migration state, on SQLite and PostgreSQL.

SQLite: the online backup API copies every page in one step under one read transaction, so writers (WAL)
go on and the copy is one moment's state. PostgreSQL: a REPEATABLE READ transaction exports its snapshot;
the row counts are read in it and `pg_dump --snapshot` dumps that same moment (custom format).
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from app.errors import Refused
from app.i18n import N_

MIGRATION_TABLE = "migration"
PG_TOOL_FAILED = N_("%(tool)s failed: %(reason)s")
PG_TOOL_MISSING = N_("%(tool)s is not installed: install postgresql-client (scripts/setup does).")


@dataclass(frozen=True)
class Snapshot:
    kind: str  # sqlite | postgresql
    path: Path  # the copy: a SQLite file or a pg_dump custom-format file
    counts: dict[str, int]  # rows per table at the moment of the copy
    migrations: dict[str, list[str]]  # app -> migration ids applied


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_state(connection: sqlite3.Connection) -> tuple[dict[str, int], dict[str, list[str]]]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    counts = {name: connection.execute(f"SELECT count(*) FROM {_quoted(name)}").fetchone()[0] for name in names}
    migrations: dict[str, list[str]] = {}
    if MIGRATION_TABLE in counts:
        for app_name, name in connection.execute("SELECT app_name, name FROM migration ORDER BY id"):
            migrations.setdefault(app_name, []).append(name)
    return counts, migrations


def sqlite_snapshot(url: str, into: Path) -> Snapshot:
    """Blocking (run it in a thread): copy the live database at url to into/database.sqlite3."""
    target = into / "database.sqlite3"
    source = sqlite3.connect(f"file:{sqlite_path(url)}?mode=ro", uri=True, timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # pages=-1: all pages in one step, one consistent moment
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        counts, migrations = sqlite_state(copy)
    finally:
        copy.close()
        source.close()
    return Snapshot("sqlite", target, counts, migrations)


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
    return Snapshot("postgresql", target, counts, migrations)


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


def has_data(counts: dict[str, int]) -> bool:
    """Any row outside Piccolo's own migration table and the record of backups."""
    return any(count for name, count in counts.items() if name not in (MIGRATION_TABLE, "backup_run"))
