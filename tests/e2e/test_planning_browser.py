"""In a real browser: HR enters demand for two lines, plans a week, moves a worker by hand, publishes, and the
attendance schedule (the one-day changes kiosks pull) shows the edited day."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def _add_demand(page, url: str, line: str, monday: date, operation: str) -> None:
    page.goto(f"{url}/planning/demand")
    page.select_option("select[name=line]", label=line)
    page.fill("input[name=week]", monday.isoformat())
    page.click("button:has-text('显示')")
    page.select_option("select[form=new-demand][name=shift]", label="早班")
    page.select_option("select[form=new-demand][name=operation]", label=operation)
    for day in range(5):
        page.fill(f"input[form=new-demand][name=d{day}]", "2")
    page.click("button[form=new-demand]")
    expect(page.locator("table.grid tbody tr")).to_have_count(2)  # the saved row and the empty one


def test_hr_plans_a_week_for_two_lines_edits_a_cell_and_publishes_it_to_the_schedule(page, live_server):
    today = date.today()
    monday = today + timedelta(days=7 - today.weekday())
    saturday = monday + timedelta(days=5)
    sign_in(page, live_server)
    _add_demand(page, live_server.url, "冲压车间", monday, "产线作业（无需资格）")
    _add_demand(page, live_server.url, "装配车间", monday, "产线作业（无需资格）")

    page.goto(f"{live_server.url}/planning")
    page.check("label:has-text('冲压车间') input")
    page.check("label:has-text('装配车间') input")
    page.fill("#first", monday.isoformat())
    page.fill("#last", (monday + timedelta(days=6)).isoformat())
    page.fill("#seconds", "5")
    with page.expect_request(re.compile(r"/planning/progress\?token=[\w-]+&n=0")):  # the live progress starts polling
        page.click("#plan-button")
    expect(page.locator("h1")).to_contain_text("排班表", timeout=60_000)
    expect(page.locator("#run-summary")).to_contain_text("100")  # every position filled
    expect(page.locator("#gaps")).to_contain_text("所有岗位均已排满")

    row = page.locator("#roster tbody tr", has_text="装配车间").first
    employee = row.locator("td").first.get_attribute("data-employee")
    code = row.locator("th").inner_text().split()[0]
    page.select_option("#employee", employee)
    page.fill("#day", saturday.isoformat())
    page.select_option("#shift", label="早班")
    page.select_option("#operation", label="产线作业（无需资格）")
    page.select_option("#line", label="装配车间")
    page.click("#edit-form button[type=submit]")
    cell = page.locator(f"#roster td[data-employee='{employee}'][data-day='{saturday.isoformat()}']")
    expect(cell).to_contain_text("早班")
    expect(cell.locator(".post.edited")).to_have_count(1)

    page.set_viewport_size({"width": 390, "height": 800})  # a phone: the wide grid scrolls inside its box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})
    page.click("#publish")
    expect(page.locator("#published")).to_be_visible()
    page.goto(f"{live_server.url}/attendance/overrides")
    line = page.locator("tbody tr", has_text=code).filter(has_text=saturday.isoformat())
    expect(line).to_contain_text("早班")
    assert re.search(r"/attendance/overrides", page.url)
