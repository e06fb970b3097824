"""In a real browser at phone width: HR adds a social insurance scheme and its version, then enrols a worker
from the not-enrolled warning on their card; the pages never scroll sideways as a whole."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

PHONE = {"width": 390, "height": 844}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1, page.url


def test_hr_sets_up_a_scheme_and_enrols_a_worker_on_a_phone(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/contributions")
    _fits(page)
    page.fill("#name", "苏州")
    page.click("button:has-text('添加方案')")
    expect(page.locator("h1")).to_contain_text("苏州")
    page.fill("#effective_from", "2026-01")
    for field, value in (
        ("#floor", "4494"),
        ("#ceiling", "24042"),
        ("#fund_floor", "2490"),
        ("#fund_ceiling", "30000"),
    ):
        page.fill(field, value)
    page.fill("input[name=pension_employer]", "16")
    page.fill("input[name=pension_worker]", "8")
    page.click("button:has-text('保存版本')")
    expect(page.locator("#versions")).to_contain_text("16% / 8%")
    _fits(page)
    page.goto(f"{live_server.url}/contributions")
    page.locator("#not-enrolled a").first.click()
    expect(page.locator("h1")).to_contain_text("社保与个税")
    _fits(page)
    page.fill("#base", "6000")
    page.fill("#base_reason", "首月工资")
    page.fill("#start_month", "2026-01")
    page.click("button:has-text('参保或调整基数')")
    expect(page.locator("#enrolments")).to_contain_text("首月工资")
    _fits(page)
    context.close()
