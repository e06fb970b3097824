"""HR's people pages: list and live search, create and edit with messages in place, departments."""

from __future__ import annotations

from app.audit.tables import AuditLog
from app.people.tables import Department, Employee
from tests.cast import htmx_target, make_employee, post_form, sign_in

NEW_WORKER = {
    "employee_code": "w0100",
    "name": "赵敏",
    "gender": "F",
    "phone": "138 0013 8001",
    "status": "probation",
    "hire_date": "2026-11-02",
    "birth_date": "2001-04-09",
    "skill_grade": "2",
}


async def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = await client.get("/people?q=x", follow_redirects=False)
    assert response.status_code in (302, 303, 307)
    assert response.headers["location"] == "/login?next=/people%3Fq%3Dx"


async def test_an_htmx_request_without_a_session_gets_a_client_redirect(client):
    response = await client.get("/people", headers=htmx_target("employee-table"), follow_redirects=False)
    assert response.headers["hx-redirect"].startswith("/login")


async def test_the_login_page_speaks_chinese_by_default(client):
    response = await client.get("/login")
    assert "登录" in response.text
    assert 'lang="zh-CN"' in response.text


async def test_a_supervisor_may_not_open_hr_people_pages(client, cast):
    await sign_in(client, "sup-a")
    response = await client.get("/people")
    assert response.status_code == 403
    assert "无权" in response.text


async def test_hr_finds_an_employee_by_part_of_the_name(client, cast):
    await sign_in(client, "hr")
    response = await client.get("/people", params={"q": "张"})
    assert response.status_code == 200
    assert "张伟" in response.text and "王建国" not in response.text


async def test_live_search_answers_with_the_table_fragment_only(client, cast):
    await sign_in(client, "hr")
    response = await client.get("/people", params={"q": "W0001"}, headers=htmx_target("employee-table"))
    assert "<html" not in response.text
    assert 'id="employee-table"' in response.text and "张伟" in response.text


async def test_the_list_pages_through_many_employees(client, cast):
    for index in range(30):
        await make_employee(f"P{index:04d}", f"工人{index}", cast.line_b)
    await sign_in(client, "hr")
    first = await client.get("/people", params={"department": cast.line_b})
    second = await client.get("/people", params={"department": cast.line_b, "page": 2})
    assert "P0000" in first.text and "P0029" not in first.text
    assert "P0029" in second.text and "第 2 页" in second.text
    assert f"department={cast.line_b}&amp;status=&page=2" in first.text  # the next link keeps the filter


async def test_hr_creates_an_employee_and_the_audit_log_records_it(client, cast):
    await sign_in(client, "hr")
    response = await post_form(client, "/people", {**NEW_WORKER, "department_id": str(cast.line_a)})
    assert response.status_code == 200 and "赵敏" in response.text
    saved = await Employee.select().where(Employee.employee_code == "W0100").first().run()
    assert saved["phone"] == "13800138001" and saved["department"] == cast.line_a and saved["status"] == "probation"
    log = await AuditLog.select().where(AuditLog.action == "employee.create").first().run()
    assert log["actor"] == "hr" and log["entity_id"] == str(saved["id"])


async def test_a_bad_form_comes_back_with_messages_in_place_and_saves_nothing(client, cast):
    await sign_in(client, "hr")
    bad = {**NEW_WORKER, "employee_code": "w0001", "name": "", "phone": "12345"}
    response = await post_form(client, "/people", bad, headers=htmx_target("employee-form"))
    assert response.status_code == 422
    assert "<html" not in response.text and 'id="employee-form"' in response.text
    assert "员工编号已被使用" in response.text
    assert "请填写员工姓名" in response.text
    assert "手机号" in response.text
    assert await Employee.count().run() == 3


async def test_messages_follow_the_language_switch(client, cast):
    await sign_in(client, "hr")
    await client.get("/lang/en", headers={"referer": "http://floorhr.test/people/new"})
    response = await post_form(client, "/people", {**NEW_WORKER, "name": ""})
    assert response.status_code == 422
    assert "Enter the employee's name." in response.text


async def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(client, cast):
    await sign_in(client, "hr")
    response = await client.post("/people", data=NEW_WORKER)
    assert response.status_code == 403
    assert await Employee.count().where(Employee.employee_code == "W0100").run() == 0


async def test_an_edit_is_saved_and_logged_as_a_diff(client, cast):
    await sign_in(client, "hr")
    form = {**NEW_WORKER, "employee_code": "W0001", "name": "张伟", "department_id": str(cast.line_b)}
    response = await post_form(client, f"/people/{cast.worker}", form)
    assert response.status_code == 200
    row = await Employee.select().where(Employee.id == cast.worker).first().run()
    assert row["department"] == cast.line_b
    log = await AuditLog.select().where(AuditLog.action == "employee.update").first().output(load_json=True).run()
    assert log["before"]["department"] == cast.line_a and log["after"]["department"] == cast.line_b


async def test_hr_adds_a_department_and_a_duplicate_is_refused(client, cast):
    await sign_in(client, "hr")
    await post_form(client, "/departments", {"name": "喷涂车间", "code": "PAINT"})
    duplicate = await post_form(client, "/departments", {"name": "喷涂车间"})
    assert duplicate.status_code == 422 and "已存在" in duplicate.text
    assert await Department.count().where(Department.name == "喷涂车间").run() == 1


async def test_the_filters_accept_an_empty_department_as_all(client, cast):
    await sign_in(client, "hr")
    response = await client.get("/people?q=&department=&status=", headers=htmx_target("employee-table"))
    assert response.status_code == 200 and "张伟" in response.text and "李红梅" in response.text


async def test_every_change_to_an_employee_gets_a_new_change_number_for_kiosks(client, cast):
    await sign_in(client, "hr")
    await post_form(client, "/people", NEW_WORKER)
    created = await Employee.select(Employee.change_no).where(Employee.employee_code == "W0100").first().run()
    await post_form(client, f"/people/{cast.worker}", {**NEW_WORKER, "employee_code": "W0001", "name": "张伟伟"})
    edited = await Employee.select(Employee.change_no).where(Employee.id == cast.worker).first().run()
    assert 0 < created["change_no"] < edited["change_no"]
