"""Upgrades: a database the last release built (tests/ops/fixtures, made by scripts/make-upgrade-fixture b490fff)
migrates forward with nothing lost, and `floorhr migrate` backs it up first."""

from __future__ import annotations

import gzip
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.attendance.tables import Scan
from app.db.engine import migrate, use_database
from app.ops import backup as ops
from app.ops.database import sqlite_state_of
from app.ops.migrations import known_migrations
from app.ops.restore import restore
from app.people.tables import Employee
from app.settings import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "release-b490fff.sql.gz"
PASSPHRASE = "an unguessable plant"


def _old_database(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "floorhr.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.executescript(gzip.decompress(FIXTURE.read_bytes()).decode())
    return path


def _rows(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(f'SELECT * FROM "{table}" ORDER BY id').fetchall()


async def test_the_last_releases_database_migrates_forward_with_every_row_kept(tmp_path):
    path = _old_database(tmp_path / "var")
    counts, applied = sqlite_state_of(path)
    employees, users, scans = _rows(path, "employee"), _rows(path, "floorhr_user"), _rows(path, "scan")
    assert counts["employee"] == 60 and "ops" not in applied  # the release before backups existed
    assert counts["scan"] == 72  # punches that release's own scan service recorded
    use_database(f"sqlite:///{path}")
    await migrate()
    after, now_applied = sqlite_state_of(path)
    assert {app: set(ids) for app, ids in now_applied.items()} == known_migrations()
    assert {name: after[name] for name in counts if name != "migration"} == {
        name: count for name, count in counts.items() if name != "migration"
    }
    assert _rows(path, "employee") == employees and _rows(path, "floorhr_user") == users
    assert _rows(path, "scan") == scans  # every punch, byte for byte
    assert after["backup_run"] == 0


async def test_an_archive_of_the_last_release_restores_here_and_migrates_forward(settings, tmp_path):
    """Into this test's database: SQLite, or PostgreSQL where configured."""
    path = _old_database(tmp_path / "old")
    old = Settings.from_env({"FLOORHR_DATABASE_URL": f"sqlite:///{path}", "FLOORHR_DATA_DIR": str(path.parent)})
    use_database(old.database_url)
    taken = await ops.take_backup(old, ops.BackupConfig.from_env(old, {}), PASSPHRASE)
    use_database(settings.database_url)
    done = await restore(taken.path, PASSPHRASE, settings)
    assert done.migrations_applied >= 1 and done.counts["employee"] == 60
    names = sorted(row["name"] for row in await Employee.select(Employee.name).run())
    assert names == sorted(row[2] for row in _rows(path, "employee"))
    scans = await Scan.select(Scan.id, Scan.scanned_at, Scan.employee, Scan.direction).order_by(Scan.id).run()
    old_scans = _rows(path, "scan")
    assert len(scans) == len(old_scans) == 72
    assert [(str(s["id"]), s["scanned_at"].isoformat(sep=" "), s["employee"], s["direction"]) for s in scans] == [
        (row[0], row[3], row[7], row[11]) for row in old_scans
    ]


def _migrate_cli(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("FLOORHR_") or key == "FLOORHR_TEST_POSTGRES_URL"
    }
    environ.update({"FLOORHR_DATA_DIR": str(data_dir), "FLOORHR_LANG": "en", **env})
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate", *args], env=environ, capture_output=True, text=True, timeout=120
    )


@pytest.mark.real_clock
def test_floorhr_migrate_backs_up_a_database_with_data_before_upgrading_it(tmp_path):
    path = _old_database(tmp_path / "var")
    before = path.read_bytes()
    refused = _migrate_cli(tmp_path / "var")
    assert refused.returncode == 1 and "no backup passphrase is set" in refused.stderr
    assert path.read_bytes() == before  # nothing migrated

    done = _migrate_cli(tmp_path / "var", FLOORHR_BACKUP_PASSPHRASE=PASSPHRASE)
    assert done.returncode == 0, done.stderr
    archives = list((tmp_path / "var" / "backups").glob("floorhr-*.fhrbak"))
    assert len(archives) == 1 and f"backed up first to {archives[0]}" in done.stdout
    assert "migrated" in done.stdout and "ops" in sqlite_state_of(path)[1]
    again = _migrate_cli(tmp_path / "var", FLOORHR_BACKUP_PASSPHRASE=PASSPHRASE)
    assert again.returncode == 0 and "backed up first" not in again.stdout  # nothing pending: no second copy
