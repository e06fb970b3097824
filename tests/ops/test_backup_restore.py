"""Backing up and restoring in-process, on the test's database (SQLite, and PostgreSQL where configured)."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from app.attendance.tables import Scan
from app.db.engine import use_database
from app.errors import Refused
from app.ops import backup as ops
from app.ops import database as db
from app.ops.restore import restore
from app.ops.tables import BackupRun
from app.ops.verify import verify
from app.people.tables import Employee
from app.settings import Settings
from tests.cast import make_employee

PASSPHRASE = "an unguessable plant"


def _config(settings: Settings, tmp_path: Path, **environ: str) -> ops.BackupConfig:
    return ops.BackupConfig.from_env(settings, {"FLOORHR_BACKUP_DIR": str(tmp_path / "backups"), **environ})


async def _wipe() -> None:
    await Employee.delete(force=True).run()


async def test_a_backup_brings_back_every_row_the_secret_key_and_the_uploaded_files(settings, cast, tmp_path):
    material = settings.data_dir / "materials" / "abc123"
    material.parent.mkdir(parents=True)
    material.write_bytes(b"%PDF-1.4 safety induction")
    config = _config(settings, tmp_path)
    taken = await ops.take_backup(settings, config, PASSPHRASE, "cli")
    assert taken.path.parent == config.folder and taken.size > 0
    assert taken.counts["employee"] == await Employee.count().run() > 0
    assert not (PASSPHRASE.encode() in taken.path.read_bytes() or b"employee" in taken.path.read_bytes())

    employees = await Employee.select().order_by(Employee.id).run()
    secret = settings.secret_file.read_bytes()
    await _wipe()
    material.unlink()
    settings.secret_file.write_text("x" * 64)
    refused = None
    try:
        await restore(taken.path, PASSPHRASE, settings)
    except Refused as exc:
        refused = exc
    assert refused is not None and "already holds data" in refused.message  # the cast's users are still there
    done = await restore(taken.path, PASSPHRASE, settings, replace=True)
    use_database(settings.database_url)
    assert await Employee.select().order_by(Employee.id).run() == employees
    assert material.read_bytes() == b"%PDF-1.4 safety induction" and settings.secret_file.read_bytes() == secret
    assert done.counts["employee"] == len(employees) and done.files == 1 and done.migrations_applied == 0


async def test_the_backup_is_recorded_with_its_size_and_the_second_copy(settings, cast, tmp_path):
    config = _config(settings, tmp_path, FLOORHR_BACKUP_COPY_TO=str(tmp_path / "usb"))
    taken = await ops.take_backup(settings, config, PASSPHRASE, "manual")
    assert (tmp_path / "usb" / taken.path.name).read_bytes() == taken.path.read_bytes()
    run = (await BackupRun.select().run())[0]
    assert (run["ok"], run["trigger"], run["size"], run["path"], run["copied_to"]) == (
        True,
        "manual",
        taken.size,
        str(taken.path),
        str(tmp_path / "usb" / taken.path.name),
    )


async def test_without_a_passphrase_nothing_is_written(settings, cast, tmp_path):
    config = _config(settings, tmp_path)
    with pytest.raises(Refused) as refused:
        await ops.take_backup(settings, config, None)
    assert refused.value.message == ops.NO_PASSPHRASE and not config.folder.exists()


async def test_a_wrong_passphrase_and_a_damaged_archive_are_refused_and_change_nothing(settings, cast, tmp_path):
    taken = await ops.take_backup(settings, _config(settings, tmp_path), PASSPHRASE)
    before = await Employee.count().run()
    with pytest.raises(Refused) as wrong:
        await restore(taken.path, "not the passphrase", settings, replace=True)
    assert wrong.value.text == "此备份的密码不正确。"  # in the installation's language
    damaged = tmp_path / "damaged.fhrbak"
    data = bytearray(taken.path.read_bytes())
    data[len(data) // 2] ^= 0x40
    damaged.write_bytes(bytes(data))
    with pytest.raises(Refused) as broken:
        await restore(damaged, PASSPHRASE, settings, replace=True)
    assert broken.value.text.startswith("此备份已损坏（chunk ") and broken.value.text.endswith("无法恢复。")
    cut = tmp_path / "cut.fhrbak"
    cut.write_bytes(bytes(data[: len(data) // 3]))
    with pytest.raises(Refused) as short:
        await verify(cut, PASSPHRASE, settings)
    assert "cut short" in short.value.text and "已损坏" in short.value.text
    (tmp_path / "notes.fhrbak").write_text("hello")
    with pytest.raises(Refused) as other:
        await verify(tmp_path / "notes.fhrbak", PASSPHRASE, settings)
    assert other.value.text == "此文件不是 floorhr 备份。"
    use_database(settings.database_url)
    assert await Employee.count().run() == before


async def test_the_restore_drill_restores_into_a_throwaway_database_and_counts_every_table(settings, cast, tmp_path):
    taken = await ops.take_backup(settings, _config(settings, tmp_path), PASSPHRASE)
    checked = await verify(taken.path, PASSPHRASE, settings)
    use_database(settings.database_url)
    assert checked.ok and checked.found == taken.counts and checked.found["floorhr_user"] == 3
    assert checked.kind == settings.database_kind


async def test_an_archive_from_a_newer_floorhr_is_refused(settings, cast, tmp_path, monkeypatch):
    taken = await ops.take_backup(settings, _config(settings, tmp_path), PASSPHRASE)
    from app.ops.migrations import known_migrations

    older = {**known_migrations(), "people": set()}  # this floorhr lacks people's migrations
    monkeypatch.setattr("app.ops.restore.known_migrations", lambda: older)
    with pytest.raises(Refused) as newer:
        await restore(taken.path, PASSPHRASE, settings, replace=True)
    assert "更新版本的 floorhr" in newer.value.text and "people:2026-11-23T00:23:13:144850" in newer.value.text
    use_database(settings.database_url)
    assert await Employee.count().run() == 3  # the database was not touched


async def test_the_scans_of_a_sqlite_plant_and_its_pay_month_arrive_in_this_database(
    settings, sqlite_template, tmp_path
):
    """SQLite -> this test's database: PostgreSQL (a plant moving up) or SQLite (a new office PC)."""
    import shutil

    from app.demo import load_demo
    from app.payroll.tables import PayLine

    source_file = tmp_path / "old-pc" / "floorhr.sqlite3"
    source_file.parent.mkdir()
    shutil.copy(sqlite_template, source_file)
    source = Settings.from_env(
        {"FLOORHR_DATABASE_URL": f"sqlite:///{source_file}", "FLOORHR_DATA_DIR": str(tmp_path / "old-pc")}
    )
    use_database(source.database_url)
    await load_demo(source.data_dir, source.zone, with_history=True)
    pay = await PayLine.select().order_by(PayLine.id).run()
    scans = await Scan.select().order_by(Scan.id).run()
    taken = await ops.take_backup(source, _config(source, tmp_path), PASSPHRASE)

    use_database(settings.database_url)
    done = await restore(taken.path, PASSPHRASE, settings)
    assert {name: done.counts[name] for name in taken.counts} == taken.counts
    assert len(pay) > 10 and await PayLine.select().order_by(PayLine.id).run() == pay
    assert await Scan.select().order_by(Scan.id).run() == scans
    if settings.database_kind == "postgresql":  # the sequences go on after the copied ids
        employee = await make_employee("E9999", "新员工")
        assert employee > max(
            row["id"] for row in await Employee.select(Employee.id).where(Employee.id != employee).run()
        )
    assert sqlite3.connect(source_file).execute("SELECT count(*) FROM scan").fetchone()[0] == len(scans)


@pytest.mark.sqlite_only
async def test_a_copy_made_by_the_backup_api_comes_back_in_wal_mode_with_its_rows_counted(
    settings, cast, tmp_path, monkeypatch
):
    """Writers busy at the moment: the snapshot is the backup API's copy, archived in rollback-journal mode. Its
    restore runs no migration (it has them all), yet the file is put back in WAL for the kiosks' readers."""
    monkeypatch.setattr(db, "_wal_folded", lambda path: False)
    taken = await ops.take_backup(settings, _config(settings, tmp_path), PASSPHRASE, "cli")
    done = await restore(taken.path, PASSPHRASE, settings, replace=True)
    path = db.sqlite_path(settings.database_url)
    with contextlib.closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert done.migrations_applied == 0 and done.counts == db.sqlite_state_of(path)[0] == taken.counts
