"""The planner's pages: demand, a run for two lines, gaps with reasons, hand edits, publication and re-planning."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.attendance.schedule.roster import load_roster
from app.attendance.tables import ShiftOverride
from app.i18n import gettext, using_language
from app.ids import new_id
from app.people.tables import Department, Employee
from app.planning import rules
from app.planning.tables import DemandCell, PlanPost
from app.timeutil import utcnow
from app.training.tables import Certificate
from tests.attendance.factories import make_shift
from tests.cast import csrf_token, htmx_target, make_employee, make_user, sign_in
from tests.piecework.factories import make_operation, make_work_order

MONDAY = date(2026, 11, 30)  # the week after the tests' clock (Wednesday 2026-11-25)
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]


@pytest.fixture
async def plant(cast):
    day = await make_shift("D", "早班", "08:00", "17:00", [["12:00", "13:00"]])
    night = await make_shift("N", "夜班", "22:00", "07:00", [["02:00", "03:00"]])
    order = await make_work_order("WO-1", "电机外壳", cast.line_a)
    await make_operation(order, "asm", "装配", 10)
    await make_operation(order, "fork", "叉车", 10, certificate_kind="forklift")
    await Certificate.insert(
        Certificate(
            employee=cast.worker,
            kind="forklift",
            number="F1",
            issued_on=date(2025, 1, 1),
            expires_on=MONDAY + timedelta(days=2),
            recorded_at=utcnow(),
        )
    ).run()
    extra = await make_employee("W0002", "刘洋", cast.line_b)
    for line, op, shift in ((cast.line_a, "asm", day), (cast.line_a, "fork", day), (cast.line_b, "asm", night)):
        await DemandCell.insert(
            *[DemandCell(line=line, shift=shift, day=d, operation=op, people=1) for d in WEEK[:5]]
        ).run()
    return {"day": day, "night": night, "extra": extra}


async def _plan(client, cast, first=MONDAY, last=WEEK[-1], progress_token: str = "") -> int:
    response = await client.post(
        "/planning/run",
        data={
            "lines": [str(cast.line_a), str(cast.line_b)],
            "first": str(first),
            "last": str(last),
            "seconds": "3",
            "progress": progress_token,
            "_csrf_token": client.cookies.get("floorhr_csrf", ""),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return int(re.search(r"/planning/runs/(\d+)", response.headers["location"]).group(1))


async def _post(client, url: str, data: dict):
    return await client.post(url, data={**data, "_csrf_token": csrf_token(client)}, follow_redirects=False)


def _said(body: str, message: str, **params) -> bool:
    texts = []
    for language in ("zh_CN", "en"):
        with using_language(language):
            texts.append(gettext(message) % params if params else gettext(message))
    return any(text in body for text in texts)


async def test_hr_plans_a_week_for_two_lines_within_the_rules_and_the_gaps_say_why(client, cast, plant):
    await sign_in(client, "hr")
    run_id = await _plan(client, cast)
    rows = await PlanPost.select().where(PlanPost.run == run_id).run()
    forklift_days = sorted(row["day"] for row in rows if row["operation"] == "fork")
    assert forklift_days and all(row["employee"] == cast.worker for row in rows if row["operation"] == "fork")
    assert max(forklift_days) <= MONDAY + timedelta(days=2), "never after the certificate expired"
    night = [row for row in rows if row["shift"] == plant["night"]]
    assert len(night) == 5 and {row["line"] for row in night} == {cast.line_b}
    page = await client.get(f"/planning/runs/{run_id}")
    assert page.status_code == 200 and 'id="roster"' in page.text and "刘洋" in page.text
    assert _said(page.text, "%(qualified)s qualified", qualified=0), "a forklift gap names how many are qualified"
    assert 'id="training-gaps"' in page.text


async def test_a_hand_edit_that_breaks_a_rule_is_refused_with_the_rule_named(client, cast, plant):
    await sign_in(client, "hr")
    run_id = await _plan(client, cast)
    before = await PlanPost.count().where(PlanPost.run == run_id).run()
    friday = str(MONDAY + timedelta(days=4))
    response = await _post(
        client,
        f"/planning/runs/{run_id}/edit",
        {
            "employee": str(cast.worker),
            "day": friday,
            "shift": str(plant["day"]),
            "operation": "fork",
            "line": str(cast.line_a),
        },
    )
    assert response.status_code == 422 and "<html" in response.text
    assert _said(response.text, rules.QUALIFIED)
    fragment = await client.post(
        f"/planning/runs/{run_id}/edit",
        headers=htmx_target("edit-form"),
        data={
            "employee": str(cast.worker),
            "day": friday,
            "shift": str(plant["day"]),
            "operation": "fork",
            "line": str(cast.line_a),
            "_csrf_token": csrf_token(client),
        },
    )
    assert fragment.status_code == 422 and "<html" not in fragment.text and 'id="edit-form"' in fragment.text
    assert _said(fragment.text, rules.QUALIFIED)
    assert await PlanPost.count().where(PlanPost.run == run_id).run() == before
    lawful = await _post(
        client,
        f"/planning/runs/{run_id}/edit",
        {
            "employee": str(plant["extra"]),
            "day": str(WEEK[5]),
            "shift": str(plant["night"]),
            "operation": "asm",
            "line": str(cast.line_b),
        },
    )
    assert lawful.status_code == 303
    edited = await PlanPost.select().where((PlanPost.run == run_id) & (PlanPost.source == "edit")).run()
    assert [(row["employee"], row["day"]) for row in edited] == [(plant["extra"], WEEK[5])]


async def test_publishing_puts_the_roster_on_the_schedule_and_re_planning_shows_the_diff(client, cast, plant):
    await sign_in(client, "hr")
    run_id = await _plan(client, cast)
    assert (await _post(client, f"/planning/runs/{run_id}/publish", {})).status_code == 303
    posts = await PlanPost.select().where(PlanPost.run == run_id).run()
    roster = await load_roster(None, WEEK[0], WEEK[-1])
    for row in posts:
        department = await Employee.select(Employee.department).where(Employee.id == row["employee"]).first().run()
        assert roster.plan(row["employee"], department["department"], row["day"]).shift.id == row["shift"]
    assert await ShiftOverride.count().where(ShiftOverride.employee == plant["extra"]).run() == 7
    await Employee.update({Employee.last_day: MONDAY + timedelta(days=1)}).where(Employee.id == plant["extra"]).run()
    second = await _plan(client, cast)
    page = await client.get(f"/planning/runs/{second}")
    assert 'id="changes"' in page.text
    kept = {(r["employee"], r["day"], r["shift"]) for r in await PlanPost.select().where(PlanPost.run == second).run()}
    assert {(r["employee"], r["day"], r["shift"]) for r in posts if r["employee"] != plant["extra"]} <= kept


async def test_demand_is_entered_on_the_grid_and_copied_from_last_week(client, cast, plant):
    await sign_in(client, "hr")
    counts = {f"d{n}": "2" for n in range(5)}
    response = await _post(
        client,
        "/planning/demand",
        {"line": str(cast.line_b), "week": str(MONDAY), "shift": str(plant["day"]), "operation": "asm", **counts},
    )
    assert response.status_code == 303
    following = str(WEEK[-1] + timedelta(days=1))
    copied = await _post(client, "/planning/demand/copy", {"line": str(cast.line_b), "week": following})
    assert copied.status_code == 303
    next_week = await DemandCell.select().where((DemandCell.line == cast.line_b) & (DemandCell.day > WEEK[-1])).run()
    assert sorted((row["day"], row["shift"], row["people"]) for row in next_week) == sorted(
        [(d + timedelta(days=7), plant["day"], 2) for d in WEEK[:5]]
        + [(d + timedelta(days=7), plant["night"], 1) for d in WEEK[:5]]
    )
    page = await client.get(f"/planning/demand?line={cast.line_b}&week={MONDAY}")
    assert page.status_code == 200 and 'value="2"' in page.text


async def test_bad_input_is_refused_in_the_users_language_and_others_may_not_plan(client, cast, plant):
    await sign_in(client, "hr")
    response = await _post(
        client,
        "/planning/run",
        {"lines": str(cast.line_a), "first": str(MONDAY), "last": str(MONDAY + timedelta(days=40)), "seconds": "3"},
    )
    assert response.status_code == 422
    assert _said(response.text, "The period runs from a first day to a last day, a month at most.")
    fragment = await client.post(
        "/planning/run",
        headers=htmx_target("plan-form"),
        data={"first": "soon", "last": "", "seconds": "x", "_csrf_token": csrf_token(client)},
    )
    assert fragment.status_code == 422 and "<html" not in fragment.text and 'id="plan-form"' in fragment.text
    unknown_shift = await _post(
        client,
        "/planning/demand",
        {"line": str(cast.line_a), "week": str(MONDAY), "shift": "999", "operation": "asm", "d0": "1"},
    )
    assert unknown_shift.status_code == 422 and _said(unknown_shift.text, "Choose a shift from the list.")
    assert (await client.get("/planning/runs/999")).status_code == 404
    await client.post("/logout", data={"_csrf_token": client.cookies.get("floorhr_csrf", "")})
    await sign_in(client, "sup-a")
    assert (await client.get("/planning/")).status_code == 403


async def test_a_department_head_plans_only_the_lines_they_head(client, cast, plant):
    await Department.update({Department.head: cast.supervisor_b}).where(Department.id == cast.line_b).run()
    await make_user("head-b", "dept_head", cast.supervisor_b)
    await sign_in(client, "head-b")
    page = await client.get("/planning/")
    assert page.status_code == 200 and "装配B线" in page.text and "装配A线" not in page.text
    refused = await _post(
        client,
        "/planning/run",
        {"lines": str(cast.line_a), "first": str(MONDAY), "last": str(WEEK[-1]), "seconds": "3"},
    )
    assert refused.status_code == 422


async def test_approved_leave_keeps_a_worker_off_the_plan_and_pending_leave_does_not(cast, plant):
    from app.leave.tables import LeaveRequest
    from app.planning.inputs import unavailable_days

    for status, first in (("approved", WEEK[1]), ("pending", WEEK[3])):
        await LeaveRequest.insert(
            LeaveRequest(
                id=new_id(),
                employee=cast.worker,
                type_code="annual",
                first_day=first,
                last_day=first + timedelta(days=1),
                status=status,
                requested_at=utcnow(),
            )
        ).run()
    people = (
        await Employee.select(Employee.id, Employee.hire_date, Employee.last_day)
        .where(Employee.id == cast.worker)
        .run()
    )
    found = await unavailable_days(people, WEEK[0], WEEK[-1])
    assert [(item.employee_id, item.day) for item in found] == [(cast.worker, WEEK[1]), (cast.worker, WEEK[2])]
