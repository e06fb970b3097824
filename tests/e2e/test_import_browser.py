"""In a real browser: HR uploads a messy roster, sees the row errors in place, and imports the valid rows."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.people.rosters import messy_roster

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_hr_previews_a_roster_sees_row_errors_and_imports_the_valid_rows(page, live_server):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/people/import")
    page.set_input_files("#file", files=[{"name": "花名册.xlsx", "mimeType": XLSX, "buffer": messy_roster()}])
    page.click("button:has-text('检查文件')")

    preview = page.locator("#import-preview")
    expect(preview.locator("tr.row-error")).to_have_count(3)
    expect(preview.locator("tr[data-line='7']")).to_contain_text("请填写姓名")
    expect(preview.locator("tr[data-line='8']")).to_contain_text("出现了不止一次")
    assert page.url.endswith("/people/import")  # the preview came in place, without a reload

    page.click("#import-valid")
    expect(page.locator(".notice")).to_contain_text("已导入 3 名员工")
    page.goto(f"{live_server.url}/people?q=E100")
    expect(page.locator("#employee-table tbody tr")).to_have_count(3)
