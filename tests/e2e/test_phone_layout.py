"""Every office page on a 390 px phone: the page never scrolls sideways (wide tables scroll inside their box)
and no text cell is squeezed below two characters; the menu folds behind one button."""

from __future__ import annotations

import httpx
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

PHONE = {"width": 390, "height": 844}
# Office pages a phone may open (every GET page without a path parameter, but downloads and kiosk pages).
PAGES = ["/", "/people", "/people/new", "/people/import", "/departments", "/positions", "/org", "/duties",
         "/badges", "/onboarding", "/onboarding/templates", "/attendance/today", "/attendance/days",
         "/attendance/exceptions", "/attendance/overtime", "/attendance/corrections", "/attendance/scans",
         "/attendance/shifts", "/attendance/patterns", "/attendance/overrides", "/attendance/calendar", "/kiosks",
         "/pieces/orders", "/pieces/grades", "/pieces/reports", "/pieces/confirm", "/payroll", "/training", "/training/matrix",
         "/training/expiring", "/training/probation", "/training/coverage", "/reports", "/plant", "/users",
         "/audit", "/sync", "/account/totp"]

MEASURE = """() => {
  const sideways = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  const em = parseFloat(getComputedStyle(document.body).fontSize);
  const squeezed = [...document.querySelectorAll("td, th")]
    .filter(cell => cell.innerText.trim().length > 1 && cell.getBoundingClientRect().width < 2 * em)
    .map(cell => cell.innerText.trim().slice(0, 12));
  return {sideways, squeezed};
}"""


def test_every_office_page_fits_a_phone(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    try:
        sign_in(page, live_server)
        problems = []
        for path in PAGES:
            response = page.goto(f"{live_server.url}{path}")
            if response is None or response.status >= 500:
                problems.append((path, "server error"))
                continue
            found = page.evaluate(MEASURE)
            if found["sideways"] > 1 or found["squeezed"]:
                problems.append((path, found))
        assert problems == []
        expect(page.locator("nav.groups")).to_be_hidden()  # folded on a phone
        page.click("label.menu-button")
        expect(page.locator("nav.groups")).to_be_visible()
    finally:
        context.close()


def test_the_page_list_covers_the_office_menu(live_server):
    """Every group and sub-menu link of the admin's menu is walked above (a new page must be added)."""
    import re

    with httpx.Client(base_url=live_server.url) as client:
        client.get("/login")
        client.post("/login", data={"username": "admin", "password": live_server.admin_password,
                                    "_csrf_token": client.cookies.get("floorhr_csrf", "")})
        links = set()
        for path in PAGES:
            html = client.get(path).text
            for nav in re.findall(r'<nav class="(?:groups|subnav[^"]*)"[^>]*>(.*?)</nav>', html, re.S):
                links |= set(re.findall(r'href="([^"?]+)', nav))
    assert links - set(PAGES) == set()
