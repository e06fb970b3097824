"""Every office page on a 390 px phone (the whole office menu, as an administrator): the page never scrolls
sideways (wide tables scroll inside their box), no text cell is squeezed below two characters and no chart is shrunk
until its 12 px labels read smaller than 10 px; the menu folds behind one button."""

from __future__ import annotations

from playwright.sync_api import expect

from app.navigation import MENU
from tests.e2e.conftest import sign_in

PHONE = {"width": 390, "height": 844}
# Every page of the office menu, and the pages its pages lead to that need no id.
EXTRA = [
    "/people/new",
    "/people/import",
    "/onboarding/templates",
    "/training/matrix",
    "/training/expiring",
    "/training/probation",
    "/training/coverage",
    "/account/totp",
]
PAGES = sorted({item.href for group in MENU for item in group.items} | set(EXTRA))

MEASURE = """() => {
  const sideways = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  const em = parseFloat(getComputedStyle(document.body).fontSize);
  const squeezed = [...document.querySelectorAll("td, th")]
    .filter(cell => cell.checkVisibility())  // a table shown as cards on a phone hides its header row
    .filter(cell => cell.innerText.trim().length > 1 && cell.getBoundingClientRect().width < 2 * em)
    .map(cell => cell.innerText.trim().slice(0, 12));
  const shrunk = [...document.querySelectorAll("svg.chart")]
    .filter(chart => chart.getBoundingClientRect().width * 12 < chart.viewBox.baseVal.width * 10)
    .map(chart => chart.querySelector("title").textContent);
  return {sideways, squeezed, shrunk};
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
            if found["sideways"] > 1 or found["squeezed"] or found["shrunk"]:
                problems.append((path, found))
        assert problems == []
        expect(page.locator("nav.groups")).to_be_hidden()  # folded on a phone
        page.click("label.menu-button")
        expect(page.locator("nav.groups")).to_be_visible()
    finally:
        context.close()
