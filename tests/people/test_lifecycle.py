"""HR confirms, transfers and lets people go; the timeline shows it; a leaver's badges stop after the last day."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from app.attendance.tables import Shift, ShiftAssignment
from app.people.lifecycle import service as lifecycle
from app.people.tables import Employee, EmploymentEvent
from app.timeutil import local_today, utcnow
from app.training.rules import SAFETY_INCOMPLETE
from app.training.tables import SafetyEducation
from tests.cast import htmx_target, make_employee, make_position, post_form, sign_in


def today(settings) -> date:
    return local_today(settings.zone)


async def _employee(employee_id: int) -> dict:
    return await Employee.select().where(Employee.id == employee_id).first().run()


async def _kinds(employee_id: int) -> list[tuple[str, str]]:
    rows = (
        await EmploymentEvent.select(EmploymentEvent.kind, EmploymentEvent.status)
        .where(EmploymentEvent.employee == employee_id)
        .order_by(EmploymentEvent.id)
        .run()
    )
    return [(row["kind"], row["status"]) for row in rows]


async def _safety_educated(employee_id: int) -> None:
    """The three-level safety education signed off (training's check blocks a confirmation without it)."""
    for level, hours in (("plant", 8), ("workshop", 8), ("team", 8)):
        await SafetyEducation.insert(
            SafetyEducation(
                employee=employee_id,
                level=level,
                minutes=hours * 60,
                assigned_at=utcnow(),
                signed_off_on=date(2026, 11, 2),
                instructor="王安全",
            )
        ).run()


async def test_hr_confirms_a_probationer_and_the_timeline_shows_it(client, cast, settings):
    probationer = await make_employee("W0200", "孙丽", cast.line_a, status="probation")
    await _safety_educated(probationer)
    await sign_in(client, "hr")
    form = {"effective_date": today(settings).isoformat()}
    response = await post_form(client, f"/people/{probationer}/confirm", form)
    assert response.status_code == 200 and "转正" in response.text and 'id="timeline"' in response.text
    row = await _employee(probationer)
    assert row["status"] == "active" and row["change_no"] > 0
    assert await _kinds(probationer) == [("confirm", "done")]


async def test_someone_not_on_probation_cannot_be_confirmed_and_the_form_says_why(client, cast, settings):
    await sign_in(client, "hr")
    form = {"effective_date": today(settings).isoformat()}
    response = await post_form(client, f"/people/{cast.worker}/confirm", form, headers=htmx_target("confirm-form"))
    assert response.status_code == 422 and "<html" not in response.text
    assert "只有试用期员工可以转正" in response.text
    assert await _kinds(cast.worker) == []


async def test_without_the_three_level_safety_education_nobody_is_confirmed(client, cast, settings):
    probationer = await make_employee("W0201", "钱进", cast.line_a, status="probation")
    assert await lifecycle.confirmation_blockers(probationer) == [SAFETY_INCOMPLETE]
    await sign_in(client, "hr")
    page = await client.get(f"/people/{probationer}/confirm")
    assert "三级安全教育（厂级、车间级、班组级）尚未全部完成并签核" in page.text
    refused = await post_form(client, f"/people/{probationer}/confirm", {"effective_date": today(settings).isoformat()})
    assert refused.status_code == 422 and (await _employee(probationer))["status"] == "probation"


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/people/{id}/confirm"),
        ("post", "/people/{id}/confirm"),
        ("get", "/people/{id}/transfer"),
        ("post", "/people/{id}/transfer"),
        ("post", "/people/{id}/exit"),
        ("get", "/people/{id}/exit/certificate"),
    ],
)
async def test_supervisors_may_not_change_anyone_s_employment(client, cast, settings, method, path):
    await sign_in(client, "sup-a")
    url = path.format(id=cast.worker)
    form = {
        "effective_date": today(settings).isoformat(),
        "department_id": str(cast.line_b),
        "skill_grade": "5",
        "reason": "dismissal",
        "notice_date": "2024-04-01",
        "last_day": "2024-04-01",
    }
    response = await (client.get(url) if method == "get" else post_form(client, url, form))
    assert response.status_code == 403
    row = await _employee(cast.worker)
    assert row["department"] == cast.line_a and row["status"] == "active" and row["last_day"] is None


async def test_hr_transfers_a_worker_today_and_the_timeline_shows_from_and_to(client, cast, settings):
    welder = await make_position("焊工", cast.line_b)
    await sign_in(client, "hr")
    form = {
        "effective_date": today(settings).isoformat(),
        "department_id": str(cast.line_b),
        "position_id": str(welder),
        "skill_grade": "4",
        "note": "扩产",
    }
    response = await post_form(client, f"/people/{cast.worker}/transfer", form)
    assert response.status_code == 200
    row = await _employee(cast.worker)
    assert (row["department"], row["position"], row["skill_grade"]) == (cast.line_b, welder, 4)
    assert "装配A线" in response.text and "装配B线" in response.text and "焊工" in response.text


