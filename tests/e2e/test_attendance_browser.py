"""In a real browser: a worker clocks in at a kiosk (the `floorhr scan` command) and HR sees them on today's board."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_hr_sees_a_worker_who_just_clocked_in_on_todays_board(page, live_server):
    badge = live_server.floorhr("badge", "E0003")  # a stamping-shop worker on the demo's day shift
    assert badge.returncode == 0, badge.stderr
    scanned = live_server.floorhr("scan", badge.stdout.splitlines()[-1])
    assert scanned.returncode == 0 and "E0003" in scanned.stdout, scanned.stderr

    sign_in(page, live_server)
    page.click("nav.groups >> text=考勤")
    expect(page.locator("h1")).to_have_text("今日看板")
    arrived = page.locator("#today-board .state-present li, #today-board .state-late li").filter(has_text="E0003")
    expect(arrived).to_have_count(1)
    expect(page.locator("#today-board")).to_have_attribute("hx-trigger", "every 30s")

    page.click("nav.subnav >> text=工作日历")
    expect(page.locator("h1")).to_contain_text("工作日历")
    page.goto(f"{live_server.url}/attendance/calendar?year=2026")
    expect(page.locator("h1")).to_contain_text("2026 年工作日历")
    expect(page.locator("main table")).to_contain_text("国庆节")  # the demo plant has the 2026 calendar
