"""In a real browser: HR enters 30 punches from an Excel sheet; a worker links a phone and reads their payslip."""

from __future__ import annotations

import io
import re
from datetime import date, time, timedelta

from openpyxl import Workbook
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PIN = "2580"


def outage_sheet(day: date) -> bytes:
    """The paper sign-in sheet of a power cut, typed into Excel: 30 workers, 08:00 to 17:00."""
    book = Workbook()
    sheet = book.active
    sheet.append(["停电补录", None, None, None])
    sheet.append(["工号", "日期", "上班", "下班"])
    for n in range(1, 31):
        sheet.append([f"E{n:04d}", day, time(8, 0), time(17, 0)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_hr_enters_30_punches_from_an_excel_sheet_and_the_days_derive(page, live_server):
    day = date.today() - timedelta(days=3)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/attendance/manual")
    page.set_input_files(
        "#manual-file", files=[{"name": "停电签到表.xlsx", "mimeType": XLSX, "buffer": outage_sheet(day)}]
    )
    page.click("#manual-upload button[type=submit]")
    preview = page.locator("#manual-preview")
    expect(preview).to_contain_text("30 行可录入，0 行被拒")
    assert page.url.endswith("/attendance/manual")  # the preview came in place
    preview.locator("select[name=reason]").select_option("power_cut")
    preview.locator("button[type=submit]").click()
    expect(page.locator(".notice")).to_contain_text("已录入 30 行")
    expect(page.locator("#manual-entries tbody tr")).to_have_count(30)
    page.goto(f"{live_server.url}/attendance/days?from={day}&to={day}&q=E0001")
    expect(page.locator("#days-table")).to_contain_text("E0001")
    expect(page.locator("#days-table tbody")).to_contain_text(re.compile("08:00"))


def _locked_month_with_a_payslip(page, live_server, code: str = "E0001") -> tuple[str, str]:
    """HR pays the worker a monthly wage, computes and locks last month; returns (month, the worker's id)."""
    month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    page.goto(f"{live_server.url}/people?q={code}")
    employee_id = page.locator("#employee-table tbody a[href^='/people/']").first.get_attribute("href").split("/")[2]
    page.goto(f"{live_server.url}/payroll/{month}/{employee_id}")
    page.select_option("#scheme", "time")
    page.fill("#monthly", "5000")
    page.click("form[action$='/pay'] button[type=submit]")
    page.goto(f"{live_server.url}/payroll/{month}")
    page.click("form[action$='/compute'] button")
    page.click("form[action$='/lock'] button")
    expect(page.locator("main")).to_contain_text("已锁定")
    return month, employee_id


def test_a_worker_links_a_phone_and_reads_their_payslip(browser, page, live_server):
    sign_in(page, live_server)
    code = "E0001"
    month, employee_id = _locked_month_with_a_payslip(page, live_server, code)
    page.goto(f"{live_server.url}/people/{employee_id}")
    page.fill("#credentials input[name=pin]", PIN)
    page.click("#credentials form[action$='/pin'] button")
    expect(page.locator("#credentials")).to_contain_text("重置 PIN")
    payload = live_server.floorhr("badge", code).stdout.strip().splitlines()[-1]

    kiosk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800}).new_page()
    sign_in(kiosk, live_server)
    kiosk.goto(f"{live_server.url}/kiosks")
    kiosk.fill("#kiosk-name", "食堂门口")
    kiosk.click("#kiosk-form button[type=submit]")
    kiosk.goto(f"{live_server.url}/me/start")
    kiosk.fill("#me-text", payload)
    kiosk.fill("#me-pin", PIN)
    kiosk.click(".me-start button[type=submit]")
    expect(kiosk.locator(".me-head")).to_contain_text(code)
    kiosk.click("text=绑定我的手机")
    link = kiosk.locator(".link-url").inner_text()
    expect(kiosk.locator(".qr svg")).to_be_visible()

    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(link)
    phone.fill("#phone-pin", PIN)
    phone.click(".me-start button[type=submit]")
    expect(phone.locator(".me-head")).to_contain_text(code)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # fits the phone
    phone.click(f"a[href='/me/payslips/{month}']")
    expect(phone.locator("#payslip")).to_contain_text("实发")
    phone.click("#payslip button[type=submit]")
    expect(phone.locator("#payslip .done")).to_contain_text("您已确认阅读")
    kiosk.context.close()
    phone.context.close()
