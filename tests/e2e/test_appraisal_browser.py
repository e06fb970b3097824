"""In a real browser: HR writes the assembly shop's scheme and opens last month's period, the supervisor scores the
team one after another on a tablet, the department head closes it, and the bonus is on this month's payslip."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_leave_browser import _assembly_people

PASSWORD = "Appraise-passw0rd1"
TABLET = {"width": 820, "height": 1180}


def _add_user(live_server, username: str, role: str, code: str) -> None:
    added = live_server.floorhr("users", "add", username, "--roles", role, "--employee", code, "--password", PASSWORD)
    assert added.returncode == 0, added.stderr


def _score_everyone(page, url: str, score: str) -> None:
    """Save and next until nobody is left: the page moves on to the next unscored worker by itself."""
    page.goto(url)
    for _ in range(60):
        if page.locator("#left").inner_text().startswith("还有 0 "):
            return
        page.fill("input[name=score_supervisor]", score)
        page.click("button:has-text('保存并下一位')")
        page.wait_for_load_state("networkidle")
    raise AssertionError("scoring never finished")


def test_hr_defines_a_scheme_the_supervisor_scores_on_a_tablet_the_head_closes_and_the_bonus_is_paid(
    browser, live_server
):
    people = _assembly_people(live_server)
    worker, supervisor, head = people[0], people[2], people[3]
    _add_user(live_server, "appraise-sup", "supervisor", supervisor)
    _add_user(live_server, "appraise-head", "dept_head", head)
    last_month = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    this_month = date.today().strftime("%Y-%m")

    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = office.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/appraisal/schemes/new")
    page.fill("input[name=name]", "装配月度绩效")
    page.select_option("select[name=department]", label="装配车间")
    page.fill("input[name=weight_output]", "50")
    page.fill("input[name=weight_supervisor]", "60")  # 110: refused, nothing saved
    page.fill("input[name=bonus_base]", "300")
    page.click("#scheme-form button[type=submit]")
    expect(page.locator(".alert")).to_contain_text("权重合计须为100")
    page.fill("input[name=weight_supervisor]", "50")
    page.click("#scheme-form button[type=submit]")
    page.fill("#open-period input[name=month]", last_month)
    page.click("#open-period button[type=submit]")
    page.click("button:has-text('计算数据类指标')")
    expect(page.locator("#board")).to_contain_text("无数据")  # no pieces on an empty floor: left out, re-weighted
    period_url = page.url
    office.close()

    tablet = browser.new_context(locale="zh-CN", viewport=TABLET, has_touch=True)
    pad = tablet.new_page()
    pad.set_default_timeout(10_000)
    sign_in(pad, live_server, "appraise-sup", PASSWORD)
    _score_everyone(pad, f"{period_url}/score", "85")
    assert pad.evaluate("document.documentElement.scrollWidth") <= TABLET["width"] + 1
    tablet.close()

    hr = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = hr.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server)
    _score_everyone(page, f"{period_url}/score", "85")  # the supervisor themself, whom HR scores
    hr.close()

    head_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    head_page = head_context.new_page()
    head_page.set_default_timeout(10_000)
    head_page.on("dialog", lambda dialog: dialog.accept())
    sign_in(head_page, live_server, "appraise-head", PASSWORD)
    head_page.goto(period_url)
    head_page.click("button:has-text('结束考核期')")
    expect(head_page.locator(".notice")).to_contain_text(f"奖金随 {this_month} 工资发放")
    expect(head_page.locator("#board")).to_contain_text("¥300.00")
    head_context.close()

    hr = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = hr.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/appraisal/results")
    href = page.locator(f"#results a:has-text('{worker}')").get_attribute("href")
    worker_id = href.rstrip("/").split("/")[-1]
    page.goto(f"{live_server.url}/payroll/{this_month}/{worker_id}")
    page.select_option("#scheme", "time")
    page.fill("#monthly", "4350")
    page.click("form:has(#scheme) button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/payroll/{this_month}")
    page.click("button:has-text('计算本月')")
    page.goto(f"{live_server.url}/payroll/{this_month}/{worker_id}/payslip")
    expect(page.locator("#payslip-lines")).to_contain_text("绩效奖金")
    expect(page.locator("#payslip-lines")).to_contain_text("300.00")
    hr.close()


def test_an_office_person_writes_and_self_scores_goals_and_the_manager_scores_them(browser, live_server):
    people = _assembly_people(live_server)
    clerk, manager = people[1], people[2]
    _add_user(live_server, "okr-staff", "staff", clerk)
    _add_user(live_server, "okr-manager", "supervisor", manager)
    this_month = date.today().strftime("%Y-%m")

    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = office.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/appraisal/schemes/new")
    page.fill("input[name=name]", "装配车间目标考核")
    page.select_option("select[name=department]", label="装配车间")
    for code, weight in (("goals", "60"), ("manager", "20"), ("peer", "10"), ("self", "10")):
        page.fill(f"input[name=weight_{code}]", weight)
    page.fill("input[name=bonus_base]", "500")
    page.click("#scheme-form button[type=submit]")
    page.fill("#open-period input[name=month]", this_month)
    page.click("#open-period button[type=submit]")
    page.click("button:has-text('计算数据类指标')")
    period_url = page.url
    office.close()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "okr-staff", PASSWORD)
    page.goto(f"{live_server.url}/")
    expect(page.locator("h1")).to_contain_text("我的考核")
    page.fill("input[name=title_1]", "降低返工率到 1% 以下")
    page.fill("input[name=weight_1]", "100")
    page.fill("input[name=self_1]", "90")
    page.fill("input[name=self_rating]", "4")
    page.click("form[id^=goals-] button[type=submit]")
    expect(page.locator("input[name=title_1]")).to_have_value("降低返工率到 1% 以下")
    context.close()

    context = browser.new_context(locale="zh-CN", viewport=TABLET, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "okr-manager", PASSWORD)
    page.goto(f"{period_url}/team")
    page.locator("#team tr", has_text=clerk).locator("a").click()
    page.locator("input[name^=manager_]").first.fill("99")
    page.fill("input[name=manager_rating]", "4")
    page.click("#manager-form button[type=submit]")
    expect(page.locator(".alert")).to_contain_text("须填写理由")
    page.locator("input[name^=reason_]").first.fill("返工率降到 0.6%，超出目标")
    page.click("#manager-form button[type=submit]")
    expect(page.locator("#ratings")).to_contain_text("上级评价")
    context.close()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "okr-staff", PASSWORD)
    page.goto(f"{live_server.url}/appraisal/mine")
    expect(page.locator(".notice")).to_contain_text("目标不能再修改")
    expect(page.locator("main")).to_contain_text("返工率降到 0.6%，超出目标")
    context.close()
