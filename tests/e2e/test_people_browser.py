"""In a real browser: HR signs in, adds an employee, finds them with the live search, switches to English."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in


def test_hr_adds_an_employee_finds_them_and_switches_to_english(page, live_server):
    sign_in(page, live_server)
    expect(page.locator("#todo")).to_be_visible()  # HR's home page: today's to-do
    page.click("nav.groups >> text=员工")
    expect(page.locator("h1")).to_have_text("员工")

    page.click("text=新建员工")
    page.fill("#employee_code", "E9001")
    page.fill("#name", "欧阳娜娜")
    page.fill("#phone", "13912345678")
    page.select_option("#gender", "F")
    page.select_option("#department_id", label="装配车间")
    page.click("button:has-text('保存')")
    expect(page.locator("h1")).to_contain_text("欧阳娜娜")

    page.click("nav.groups >> text=员工")
    expect(page.locator("h1")).to_have_text("员工")  # the boosted navigation has swapped the page in
    page.wait_for_load_state("networkidle")
    page.fill("#q", "欧阳")
    expect(page.locator("#employee-table tbody tr")).to_have_count(1)
    expect(page.locator("#employee-table")).to_contain_text("E9001")
    assert "q=" in page.url  # the search is in the address bar, so it can be bookmarked and shared

    page.click("text=English")
    expect(page.locator("h1")).to_have_text("People")
    expect(page.locator("#employee-table")).to_contain_text("1 employee")


def test_a_bad_employee_form_shows_messages_in_place_without_a_reload(page, live_server):
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/people/new")
    page.fill("#employee_code", "E0001")
    page.fill("#phone", "555")
    page.click("button:has-text('保存')")
    expect(page.locator("#employee_code-error")).to_contain_text("已被使用")
    expect(page.locator("#name-error")).to_be_visible()
    assert page.url.endswith("/people/new")
