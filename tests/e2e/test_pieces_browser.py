"""In a real browser: HR sets up a work order, workers report pieces at the kiosk, and a supervisor on a
tablet-sized screen confirms one count, adjusts one with a reason and rejects one with a reason."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

SUPERVISOR_PASSWORD = "Super-passw0rd1"
TABLET = {"width": 810, "height": 1080}  # a 10-inch tablet held upright


def _assembly_people(live_server) -> list[str]:
    exported = live_server.floorhr("export", "employees")
    rows = list(csv.DictReader(io.StringIO(exported.stdout.lstrip("\ufeff"))))
    return [row["employee_code"] for row in rows if row["department"] == "装配车间" and row["status"] != "left"]


def _badge(live_server, code: str) -> str:
    shown = live_server.floorhr("badge", code)
    assert shown.returncode == 0, shown.stderr
    return shown.stdout.splitlines()[-1]


def _report(kiosk, badge: str, quantity: int) -> None:
    kiosk.goto(kiosk.url.split("/kiosk")[0] + "/kiosk/pieces")
    kiosk.fill("#pieces-badge", badge)
    kiosk.press("#pieces-badge", "Enter")
    kiosk.click("button.choice:has-text('外壳折弯')")
    kiosk.fill("#quantity", str(quantity))
    kiosk.click("button.choice:has-text('上报')")
    expect(kiosk.locator("#pieces-step")).to_contain_text("已上报")


def test_a_supervisor_confirms_adjusts_and_rejects_reports_on_a_tablet(browser, live_server):
    people = _assembly_people(live_server)
    supervisor_code, workers = people[-1], people[-4:-1]
    added = live_server.floorhr(
        "users",
        "add",
        "sup-pieces",
        "--roles",
        "supervisor",
        "--employee",
        supervisor_code,
        "--password",
        SUPERVISOR_PASSWORD,
    )
    assert added.returncode == 0, added.stderr

    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = office.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/pieces/orders")
    page.fill("#code", "WO-E2E")
    page.fill("#product", "电机外壳")
    page.click("button:has-text('添加工单')")
    expect(page.locator("h1")).to_contain_text("WO-E2E")
    page.fill("#op-code", "OP10")
    page.fill("#op-name", "外壳折弯")
    page.fill("#standard_per_hour", "60")
    page.fill("#rate", "0.25")
    page.fill("#effective_from", "2020-01-01")
    page.click("button:has-text('添加工序')")
    expect(page.locator("#operations")).to_contain_text("¥0.25")

    page.goto(f"{live_server.url}/kiosks")
    page.fill("#kiosk-name", "装配线")
    page.click("button:has-text('将此浏览器激活为考勤机')")
    for code, quantity in zip(workers, (101, 102, 103), strict=True):
        _report(page, _badge(live_server, code), quantity)
    office.close()

    tablet = browser.new_context(locale="zh-CN", viewport=TABLET, has_touch=True)
    sup = tablet.new_page()
    sup.set_default_timeout(10_000)
    sign_in(sup, live_server, "sup-pieces", SUPERVISOR_PASSWORD)
    sup.goto(f"{live_server.url}/pieces/confirm")
    cards = sup.locator("form.piece-card")
    expect(cards).to_have_count(3)
    box = cards.first.locator("button:has-text('确认')").bounding_box()
    assert box["height"] >= 48 and box["width"] >= 48  # a thumb-sized target

    first = sup.locator("form.piece-card:has-text('101 件')")
    first.locator("button[value=confirm]").tap()
    expect(sup.locator("#pending-list")).to_contain_text("已确认。")
    expect(cards).to_have_count(2)

    second = sup.locator("form.piece-card:has-text('102 件')")
    second.locator("input[name=quantity]").fill("95")
    second.locator("button[value=adjust]").tap()
    expect(sup.locator("#pending-list [role=alert]")).to_contain_text("调整或驳回须填写原因")
    expect(cards).to_have_count(2)  # refused: nothing changed
    second = sup.locator("form.piece-card:has-text('102 件')")
    second.locator("input[name=quantity]").fill("95")
    second.locator("input[name=reason]").fill("复点少7件")
    second.locator("button[value=adjust]").tap()
    expect(sup.locator("#pending-list")).to_contain_text("已调整。")

    third = sup.locator("form.piece-card:has-text('103 件')")
    third.locator("input[name=reason]").fill("重复上报")
    third.locator("button[value=reject]").tap()
    expect(sup.locator("#pending-list")).to_contain_text("已驳回。")
    expect(sup.locator("#nothing-pending")).to_be_visible()
    tablet.close()

    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = office.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/pieces/reports")
    table = page.locator("#piece-reports")
    expect(table.locator("tr:has-text('101')")).to_contain_text("已确认")
    expect(table.locator("tr:has-text('102')")).to_contain_text("已调整 95/0")
    expect(table.locator("tr:has-text('103')")).to_contain_text("重复上报")
    office.close()
