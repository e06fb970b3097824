"""In a real browser: a worker opens My page at the kiosk, sees their leave, asks for a day of personal leave and finds
it waiting for approval; at phone width the section fits. FLOORHR_SHOTS=dir also saves screenshots there."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_leave_browser import _assembly_people, _badge

PIN = "2580"
SIZES = {"phone": (390, 844), "tablet": (820, 1180), "desktop": (1440, 900)}


def _next_working_day(today: date) -> date:
    import csv
    from pathlib import Path as P

    special = set()
    for path in P("static/calendars").glob("*.csv"):
        special |= {row["date"] for row in csv.DictReader(path.open(encoding="utf-8"))}
    day = today + timedelta(days=7)
    while day.weekday() >= 5 or day.isoformat() in special:
        day += timedelta(days=1)
    return day


def test_a_worker_asks_for_leave_on_my_page_and_it_waits_for_approval(browser, page, live_server):
    code = _assembly_people(live_server)[2]
    payload = _badge(live_server, code)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/people?q={code}")
    page.locator("#employee-table tbody a[href^='/people/']").first.click()
    page.fill("#credentials input[name=pin]", PIN)
    page.click("#credentials form[action$='/pin'] button")
    expect(page.locator("#credentials")).to_contain_text("重置 PIN")
    page.goto(f"{live_server.url}/kiosks")
    page.fill("#kiosk-name", "请假测试")
    page.click("#kiosk-form button[type=submit]")
    shots = os.environ.get("FLOORHR_SHOTS")
    day = _next_working_day(date.today())
    for name, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/me/start")
        page.fill("#me-text", payload)
        page.fill("#me-pin", PIN)
        page.click(".me-start button[type=submit]")
        section = page.locator("#leave")
        expect(section).to_contain_text("我的假期")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # fits
        if name == "phone":
            section.locator("select[name=type_code]").select_option("personal")
            section.locator("input[name=first]").fill(day.isoformat())
            section.locator("input[name=last]").fill(day.isoformat())
            section.locator("input[name=reason]").fill("孩子开家长会")
            section.locator("button[type=submit]").click()
            expect(page.locator("#my-leave-requests")).to_contain_text("事假")
            expect(page.locator("#my-leave-requests")).to_contain_text("待审批")
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.locator("#leave").scroll_into_view_if_needed()
            page.screenshot(path=f"{shots}/my-leave-{name}.png", full_page=True)
        page.click("form[action='/me/close'] button")
    sign_in(page, live_server)  # the kiosk visit ended the office session in this browser
    page.goto(f"{live_server.url}/approvals")
    expect(page.locator("main")).to_contain_text("孩子开家长会")
