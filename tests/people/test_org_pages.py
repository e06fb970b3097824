"""The org chart with heads and headcount, department heads and parents, duties and the task warning."""

from __future__ import annotations

from app.people.tables import Department, Duty, DutyResponsibility, DutyTask, Position
from tests.cast import htmx_target, make_department, make_employee, make_position, make_user, post_form, sign_in


async def _duty(client, name: str) -> int:
    await post_form(client, "/duties", {"name": name, "description": "每月一次"})
    return (await Duty.select(Duty.id).where(Duty.name == name).first().run())["id"]


async def test_the_org_chart_shows_the_tree_heads_and_actual_against_planned(client, cast):
    workshop = await make_department("总装车间")
    await (
        Department.update({Department.parent: workshop, Department.head: cast.supervisor_a})
        .where(Department.id == cast.line_a)
        .run()
    )
    fitter = await make_position("装配工", cast.line_a)
    await Position.update({Position.planned_headcount: 5}).where(Position.id == fitter).run()
    await make_employee("W0400", "冯军", cast.line_a, position=fitter)
    await sign_in(client, "hr")
    response = await client.get("/org")
    assert response.status_code == 200
    text = response.text
    assert text.index("总装车间") < text.index("装配A线")  # the line sits under its workshop
    assert "负责人: 王建国" in text.replace("：", ": ")
    assert "1 / 5" in text and "−4" in text  # the position: one fitter of five planned
    assert "含下级部门：3" in text  # the workshop counts the people of its line
    assert "打印" in text


async def test_hr_makes_a_supervisor_head_of_a_department(client, cast):
    await sign_in(client, "hr")
    form = {"name": "装配A线", "code": "LINEA", "parent_id": "", "head_id": str(cast.supervisor_a)}
    response = await post_form(client, f"/departments/{cast.line_a}", form)
    assert response.status_code == 200
    row = await Department.select().where(Department.id == cast.line_a).first().run()
    assert row["head"] == cast.supervisor_a and row["change_no"] > 0


async def test_a_department_cannot_be_put_under_its_own_part(client, cast):
    await Department.update({Department.parent: cast.line_a}).where(Department.id == cast.line_b).run()
    await sign_in(client, "hr")
    form = {"name": "装配A线", "parent_id": str(cast.line_b)}
    response = await post_form(client, f"/departments/{cast.line_a}", form, headers=htmx_target("department-form"))
    assert response.status_code == 422 and "<html" not in response.text and "下级部门" in response.text
    assert (await Department.select(Department.parent).where(Department.id == cast.line_a).first().run()) == {
        "parent": None
    }


async def test_hr_sets_a_planned_headcount_and_refuses_a_negative_one(client, cast):
    fitter = await make_position("装配工", cast.line_a)
    await sign_in(client, "hr")
    await post_form(client, f"/positions/{fitter}/planned", {"planned_headcount": "12"})
    refused = await post_form(client, f"/positions/{fitter}/planned", {"planned_headcount": "-3"})
    assert refused.status_code == 422 and "编制人数" in refused.text
    assert (await Position.select(Position.planned_headcount).where(Position.id == fitter).first().run()) == {
        "planned_headcount": 12
    }


async def test_hr_fills_the_responsibility_matrix_cell_by_cell(client, cast):
    await sign_in(client, "hr")
    duty = await _duty(client, "灭火器点检")
    response = await post_form(
        client,
        f"/duties/{duty}/levels",
        {"department_id": str(cast.line_a), "level": "owns"},
        headers=htmx_target(f"cell-{duty}-{cast.line_a}"),
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert f'id="cell-{duty}-{cast.line_a}"' in response.text and 'value="owns" selected' in response.text
    second = await post_form(
        client,
        f"/duties/{duty}/levels",
        {"department_id": str(cast.line_b), "level": "owns"},
        headers=htmx_target(f"cell-{duty}-{cast.line_b}"),
    )
    assert second.status_code == 422 and "其他部门负责" in second.text
    await post_form(client, f"/duties/{duty}/levels", {"department_id": str(cast.line_b), "level": "informed"})
    levels = {row["department"]: row["level"] for row in await DutyResponsibility.select().run()}
    assert levels == {cast.line_a: "owns", cast.line_b: "informed"}
    page = await client.get("/duties")
    assert "灭火器点检" in page.text and "知会" in page.text


async def test_a_task_logged_by_another_department_warns_naming_the_owner_s_head(client, cast):
    await Department.update({Department.head: cast.supervisor_a}).where(Department.id == cast.line_a).run()
    await sign_in(client, "hr")
    duty = await _duty(client, "灭火器点检")
    await post_form(client, f"/duties/{duty}/levels", {"department_id": str(cast.line_a), "level": "owns"})
    form = {"duty_id": str(duty), "department_id": str(cast.line_b), "title": "B线灭火器换新"}
    warned = await post_form(client, "/duties/tasks", form, headers=htmx_target("task-form"))
    assert warned.status_code == 200 and "<html" not in warned.text
    assert "装配A线" in warned.text and "王建国" in warned.text and "仍然登记" in warned.text
    assert await DutyTask.count().run() == 0  # nothing logged until they confirm
    confirmed = await post_form(client, "/duties/tasks", {**form, "confirmed": f"{duty}-{cast.line_b}"})
    assert confirmed.status_code == 200 and "归装配A线负责" in confirmed.text
    assert await DutyTask.count().run() == 1


async def test_the_owning_department_logs_its_own_task_without_a_warning(client, cast):
    await make_user("head-a", "dept_head", cast.supervisor_a)
    await sign_in(client, "hr")
    duty = await _duty(client, "设备点检")
    await post_form(client, f"/duties/{duty}/levels", {"department_id": str(cast.line_a), "level": "owns"})
    await client.post("/logout", data={"_csrf_token": client.cookies.get("floorhr_csrf", "")})
    await sign_in(client, "head-a")
    page = await client.get("/duties/tasks")
    assert f'<option value="{cast.line_a}" selected' in page.text  # their own department by default
    response = await post_form(
        client, "/duties/tasks", {"duty_id": str(duty), "department_id": str(cast.line_a), "title": "冲床点检"}
    )
    assert response.status_code == 200 and "仍然登记" not in response.text
    assert (await DutyTask.select(DutyTask.logged_by).first().run()) == {"logged_by": "head-a"}


async def test_a_department_head_may_read_duties_but_not_change_them_and_supervisors_see_nothing(client, cast):
    await make_user("head-a", "dept_head", cast.supervisor_a)
    await sign_in(client, "head-a")
    assert (await client.get("/duties")).status_code == 200
    assert (await post_form(client, "/duties", {"name": "越权"})).status_code == 403
    await client.post("/logout", data={"_csrf_token": client.cookies.get("floorhr_csrf", "")})
    await sign_in(client, "sup-b")
    assert (await client.get("/duties")).status_code == 403 and (await client.get("/org")).status_code == 403
