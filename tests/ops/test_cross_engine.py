"""A plant moves between engines with `floorhr backup` and `floorhr restore` run as real processes:
PostgreSQL -> SQLite, and that SQLite file back -> a new PostgreSQL database, each with every table's rows,
the scans and a payroll month unchanged. Needs the PostgreSQL test database (FLOORHR_TEST_POSTGRES_URL)."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest

from app.attendance.tables import Scan
from app.db.engine import use_database
from app.demo import load_demo
from app.ops import database as db
from app.payroll.tables import PayLine
from app.settings import Settings
from tests.ops.test_processes import _env, _floorhr

pytestmark = [pytest.mark.slow, pytest.mark.postgresql_only]


async def _backup(env: dict[str, str], folder: Path) -> Path:
    printed = await _floorhr(env, "backup", "--to", str(folder))
    return Path(re.search(r"backup written: (\S+)", printed).group(1))


async def _rows() -> tuple[list, list]:
    return (
        await PayLine.select().order_by(PayLine.id).run(),
        await Scan.select().order_by(Scan.id).run(),
    )


async def test_a_plant_moves_from_postgresql_to_sqlite_and_back_with_every_row(settings: Settings, tmp_path):
    import asyncpg

    await load_demo(settings.data_dir, settings.zone, with_history=True)
    pay, scans = await _rows()
    counts = (await db.state_of(settings.database_url))[0]
    assert len(pay) > 10 and len(scans) > 100

    archive = await _backup(_env(settings), tmp_path / "pg-backups")
    sqlite_url = f"sqlite:///{tmp_path / 'office-pc' / 'floorhr.sqlite3'}"
    sqlite_env = {**_env(settings), "FLOORHR_DATABASE_URL": sqlite_url, "FLOORHR_DATA_DIR": str(tmp_path / "office-pc")}
    printed = await _floorhr(sqlite_env, "restore", str(archive))
    assert "a postgresql backup" in printed
    moved = (await db.state_of(sqlite_url))[0]
    assert {name: moved[name] for name in counts if name != "migration"} == {
        name: count for name, count in counts.items() if name != "migration"
    }
    use_database(sqlite_url)
    assert await _rows() == (pay, scans)

    name = f"floorhr_moved_{secrets.token_hex(3)}"
    admin = await asyncpg.connect(settings.database_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        back = await _backup(sqlite_env, tmp_path / "sqlite-backups")
        pg_url = re.sub(r"/[^/]+$", f"/{name}", settings.database_url)
        pg_env = {**_env(settings), "FLOORHR_DATABASE_URL": pg_url, "FLOORHR_DATA_DIR": str(tmp_path / "pg-again")}
        assert "a sqlite backup" in await _floorhr(pg_env, "restore", str(back))
        use_database(pg_url)
        assert await _rows() == (pay, scans)
    finally:
        use_database(settings.database_url)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
