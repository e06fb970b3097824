"""In a real browser: the stamping shop's head asks for a worker, HR approves, adds a candidate, moves them to an
offer that becomes the onboarding invitation (the candidate's name and department carried), marks them hired,
and the time to fill appears on the dashboard."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect
from stdnum.cn import ric

from tests.e2e.conftest import sign_in


def _id_number(born: date) -> str:
    body = f"320506{born:%Y%m%d}123"
    return body + ric.calc_check_digit(body + "0")


def _move(page, name: str, stage_label: str) -> None:
    card = page.locator("article.pipeline-card", has_text=name)
    card.locator("select[name=stage]").select_option(label=stage_label)
    card.locator("button:has-text('移动')").click()
    page.wait_for_load_state()


def test_a_head_asks_hr_approves_and_an_offer_becomes_the_onboarding_invite(browser, live_server):
    head_password = (live_server.data_dir / "bumen-password.txt").read_text().strip()
    needed = date.today() + timedelta(days=7)

    head = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = head.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "bumen", head_password)
    page.goto(f"{live_server.url}/recruiting/requisitions/new")
    page.fill("#title", "冲压操作工")
    page.fill("#headcount", "1")
    page.fill("#needed_by", needed.isoformat())
    page.fill("input[name=requirement_0]", "能看懂图纸")
    page.click("#requisition-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("冲压操作工")
    expect(page.locator(".badge.status-pending")).to_be_visible()
    requisition_url = page.url
    head.close()

    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = office.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/approvals")
    expect(page.locator("#approval-items")).to_contain_text("冲压操作工")
    page.goto(requisition_url)
    page.click("#decision button[value=approve]")
    expect(page.locator(".badge.status-open")).to_be_visible()

    page.click("a:has-text('添加候选人')")
    page.fill("#name", "赵小龙")
    page.fill("#id_number", _id_number(date.today() - timedelta(days=25 * 365)))
    page.fill("#phone", "13912345678")
    page.click("#candidate-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("赵小龙")

    page.goto(requisition_url)
    _move(page, "赵小龙", "面试")
    expect(page.locator(".stage-interview")).to_contain_text("赵小龙")
    page.locator("article.pipeline-card", has_text="赵小龙").locator("a:has-text('发放录用')").click()
    expect(page.locator("#candidate")).to_have_value("赵小龙")  # nothing typed twice
    page.fill("#workplace", "一号厂房")
    page.click("#invite-form button[type=submit]")
    expect(page.locator("article")).to_contain_text("赵小龙")  # the invitation slip, with the department
    expect(page.locator("article")).to_contain_text("冲压车间")

    page.goto(requisition_url)
    expect(page.locator(".stage-offer")).to_contain_text("赵小龙")
    _move(page, "赵小龙", "入职")
    expect(page.locator(".badge.status-filled")).to_be_visible()

    page.goto(f"{live_server.url}/reports")
    expect(page.locator("#report-time_to_fill")).to_contain_text("冲压操作工")
    office.close()


def test_a_candidate_registers_at_the_gate_kiosk_and_hr_sees_them_on_the_board(browser, live_server):
    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = office.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/recruiting/requisitions/new")
    page.fill("#title", "焊接工")
    page.fill("#headcount", "2")
    page.fill("#needed_by", (date.today() + timedelta(days=10)).isoformat())
    page.click("#requisition-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("焊接工")
    page.click("#decision button[value=approve]")
    expect(page.locator(".badge.status-open")).to_be_visible()
    requisition_url = page.url

    gate = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    kiosk = gate.new_page()
    kiosk.set_default_timeout(10_000)
    sign_in(kiosk, live_server)
    kiosk.goto(f"{live_server.url}/kiosks")
    kiosk.fill("#kiosk-name", "南门岗")
    kiosk.click("button:has-text('将此浏览器激活为考勤机')")
    kiosk.click("text=应聘登记")
    kiosk.locator("#apply-step button.choice", has_text="焊接工").click()
    expect(kiosk.locator("#apply-step")).to_have_attribute("data-screen", "identity")
    kiosk.click("#apply-step summary")
    kiosk.fill("#apply-name", "钱小川")
    kiosk.fill("#apply-id", _id_number(date.today() - timedelta(days=30 * 365)))
    kiosk.click("#apply-step button[name=key][value=check]")
    expect(kiosk.locator("#apply-step")).to_have_attribute("data-screen", "phone")
    kiosk.fill("#apply-phone", "13812345678")
    kiosk.click("#apply-step button:has-text('登记')")
    expect(kiosk.locator("#apply-done")).to_contain_text("钱小川")
    gate.close()

    page.goto(requisition_url)
    expect(page.locator(".stage-applied")).to_contain_text("钱小川")
    page.locator("a", has_text="钱小川").first.click()
    expect(page.locator("main")).to_contain_text("门岗自助机")  # the source HR sees
    office.close()
