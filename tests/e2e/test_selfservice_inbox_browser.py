"""In a real browser: a worker asks for a missing punch on My page, their supervisor approves it from the approvals
inbox on a tablet, and the worker sees the outcome. Screenshots at phone, tablet and desktop sizes when
FLOORHR_SHOTS names a folder."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

PIN = "2580"
SIZES = {"phone": (390, 844), "tablet": (820, 1180), "desktop": (1440, 900)}


def _shots(page, name: str) -> None:
    folder = os.environ.get("FLOORHR_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{folder}/{name}-{size}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def _stamping_worker(server) -> tuple[str, str]:
    """(employee code, id) of a worker whose supervisor is the demo's supervisor account."""
    with sqlite3.connect(server.data_dir / "floorhr.sqlite3") as db:
        row = db.execute(
            "SELECT e.employee_code, e.id FROM employee e JOIN floorhr_user u ON u.employee = e.supervisor"
            " WHERE u.username = 'zhuguan' ORDER BY e.employee_code LIMIT 1"
        ).fetchone()
    return row[0], str(row[1])


def test_a_supervisor_approves_a_workers_correction_from_the_inbox(browser, page, live_server):
    code, employee_id = _stamping_worker(live_server)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/people/{employee_id}")
    page.fill("#credentials input[name=pin]", PIN)
    page.click("#credentials form[action$='/pin'] button")
    expect(page.locator("#credentials")).to_contain_text("重置 PIN")
    payload = live_server.floorhr("badge", code).stdout.strip().splitlines()[-1]

    kiosk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800}).new_page()
    sign_in(kiosk, live_server)
    kiosk.goto(f"{live_server.url}/kiosks")
    kiosk.fill("#kiosk-name", "车间门口")
    kiosk.click("#kiosk-form button[type=submit]")

    def open_my_page() -> None:
        kiosk.goto(f"{live_server.url}/me/start")
        kiosk.fill("#me-text", payload)
        kiosk.fill("#me-pin", PIN)
        kiosk.click(".me-start button[type=submit]")
        expect(kiosk.locator(".me-head")).to_contain_text(code)

    open_my_page()
    day = date.today() - timedelta(days=2)  # the server runs on the real clock
    form = kiosk.locator("form[action='/me/corrections']")
    form.locator("input[name=day]").fill(day.isoformat())
    form.locator("input[name=time]").fill("17:35")
    form.locator("select[name=direction]").select_option("out")
    form.locator("input[name=reason]").fill("下班忘记打卡")
    form.locator("button[type=submit]").click()
    expect(kiosk.locator("#my-asks")).to_contain_text("待审批")
    kiosk.locator("#ask-overtime summary").click()
    _shots(kiosk, "my-page")

    tablet = browser.new_context(locale="zh-CN", viewport={"width": 820, "height": 1180}, has_touch=True).new_page()
    sign_in(tablet, live_server, "zhuguan", (live_server.data_dir / "zhuguan-password.txt").read_text().strip())
    tablet.goto(f"{live_server.url}/approvals")
    row = tablet.locator("#approval-items tr", has_text="下班忘记打卡")
    expect(row).to_contain_text("补卡")
    expect(row).to_contain_text("上级主管")
    expect(tablet.locator("#who-decides")).to_contain_text("计件争议")
    _shots(tablet, "inbox")
    row.locator("form[action$='/approve'] button").click()
    expect(tablet.locator("#approval-items")).to_contain_text("没有待您审批的事项")

    open_my_page()
    expect(kiosk.locator("#my-asks")).to_contain_text("已批准")
    kiosk.context.close()
    tablet.context.close()
