"""The Plant page's backups: HR sees the last backup's age, size and folder (red after 36 h); admins back up now."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.ops.tables import BackupRun
from app.timeutil import utcnow
from tests.cast import csrf_token, htmx_target, make_user, post_form, sign_in

PASSPHRASE = "an unguessable plant"


@pytest.fixture
def backups(tmp_path, app):
    """The backup settings a plant gives in FLOORHR_BACKUP_* (read by Settings), on the app under test."""
    folder = tmp_path / "backups"
    _backup_env(
        app, FLOORHR_BACKUP_DIR=str(folder), FLOORHR_BACKUP_COPY_TO=str(tmp_path / "usb"), FLOORHR_BACKUP_NIGHTLY="off"
    )
    return folder


def _backup_env(app, **values: str) -> None:
    settings = app.state.settings
    app.state.settings = replace(settings, backup_env={**settings.backup_env, **values})


async def _ran(hours_ago: float, size: int = 12_345_678, ok: bool = True, message: str = "") -> None:
    moment = utcnow() - timedelta(hours=hours_ago)
    await BackupRun.insert(
        BackupRun(
            taken_at=moment,
            finished_at=moment,
            trigger="nightly",
            ok=ok,
            size=size,
            path="/srv/backups/floorhr-x.fhrbak",
            copied_to="/mnt/usb/floorhr-x.fhrbak",
            message=message,
        )
    ).run()


async def test_the_plant_page_loads_the_backup_status_which_shows_age_size_and_where_it_went(client, cast, backups):
    await _ran(hours_ago=5)
    await sign_in(client, "hr")
    plant = (await client.get("/plant")).text
    assert 'hx-get="/plant/backup"' in plant and 'href="/plant/backup"' in plant
    fragment = await client.get("/plant/backup", headers=htmx_target("backup-status"))
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "上次备份：5小时前" in fragment.text and "12.3 MB" in fragment.text
    assert "/srv/backups/floorhr-x.fhrbak" in fragment.text and "/mnt/usb/floorhr-x.fhrbak" in fragment.text
    assert "已超过 36 小时" not in fragment.text and "stale" not in fragment.text
    assert "尚未设置备份密码" in fragment.text  # so nightly backups are off, and HR is told


async def test_a_backup_older_than_36_hours_is_shown_in_red_and_a_failed_attempt_says_why(client, cast, backups):
    await _ran(hours_ago=37)
    await _ran(hours_ago=1, ok=False, message="No space left on device")
    await sign_in(client, "hr")
    page = (await client.get("/plant/backup")).text
    assert "<html" in page and "backup-status card stacked backup-status stale" not in page
    assert "stale" in page and "已超过 36 小时" in page and "No space left on device" in page


async def test_an_admin_backs_up_now_and_sees_the_new_backup(app, client, cast, backups):
    _backup_env(app, FLOORHR_BACKUP_PASSPHRASE=PASSPHRASE)
    await sign_in(client, "hr")  # the cast's HR user is an administrator too
    answer = await post_form(client, "/plant/backup", {}, headers=htmx_target("backup-status"))
    assert answer.status_code == 200 and "<html" not in answer.text and "备份已写入" in answer.text
    archives = list(backups.glob("floorhr-*.fhrbak"))
    assert len(archives) == 1 and (backups.parent / "usb" / archives[0].name).exists()
    assert str(archives[0]) in answer.text and "小时前" not in answer.text
    run = await BackupRun.select().first().run()
    assert (run["ok"], run["trigger"], run["size"]) == (True, "manual", archives[0].stat().st_size)
    plain = await client.post("/plant/backup", data={"_csrf_token": csrf_token(client)}, follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"] == "/plant/backup?done=1"


async def test_without_a_passphrase_back_up_now_answers_422_in_chinese_and_writes_nothing(client, cast, backups):
    await sign_in(client, "hr")
    answer = await post_form(client, "/plant/backup", {}, headers=htmx_target("backup-status"))
    assert answer.status_code == 422 and "尚未设置备份密码：请先在服务器上运行" in answer.text
    assert not list(backups.glob("*.fhrbak"))
    assert await BackupRun.count().run() == 0


async def test_hr_who_is_not_an_admin_sees_the_status_but_cannot_back_up(client, cast, backups):
    await make_user("renshi", "hr")
    await sign_in(client, "renshi")
    page = (await client.get("/plant/backup")).text
    assert "还没有任何备份" in page and "立即备份" not in page
    assert (await post_form(client, "/plant/backup", {})).status_code == 403
    await sign_in(client, "sup-a")
    assert (await client.get("/plant/backup")).status_code in (401, 403)


async def test_the_nightly_run_writes_a_backup_when_a_passphrase_is_set_and_nothing_without(app, cast, backups):
    from app.ops.schedule import _overdue, _run

    assert await _overdue()  # never backed up: the server catches up after it starts
    await _run(app.state.settings, "nightly")
    assert not list(backups.glob("*.fhrbak")) and await BackupRun.count().run() == 0
    _backup_env(app, FLOORHR_BACKUP_PASSPHRASE=PASSPHRASE)
    await _run(app.state.settings, "nightly")
    assert len(list(backups.glob("floorhr-*.fhrbak"))) == 1
    assert (await BackupRun.select(BackupRun.trigger).first().run())["trigger"] == "nightly"
    assert not await _overdue()


async def test_hr_sets_the_schedule_on_the_page_and_it_wins_over_the_servers_settings(
    app, client, cast, backups, tmp_path
):
    from datetime import time

    from app.ops.plan import current_config
    from app.ops.schedule import _run
    from app.people.plant_settings import read

    _backup_env(app, FLOORHR_BACKUP_AT="03:15", FLOORHR_BACKUP_KEEP_DAILY="9", FLOORHR_BACKUP_PASSPHRASE=PASSPHRASE)
    settings = app.state.settings
    before = await current_config(settings)
    assert (before.at, before.keep_daily, before.keep_monthly, before.folder) == (time(3, 15), 9, 12, backups)
    await sign_in(client, "hr")
    page = (await client.get("/plant/backup")).text
    assert "备份计划" in page and 'placeholder="03:15"' in page and 'placeholder="9"' in page

    bad = await post_form(client, "/plant/backup/schedule", {"at": "25:00", "keep_daily": "3"})
    assert bad.status_code == 422 and "02:30" in bad.text and await read("backup_keep_daily") is None  # nothing saved
    bad = await post_form(client, "/plant/backup/schedule", {"folder": "backups"})
    assert bad.status_code == 422 and await read("backup_dir") is None
    nas = tmp_path / "nas"
    saved = await post_form(
        client, "/plant/backup/schedule", {"at": "1:05", "keep_daily": "3", "keep_monthly": "", "folder": str(nas)}
    )
    assert saved.status_code in (200, 303)
    now = await current_config(settings)
    assert (now.at, now.keep_daily, now.keep_monthly, now.folder) == (time(1, 5), 3, 12, nas)  # monthly: the server's
    assert now.copy_to == tmp_path / "usb"  # left empty on the page: the server's second folder
    page = (await client.get("/plant/backup?saved=1")).text
    assert 'value="01:05"' in page and str(nas) in page

    await _run(settings, "nightly")  # the nightly run writes where the page says
    assert len(list(nas.glob("floorhr-*.fhrbak"))) == 1 and not list(backups.glob("floorhr-*.fhrbak"))
    await sign_in(client, "sup-a")
    assert (await post_form(client, "/plant/backup/schedule", {"keep_daily": "1"})).status_code in (401, 403)
