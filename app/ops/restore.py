"""Restoring an archive: into an empty database (or --replace), migrated forward, files and secret key back.

SQLite → SQLite puts the archived file in place; PostgreSQL → PostgreSQL runs pg_restore into a clean
schema; SQLite → PostgreSQL (a plant moving up) copies rows table by table (copyrows); PostgreSQL → SQLite
reads the dump's rows into a new file migrated to the archive's own schema (pgrows), however old. Either way the
result is migrated to today's schema and counted. Stop the server while restoring.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.db.engine import migrate, prepare_sqlite, use_database
from app.errors import Refused
from app.i18n import N_
from app.ops import database as db
from app.ops.archive import read_archive
from app.ops.copyrows import copy_sqlite_to_postgres
from app.ops.migrations import known_migrations, migrate_to
from app.ops.pgrows import copy_pgdump_to_sqlite
from app.ops.rules import replay_targets, unknown_migrations
from app.settings import Settings

NOT_EMPTY = N_("The database already holds data: restore into an empty database, or pass --replace to overwrite it.")
FROM_NEWER = N_("This backup comes from a newer floorhr (migrations %(names)s): upgrade floorhr, then restore.")
PG_TO_SQLITE = N_(
    "This PostgreSQL backup's migrations cannot be replayed in order on SQLite (one was added after later ones ran): "
    "restore it into PostgreSQL (which migrates it forward) and back up again before moving to SQLite."
)


@dataclass(frozen=True)
class Restored:
    source_kind: str
    target_kind: str
    created_at: str
    version: str
    counts: dict[str, int]  # rows per table after the restore
    migrations_applied: int  # migrations that ran after the restore (the archive was older)
    files: int


def _check_migrations(manifest: dict) -> None:
    newer = unknown_migrations(manifest.get("migrations", {}), known_migrations())
    if newer:
        raise Refused(FROM_NEWER, names=", ".join(newer[:5]))


async def _migrate(url: str, ran: dict[str, list[str]] | None = None) -> int:
    """Migrate the database at url to today's schema; how many migrations ran. ran: the migrations the database
    is known to have run (the manifest's, for the archived file itself): when that is every known one, there is
    nothing to run and Piccolo is not asked."""
    engine = use_database(url)
    if ran is not None and not _pending(ran):
        await prepare_sqlite(engine)  # what migrate() does first: WAL (a backup-API copy was archived without)
        return 0
    before = await db.applied_count(url)
    with contextlib.redirect_stdout(io.StringIO()):  # Piccolo prints a banner per app
        await migrate()
    return await db.applied_count(url) - before


def _pending(ran: dict[str, list[str]]) -> bool:
    return any(set(names) - set(ran.get(app, [])) for app, names in known_migrations().items())


async def _reset_postgres(url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


async def _into_sqlite(work: Path, manifest: dict, url: str, targets: dict[str, str]) -> int:
    """A SQLite archive's file as it is; a PostgreSQL archive's rows into a new file of the archive's own schema
    (targets: rules.replay_targets). Either is then migrated forward to today's schema."""
    staged = work / "database.sqlite3"
    if manifest["database"] == "postgresql":
        use_database(f"sqlite:///{staged}")
        await migrate_to(targets)
        await asyncio.to_thread(copy_pgdump_to_sqlite, work / "database.pgdump", staged)
        applied = await _migrate(f"sqlite:///{staged}")
    else:  # the archived file byte for byte (its SHA-256 checked): it ran exactly the manifest's migrations
        applied = await _migrate(f"sqlite:///{staged}", manifest.get("migrations", {}))
    with contextlib.closing(sqlite3.connect(staged)) as staged_db:
        staged_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the one file that moves
    fsync_path(staged)  # on the disk before it replaces anything: a power cut after the restore loses nothing
    target = db.sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.move(str(staged), target)
    fsync_path(target.parent)  # the rename itself
    use_database(url)
    return applied


def fsync_path(path: Path) -> None:
    """A file's bytes, or a folder's entries, on the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


async def _into_postgres(work: Path, kind: str, url: str) -> int:
    await _reset_postgres(url)
    if kind == "postgresql":
        await db.run_tool(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--dbname",
            db.without_password(url),
            str(work / "database.pgdump"),
            url=url,
        )
        return await _migrate(url)
    applied = await _migrate(f"sqlite:///{work / 'database.sqlite3'}")
    await _migrate(url)
    await copy_sqlite_to_postgres(work / "database.sqlite3", url)
    use_database(url)
    return applied


def _restore_files(work: Path, settings: Settings) -> int:
    files = work / "files"
    restored = 0
    for path in sorted(files.rglob("*")) if files.exists() else []:
        if path.is_file():
            target = settings.data_dir / path.relative_to(files)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            restored += 1
    secret, target = work / "secret.key", settings.secret_file or settings.data_dir / "secret.key"
    if secret.exists():
        if target.exists() and target.read_bytes() != secret.read_bytes():
            shutil.copy2(target, target.with_name(target.name + ".before-restore"))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(secret, target)
        os.chmod(target, 0o600)
    return restored


async def restore(archive: Path, passphrase: str, settings: Settings, replace: bool = False) -> Restored:
    url = settings.database_url
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=settings.data_dir))  # same disk: the file moves, not copies
    try:
        manifest = await asyncio.to_thread(read_archive, archive, passphrase, work)
        _check_migrations(manifest)
        kind = manifest["database"]
        targets = replay_targets(manifest.get("migrations", {}), known_migrations())
        if kind == "postgresql" and settings.database_kind == "sqlite" and targets is None:
            raise Refused(PG_TO_SQLITE)
        if not replace and await db.holds_data(url):
            raise Refused(NOT_EMPTY)
        if settings.database_kind == "sqlite":
            applied = await _into_sqlite(work, manifest, url, targets or {})
        else:
            applied = await _into_postgres(work, kind, url)
        files = _restore_files(work, settings)
        if kind == settings.database_kind == "sqlite" and not applied:
            counts = manifest["counts"]  # counted in the very file now in place (same SHA-256), nothing migrated
        else:
            counts = (await db.state_of(url))[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Restored(
        kind,
        settings.database_kind,
        manifest.get("created_at", ""),
        manifest.get("version", ""),
        counts,
        applied,
        files,
    )
