"""A PostgreSQL backup of an older floorhr restores straight into SQLite: the file gets the archive's own schema,
its rows, then today's migrations, with no PostgreSQL hop. The older plant is the last release's demo plant
(tests/ops/fixtures, as in test_upgrade) put into a PostgreSQL database built by that release's migrations."""

from __future__ import annotations

import json
import re
import secrets
import sqlite3

import pytest

from app.db.engine import migrate, use_database
from app.ops import backup as ops
from app.ops.database import quoted, sqlite_state_of
from app.ops.migrations import known_migrations, migrate_to
from app.ops.restore import restore
from app.ops.rules import replay_targets
from app.settings import Settings
from tests.ops.test_upgrade import PASSPHRASE, _old_database

pytestmark = [pytest.mark.slow, pytest.mark.postgresql_only]


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(name for (name,) in rows if name != "migration")


async def _fill_postgres(old_file, url: str) -> None:
    """The old plant's rows into the PostgreSQL database at url, which has that plant's schema."""
    import asyncpg
    import piccolo.engine.sqlite  # noqa: F401 - the converters that read Piccolo's SQLite values back

    source = sqlite3.connect(old_file, detect_types=sqlite3.PARSE_DECLTYPES)
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("SET session_replication_role = replica")  # references checked by the old plant
        for name in _tables(source):
            columns = [(row[1], row[2]) for row in source.execute(f"PRAGMA table_info({quoted(name)})")]
            rows = source.execute(f"SELECT {', '.join(quoted(column) for column, _ in columns)} FROM {quoted(name)}")
            records = [
                tuple(
                    json.dumps(value) if kind == "JSON" and value is not None and not isinstance(value, str) else value
                    for (_, kind), value in zip(columns, row)
                )
                for row in rows
            ]
            await connection.execute(f"DELETE FROM {quoted(name)}")  # what the old migrations seeded
            if records:
                await connection.copy_records_to_table(name, records=records, columns=[c for c, _ in columns])
    finally:
        await connection.close()
        source.close()


def _all_rows(path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as connection:
        return {
            name: sorted(map(repr, connection.execute(f"SELECT * FROM {quoted(name)}").fetchall()))
            for name in _tables(connection)
        }


async def test_an_older_postgresql_archive_restores_into_sqlite_without_a_postgresql_hop(settings: Settings, tmp_path):
    import asyncpg

    old_file = _old_database(tmp_path / "old")
    old_counts, old_migrations = sqlite_state_of(old_file)
    targets = replay_targets(old_migrations, known_migrations())
    assert targets is not None and "ops" not in targets  # the release before backups existed
    pending = sum(map(len, known_migrations().values())) - sum(map(len, old_migrations.values()))
    assert pending >= 1

    name = f"floorhr_old_{secrets.token_hex(3)}"
    admin = await asyncpg.connect(settings.database_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        pg_url = re.sub(r"/[^/]+$", f"/{name}", settings.database_url)
        use_database(pg_url)
        await migrate_to(targets)  # the old release's schema, built by its own migrations
        await _fill_postgres(old_file, pg_url)
        pg = Settings.from_env({"FLOORHR_DATABASE_URL": pg_url, "FLOORHR_DATA_DIR": str(tmp_path / "pg")})
        taken = await ops.take_backup(pg, ops.BackupConfig.from_env(pg, {}), PASSPHRASE)
    finally:
        use_database(settings.database_url)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    assert taken.counts["employee"] == 60 and taken.counts["scan"] == 72

    new_file = tmp_path / "office-pc" / "floorhr.sqlite3"
    sqlite_settings = Settings.from_env(
        {"FLOORHR_DATABASE_URL": f"sqlite:///{new_file}", "FLOORHR_DATA_DIR": str(new_file.parent)}
    )
    try:
        done = await restore(taken.path, PASSPHRASE, sqlite_settings)
    finally:
        use_database(settings.database_url)
    assert (done.source_kind, done.target_kind) == ("postgresql", "sqlite")
    assert done.migrations_applied == pending  # the archive's own schema first, then today's migrations over its rows
    counts, applied = sqlite_state_of(new_file)
    assert {app: set(ids) for app, ids in applied.items()} == known_migrations()
    assert {table: counts[table] for table in old_counts if table != "migration"} == {
        table: count for table, count in old_counts.items() if table != "migration"
    }

    use_database(f"sqlite:///{old_file}")  # the same old plant upgraded in place, the way test_upgrade checks it
    try:
        await migrate()
    finally:
        use_database(settings.database_url)
    assert _all_rows(new_file) == _all_rows(old_file)  # every row of every table, value for value
