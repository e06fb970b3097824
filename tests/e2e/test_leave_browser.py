"""In a real browser: a worker asks for annual leave at the kiosk page, the department head approves it from the
office at phone width, and HR sees the day as leave on the attendance page and on the payslip."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

HEAD_PASSWORD = "Head-passw0rd1"
PHONE = {"width": 390, "height": 844}


def _assembly_people(live_server) -> list[str]:
    exported = live_server.floorhr("export", "employees")
    rows = list(csv.DictReader(io.StringIO(exported.stdout.lstrip("\ufeff"))))
    return [row["employee_code"] for row in rows if row["department"] == "装配车间" and row["status"] != "left"]


def _badge(live_server, code: str) -> str:
    shown = live_server.floorhr("badge", code)
    assert shown.returncode == 0, shown.stderr
    return shown.stdout.splitlines()[-1]


def _last_working_day(today: date) -> date:
    """The latest weekday before today outside the State Council's holidays and make-up arrangements (the demo's
    assembly shop works Monday to Friday)."""
    import csv as reader
    from pathlib import Path

    special = set()
    for path in Path("static/calendars").glob("*.csv"):
        special |= {row["date"] for row in reader.DictReader(path.open(encoding="utf-8"))}
    day = today - timedelta(days=1)
    while day.weekday() >= 5 or day.isoformat() in special:
        day -= timedelta(days=1)
    return day


def test_a_worker_asks_at_the_kiosk_the_head_approves_and_the_day_and_payslip_show_it(browser, live_server):
    people = _assembly_people(live_server)
    worker, head = people[0], people[1]
    added = live_server.floorhr(
        "users", "add", "head-leave", "--roles", "dept_head", "--employee", head, "--password", HEAD_PASSWORD
    )
    assert added.returncode == 0, added.stderr
    day = _last_working_day(date.today())
    month = day.strftime("%Y-%m")

    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = office.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/departments")
    page.locator("tr:has-text('装配车间') a:has-text('编辑')").click()
    page.select_option("#head_id", label=page.locator(f"#head_id option:has-text('{head}')").inner_text())
    page.click("#department-form button[type=submit]")
    page.wait_for_url(lambda url: not url.rstrip("/").split("/")[-1].isdigit())  # saved: HTMX sent us on
    page.goto(f"{live_server.url}/leave")
    worker_id = page.locator(f"#employee_id option:has-text('{worker}')").get_attribute("value")
    page.goto(f"{live_server.url}/leave/people/{worker_id}")
    page.fill("#years_worked", "8")
    page.click("form[action$='/years'] button")
    expect(page.locator("#annual-left")).to_have_text("5")
    page.goto(f"{live_server.url}/payroll/{month}/{worker_id}")
    page.select_option("#scheme", "time")
    page.fill("#monthly", "4350")
    page.click("form:has(#scheme) button[type=submit]")
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/kiosks")
    page.fill("#kiosk-name", "请假机")
    page.click("button:has-text('将此浏览器激活为考勤机')")
    page.goto(f"{live_server.url}/kiosk")
    page.click("a:has-text('请假')")
    page.fill("#leave-badge", _badge(live_server, worker))
    page.press("#leave-badge", "Enter")
    expect(page.locator("#kiosk-balance")).to_contain_text("年休假剩余：5 天")
    page.select_option("#type_code", "annual")
    page.fill("#first", day.isoformat())
    page.fill("#last", day.isoformat())
    page.click("button:has-text('提交审批')")
    expect(page.locator("#leave-step")).to_contain_text("已提交审批")
    office.close()

    phone = browser.new_context(locale="zh-CN", viewport=PHONE, has_touch=True)
    head_page = phone.new_page()
    head_page.set_default_timeout(10_000)
    sign_in(head_page, live_server, "head-leave", HEAD_PASSWORD)
    head_page.goto(f"{live_server.url}/approvals")
    row = head_page.locator("#approval-items tr:has-text('年休假')")
    expect(row).to_contain_text(worker)
    row.locator("button:has-text('批准')").click()
    expect(head_page.locator("#approval-items")).to_contain_text("没有待您审批的事项")
    assert head_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    phone.close()

    hr = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = hr.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/attendance/days?from={day}&to={day}&q={worker}")
    expect(page.locator("#days-table")).to_contain_text("休假")
    expect(page.locator("#days-table")).to_contain_text("年休假")
    page.goto(f"{live_server.url}/payroll/{month}")
    page.click("button:has-text('计算本月')")
    page.goto(f"{live_server.url}/payroll/{month}/{worker_id}/payslip")
    expect(page.locator("#payslip-lines")).to_contain_text("年休假")
    expect(page.locator("#payslip-lines")).to_contain_text("4,350.00")
    hr.close()