async def test_a_transfer_with_a_position_of_another_department_is_refused(client, cast, settings):
    other = await make_position("冲压工", cast.line_a)
    await sign_in(client, "hr")
    form = {
        "effective_date": today(settings).isoformat(),
        "department_id": str(cast.line_b),
        "position_id": str(other),
        "skill_grade": "2",
    }
    response = await post_form(client, f"/people/{cast.worker}/transfer", form, headers=htmx_target("transfer-form"))
    assert response.status_code == 422 and "该岗位属于其他部门" in response.text and "<html" not in response.text
    assert (await _employee(cast.worker))["department"] == cast.line_a


async def test_a_transfer_dated_later_waits_for_its_day(client, cast, settings):
    await sign_in(client, "hr")
    later = today(settings) + timedelta(days=7)
    form = {"effective_date": later.isoformat(), "department_id": str(cast.line_b), "skill_grade": "2"}
    response = await post_form(client, f"/people/{cast.worker}/transfer", form)
    assert "待生效" in response.text
    assert (await _employee(cast.worker))["department"] == cast.line_a
    assert await lifecycle.apply_due_transfers(later - timedelta(days=1)) == 0
    assert await lifecycle.apply_due_transfers(later) == 1
    assert (await _employee(cast.worker))["department"] == cast.line_b
    assert await _kinds(cast.worker) == [("transfer", "done")]


async def _transfer_onto(client, employee_id: int, department_id: int, shift_id: int, settings) -> dict:
    """HR transfers the employee onto the shift today; returns the employee's own shift pattern."""
    await sign_in(client, "hr")
    form = {
        "effective_date": today(settings).isoformat(),
        "department_id": str(department_id),
        "skill_grade": "2",
        "shift_id": str(shift_id),
    }
    await post_form(client, f"/people/{employee_id}/transfer", form)
    return (
        await ShiftAssignment.select()
        .where(ShiftAssignment.employee == employee_id)
        .first()
        .output(load_json=True)
        .run()
    )


async def test_a_transfer_onto_a_shift_gives_the_worker_that_shift_on_working_days(client, cast, settings):
    night = Shift(code="N", name="夜班", start=time(20), end=time(4, 30), change_no=1)
    await night.save().run()
    assignment = await _transfer_onto(client, cast.worker, cast.line_a, night.id, settings)
    assert assignment["week"] == [night.id] * 5 + [None, None]
    assert assignment["effective_from"] == today(settings) and assignment["change_no"] > 0


async def test_a_shift_follows_the_working_days_of_the_new_department(client, cast, settings):
    day = Shift(code="D", name="白班", start=time(8), end=time(17))
    night = Shift(code="N", name="夜班", start=time(20), end=time(4, 30))
    await day.save().run()
    await night.save().run()
    six_days = [day.id] * 6 + [None]
    await ShiftAssignment(department=cast.line_b, week=six_days, effective_from=date(2024, 1, 1)).save().run()
    assignment = await _transfer_onto(client, cast.worker, cast.line_b, night.id, settings)
    assert assignment["week"] == [night.id] * 6 + [None]


async def test_a_scheduled_transfer_of_someone_who_left_meanwhile_is_cancelled(client, cast, settings):
    await sign_in(client, "hr")
    later = today(settings) + timedelta(days=7)
    await post_form(
        client,
        f"/people/{cast.worker}/transfer",
        {"effective_date": later.isoformat(), "department_id": str(cast.line_b), "skill_grade": "2"},
    )
    await Employee.update({Employee.status: "left"}).where(Employee.id == cast.worker).run()
    assert await lifecycle.apply_due_transfers(later) == 0
    assert (await _employee(cast.worker))["department"] == cast.line_a
    assert await _kinds(cast.worker) == [("transfer", "cancelled")]


async def test_hr_cancels_a_scheduled_transfer_from_the_timeline(client, cast, settings):
    await sign_in(client, "hr")
    later = today(settings) + timedelta(days=7)
    await post_form(
        client,
        f"/people/{cast.worker}/transfer",
        {"effective_date": later.isoformat(), "department_id": str(cast.line_b), "skill_grade": "2"},
    )
    event = await EmploymentEvent.select(EmploymentEvent.id).first().run()
    response = await post_form(client, f"/people/{cast.worker}/transfer/{event['id']}/cancel", {})
    assert response.status_code == 200 and "已取消" in response.text
    assert await lifecycle.apply_due_transfers(later) == 0
    assert await _kinds(cast.worker) == [("transfer", "cancelled")]
