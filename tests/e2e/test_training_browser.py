"""In a real browser: a department head adds a course with a quiz, a worker passes it at the kiosk,
a trainer signs the practical off with two scans, and the skills matrix shows the worker trained."""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in

HEAD_PASSWORD = "Head-passw0rd1"


def _assembly_people(live_server) -> list[str]:
    exported = live_server.floorhr("export", "employees")
    rows = list(csv.DictReader(io.StringIO(exported.stdout.lstrip("\ufeff"))))
    return [row["employee_code"] for row in rows if row["department"] == "装配车间" and row["status"] != "left"]


def _badge(live_server, code: str) -> str:
    shown = live_server.floorhr("badge", code)
    assert shown.returncode == 0, shown.stderr
    return shown.stdout.splitlines()[-1]


def test_a_course_from_quiz_at_the_kiosk_to_practical_sign_off_and_the_matrix(browser, live_server):
    head_code, worker_code, trainer_code = _assembly_people(live_server)[:3]
    added = live_server.floorhr(
        "users", "add", "head-assy", "--roles", "dept_head", "--employee", head_code, "--password", HEAD_PASSWORD
    )
    assert added.returncode == 0, added.stderr
    worker_badge, trainer_badge = _badge(live_server, worker_code), _badge(live_server, trainer_code)

    office = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = office.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server)  # HR names the head of the assembly shop
    page.goto(f"{live_server.url}/departments")
    page.click("tr:has-text('装配车间') >> text=编辑")
    page.select_option(
        "#head_id", value=page.locator(f"#head_id option:has-text('{head_code}')").get_attribute("value")
    )
    page.click("button[type=submit]:has-text('保存')")
    expect(page.locator("h1")).to_have_text("组织架构图")  # saved: HR is taken to the org chart

    sign_in(page, live_server, "head-assy", HEAD_PASSWORD)
    page.goto(f"{live_server.url}/training/new")
    page.fill("#title", "点焊工艺")
    page.select_option("#kind", "professional")
    page.select_option("#department_id", label="装配车间")
    page.fill("#hours", "2")
    page.click("button:has-text('保存')")
    expect(page.locator("h1")).to_have_text("点焊工艺")
    page.fill("#text", "点焊前要检查什么？")
    page.fill("#choice-0", "电极帽")
    page.fill("#choice-1", "天气")
    page.check("input[name=answer][value='0']")
    page.click("button:has-text('添加题目')")
    expect(page.locator("#question-list")).to_contain_text("点焊前要检查什么？")
    page.fill("#employee_code", trainer_code)
    page.click("button:has-text('设为培训师')")
    expect(page.locator("#trainer-list")).to_contain_text(trainer_code)

    kiosk_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    kiosk = kiosk_context.new_page()
    kiosk.set_default_timeout(10_000)
    sign_in(kiosk, live_server)
    kiosk.goto(f"{live_server.url}/kiosks")
    kiosk.fill("#kiosk-name", "培训室")
    kiosk.click("button:has-text('将此浏览器激活为考勤机')")
    kiosk.click("text=课程测验")
    kiosk.fill("#quiz-badge", worker_badge)
    kiosk.press("#quiz-badge", "Enter")
    kiosk.click("li:has-text('点焊工艺') >> button:has-text('参加测验')")
    kiosk.check("label:has-text('电极帽') >> input")
    kiosk.click("button:has-text('交卷')")
    expect(kiosk.locator("#quiz-step")).to_contain_text("已通过")

    kiosk.goto(f"{live_server.url}/kiosk/signoff")
    kiosk.fill("#signoff-text", worker_badge)  # the worker's scan
    kiosk.press("#signoff-text", "Enter")
    expect(kiosk.locator("#signoff-step")).to_contain_text("培训师扫描")
    kiosk.fill("#signoff-text", trainer_badge)  # the trainer's scan
    kiosk.press("#signoff-text", "Enter")
    kiosk.click("button:has-text('点焊工艺 · 通过')")  # the one tap
    expect(kiosk.locator("#signoff-step")).to_contain_text("签核完成")
    kiosk_context.close()

    page.goto(f"{live_server.url}/training/matrix")
    row = page.locator(f"#skills-matrix tr:has-text('{worker_code}')")
    expect(row.locator("td.skill-trained")).to_contain_text("已培训")
    office.close()
