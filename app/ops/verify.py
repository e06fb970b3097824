"""The restore drill: `floorhr backup --verify ARCHIVE` restores into a throwaway database and counts rows."""

from __future__ import annotations

import asyncio
import secrets
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from app.errors import Refused
from app.i18n import N_
from app.ops import database as db
from app.ops.archive import read_archive
from app.settings import Settings

PG_NEEDS_SERVER = N_("Verifying a PostgreSQL backup needs a PostgreSQL server: set FLOORHR_DATABASE_URL to one.")
NOT_INTACT = N_("The database in this backup fails SQLite's integrity check: %(reason)s")


@dataclass(frozen=True)
class Verified:
    kind: str
    created_at: str
    expected: dict[str, int]  # the manifest's row counts
    found: dict[str, int]  # counted in the throwaway restore

    @property
    def differences(self) -> list[str]:
        names = sorted(set(self.expected) | set(self.found))
        return [
            f"{name}: {self.expected.get(name)} in the manifest, {self.found.get(name)} restored"
            for name in names
            if self.expected.get(name) != self.found.get(name)
        ]

    @property
    def ok(self) -> bool:
        return not self.differences


def _sqlite_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise Refused(NOT_INTACT, reason=result)
        return db.sqlite_state(connection)[0]
    finally:
        connection.close()


async def _pg_counts(dump: Path, url: str) -> dict[str, int]:
    """pg_restore into a throwaway database on the configured server, count, drop it."""
    import asyncpg

    name = f"floorhr_verify_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        throwaway = urlunparse(urlparse(url)._replace(path=f"/{name}"))
        try:
            await db.run_tool(
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--dbname",
                db.without_password(throwaway),
                str(dump),
                url=throwaway,
            )
            return (await db.state_of(throwaway))[0]
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def verify(archive: Path, passphrase: str, settings: Settings) -> Verified:
    with tempfile.TemporaryDirectory(prefix="floorhr-verify-") as folder:
        work = Path(folder)
        manifest = await asyncio.to_thread(read_archive, archive, passphrase, work)
        if manifest["database"] == "sqlite":
            found = await asyncio.to_thread(_sqlite_counts, work / "database.sqlite3")
        elif settings.database_kind != "postgresql":
            raise Refused(PG_NEEDS_SERVER)
        else:
            found = await _pg_counts(work / "database.pgdump", settings.database_url)
    return Verified(manifest["database"], manifest.get("created_at", ""), manifest.get("counts", {}), found)
