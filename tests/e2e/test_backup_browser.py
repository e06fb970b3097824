"""In a real browser: HR sets the nightly backup schedule on the Plant's backup page; bad input is refused in
Chinese with nothing saved, good input is saved and still there on the next visit."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

PASSWORD = "Backup-hr-passw0rd"


def _schedule(page):
    return page.locator("#backup-schedule")


def _save(page) -> None:
    _schedule(page).get_by_role("button", name="保存备份计划").click()


def _fields_are_empty(page) -> None:
    for label in ("每晚备份时间", "保留的每日备份份数", "保留的每月备份份数", "服务器上的备份文件夹"):
        expect(_schedule(page).get_by_label(label)).to_have_value("")


def test_hr_sets_the_backup_schedule_and_bad_input_saves_nothing(page, live_server):
    added = live_server.floorhr("users", "add", "backup-hr", "--roles", "hr", "--password", PASSWORD)
    assert added.returncode == 0, added.stderr
    sign_in(page, live_server, "backup-hr", PASSWORD)
    page.goto(f"{live_server.url}/plant")
    page.wait_for_load_state("networkidle")  # the backup card has loaded its status in place
    page.locator("#backup-status").get_by_role("link", name="备份计划").click()  # from the Plant page's card
    expect(page.locator("h1")).to_have_text("备份")
    expect(page.get_by_role("heading", name="备份计划")).to_be_visible()
    _fields_are_empty(page)  # nothing set on the page yet: the server's settings, shown as placeholders
    expect(_schedule(page).get_by_label("每晚备份时间")).to_have_attribute("placeholder", "02:30")

    form = _schedule(page)
    form.get_by_label("每晚备份时间").fill("25:00")  # no such hour
    form.get_by_label("保留的每日备份份数").fill("3")
    _save(page)
    expect(page.locator("#backup-schedule [role=alert]")).to_have_text("请修改下方标出的内容，本次未保存任何数据。")
    expect(page.locator("#at-error")).to_have_text("请输入时间，例如 02:30，或留空。")
    expect(_schedule(page).get_by_label("每晚备份时间")).to_have_value("25:00")  # what HR typed, to correct

    _schedule(page).get_by_label("每晚备份时间").fill("01:05")
    _schedule(page).get_by_label("保留的每日备份份数").fill("0")  # at least one daily copy is kept
    _save(page)
    expect(page.locator("#keep_daily-error")).to_have_text("请输入 1 到 366 之间的整数。")

    _schedule(page).get_by_label("保留的每日备份份数").fill("5")
    _schedule(page).get_by_label("服务器上的备份文件夹").fill("backups")  # not a full path
    _save(page)
    expect(page.locator("#folder-error")).to_contain_text("完整文件夹路径")

    page.goto(f"{live_server.url}/plant/backup")
    _fields_are_empty(page)  # three refusals, nothing of them stored

    folder = str(live_server.data_dir / "nightly-backups")
    form = _schedule(page)
    form.get_by_label("每晚备份时间").fill("1:05")
    form.get_by_label("保留的每日备份份数").fill("5")
    form.get_by_label("保留的每月备份份数").fill("24")
    form.get_by_label("服务器上的备份文件夹").fill(folder)
    _save(page)
    expect(page.get_by_role("status")).to_have_text("已保存。")

    page.goto(f"{live_server.url}/plant/backup")  # a fresh visit: what was stored, not what the browser kept
    form = _schedule(page)
    expect(form.get_by_label("每晚备份时间")).to_have_value("01:05")  # written the way the page shows times
    expect(form.get_by_label("保留的每日备份份数")).to_have_value("5")
    expect(form.get_by_label("保留的每月备份份数")).to_have_value("24")
    expect(form.get_by_label("服务器上的备份文件夹")).to_have_value(folder)
    expect(form.get_by_label("第二份备份复制到")).to_have_value("")  # left to the server

    form.get_by_label("保留的每月备份份数").fill("")  # emptied: back to the server's 12
    _save(page)
    expect(page.get_by_role("status")).to_have_text("已保存。")
    page.goto(f"{live_server.url}/plant/backup")
    expect(_schedule(page).get_by_label("保留的每月备份份数")).to_have_value("")
    expect(_schedule(page).get_by_label("每晚备份时间")).to_have_value("01:05")
