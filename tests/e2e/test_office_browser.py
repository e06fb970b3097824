"""In a real browser: HR's dashboard (SVG charts, tables, an Excel download), TOTP enrolment then sign-in, the Plant page."""

from __future__ import annotations

import io
import time

import pyotp
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

PASSWORD = "Totp-test-passw0rd"


def test_hr_lands_on_the_to_do_opens_the_dashboard_and_downloads_a_report_as_excel(page, live_server):
    sign_in(page, live_server)
    expect(page.locator("h1")).to_contain_text("今日")  # HR's home: today's to-do
    expect(page.locator("#todo")).to_be_visible()
    page.click("nav.groups >> text=报表")
    expect(page.locator("h1")).to_have_text("仪表盘")
    headcount = page.locator("#report-headcount")
    expect(headcount.locator("svg.chart")).to_have_count(1)
    expect(headcount.locator("svg.chart rect").first).to_be_visible()
    expect(headcount.locator("table tbody tr").last).to_contain_text("全厂")
    plant_total = headcount.locator("table tbody tr").last.locator("td").nth(1).inner_text()
    assert int(plant_total) > 0  # the demo plant has people
    expect(page.locator("#report-overtime svg.chart")).to_have_count(1)

    with page.expect_download() as download_info:
        headcount.locator("a:has-text('Excel')").click()
    download = download_info.value
    assert download.suggested_filename.startswith("headcount-") and download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["部门", "人数"] and rows[-1] == ["全厂", int(plant_total)]


def test_hr_enrols_a_second_factor_and_then_needs_the_code_to_sign_in(page, live_server):
    added = live_server.floorhr("users", "add", "totp-hr", "--roles", "hr", "--password", PASSWORD)
    assert added.returncode == 0, added.stderr
    sign_in(page, live_server, "totp-hr", PASSWORD)
    page.click("text=双重验证")
    expect(page.locator("#totp-qr svg")).to_be_visible()  # the QR code, drawn inline
    generator = pyotp.TOTP(page.locator("#totp-secret").inner_text())
    page.fill("#code", generator.now())
    page.click("main button[type=submit]")
    expect(page.locator("#totp-enrolled")).to_be_visible()
    page.click("header button:has-text('退出')")
    expect(page).to_have_url(f"{live_server.url}/login")

    page.fill("#username", "totp-hr")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("身份验证器应用中的验证码")
    page.goto(f"{live_server.url}/reports")
    expect(page).to_have_url(f"{live_server.url}/login?next=/reports")  # the password alone did not sign in

    page.fill("#username", "totp-hr")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.fill("#code", "000000")
    page.click("main button[type=submit]")
    expect(page.locator(".alert")).to_contain_text("验证码错误")
    page.fill("#code", generator.at(time.time() + 30))  # the current code was spent on enrolment; the next is accepted
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("仪表盘")  # where ?next= asked to go


def test_hr_names_the_employer_on_the_plant_page(page, live_server):
    sign_in(page, live_server)
    page.get_by_role("link", name="设置", exact=True).click()  # the settings group opens on the plant page
    expect(page.locator("nav.subnav a[aria-current=page]")).to_have_text("工厂")
    expect(page.locator("h1")).to_have_text("工厂")
    page.wait_for_load_state("networkidle")  # the boosted navigation and the backup card have settled
    name = page.get_by_label("用人单位名称")
    expect(name).to_have_value("示例精密制造有限公司")  # the demo plant's name
    name.fill("")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".field-error")).to_have_text("请填写劳动合同上的用人单位名称。")
    page.get_by_label("用人单位名称").fill("苏州华美精密制造有限公司")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_have_text("已保存。")
    expect(page.get_by_label("用人单位名称")).to_have_value("苏州华美精密制造有限公司")
