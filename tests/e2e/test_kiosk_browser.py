"""In a real browser: an admin activates a kiosk, a badge typed by a "scanner" clocks in, HR sees the punch."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_a_browser_that_was_not_activated_is_no_kiosk(page, live_server):
    page.goto(f"{live_server.url}/kiosk")
    expect(page.locator("body")).to_contain_text("此浏览器未激活为考勤机")
    expect(page.locator("#scan-text")).to_have_count(0)


def test_an_activated_kiosk_clocks_a_badge_in_and_hr_sees_the_punch(page, live_server):
    shown = live_server.floorhr("badge", "E0007")
    assert shown.returncode == 0, shown.stderr
    name, payload = shown.stdout.splitlines()[-2].split()[0], shown.stdout.splitlines()[-1]

    sign_in(page, live_server)
    page.goto(f"{live_server.url}/kiosks")
    page.fill("#kiosk-name", "一号门")
    page.click("button:has-text('将此浏览器激活为考勤机')")
    expect(page.locator("#scan-form label")).to_have_text("请扫工牌或刷卡")
    assert page.url.endswith("/kiosk")

    page.keyboard.type(payload)  # a USB scanner types into the focused input and ends with Enter
    page.keyboard.press("Enter")
    result = page.locator("#punch-result")
    expect(result).to_contain_text("上班打卡")
    expect(result).to_contain_text(name)
    expect(result).to_have_class("punch ok")
    expect(page.locator("#scan-text")).to_have_value("")
    expect(page.locator("#scan-text")).to_be_focused()

    page.keyboard.type("FHR1.E0007.1.AAAAAAAAAAAAAAAA\n")
    expect(result).to_have_class("punch bad")
    expect(result).to_contain_text("此工牌无效")
    expect(result).to_have_class("punch idle", timeout=9_000)  # back to idle after a few seconds

    sign_in(page, live_server)  # activating signed the admin out of the kiosk browser
    page.goto(f"{live_server.url}/attendance/scans?outcome=punch")
    expect(page.locator("#scan-table")).to_contain_text("E0007")
    expect(page.locator("#scan-table")).to_contain_text(name)
    page.goto(f"{live_server.url}/attendance/today")  # and on today's board, among those who came in
    arrived = page.locator("#today-board .state-present li, #today-board .state-late li").filter(has_text="E0007")
    expect(arrived).to_have_count(1)


def test_the_kiosk_clock_shows_plant_time_in_a_browser_set_to_another_zone(browser, live_server):
    context = browser.new_context(locale="zh-CN", timezone_id="America/New_York")  # 12 or 13 hours behind the plant
    page = context.new_page()
    try:
        sign_in(page, live_server)
        page.goto(f"{live_server.url}/kiosks")
        page.fill("#kiosk-name", "二号门")
        page.click("button:has-text('将此浏览器激活为考勤机')")
        clock = page.locator("#kiosk-clock")
        expect(clock).to_have_text(re.compile(r"^\d\d:\d\d$"))
        hours, minutes = map(int, clock.text_content().split(":"))
        now = datetime.now(ZoneInfo("Asia/Shanghai"))  # the server's plant zone, on the real clock like the browser
        apart = (hours * 60 + minutes - (now.hour * 60 + now.minute)) % (24 * 60)
        assert apart in (0, 1, 24 * 60 - 1), f"kiosk shows {hours:02d}:{minutes:02d}, plant time is {now:%H:%M}"
    finally:
        context.close()
