"""Workers' stated preferences: entered on a page, read into the problem, honoured by the solver as a soft goal."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from app.audit.tables import AuditLog
from app.people.tables import Department
from app.planning import inputs, rules, solver
from app.planning.tables import PlanPreference
from tests.attendance.factories import make_shift
from tests.cast import csrf_token, make_user, sign_in
from tests.planning.plants import OPERATIONS, SHIFTS

MONDAY = date(2026, 11, 30)
WEEK = [MONDAY + timedelta(days=n) for n in range(5)]


def _two_workers(first: frozenset = frozenset(), second: frozenset = frozenset(), off1=frozenset(), off2=frozenset()):
    anything = {"asm": (None, None)}
    return [
        rules.Worker(1, "W1", anything, prefers=first, days_off=off1),
        rules.Worker(2, "W2", anything, prefers=second, days_off=off2),
    ]


def test_the_solver_puts_workers_on_the_shifts_they_asked_for():
    demand = [rules.Demand("A", shift, day, "asm", 1) for day in WEEK for shift in ("D", "N")]
    for nights, days in ((1, 2), (2, 1)):
        workers = _two_workers(
            frozenset({"N"}) if nights == 1 else frozenset({"D"}), frozenset({"N"}) if nights == 2 else frozenset({"D"})
        )
        problem = rules.Problem(WEEK, dict(SHIFTS), dict(OPERATIONS), workers, demand)
        plan = solver.solve(problem, seconds=5).assignments
        assert not rules.violations(problem, plan)
        assert {item.employee_id for item in plan if item.shift == "N"} == {nights}
        assert {item.employee_id for item in plan if item.shift == "D"} == {days}


def test_the_solver_gives_the_weekdays_off_asked_for_when_someone_else_can_work():
    demand = [rules.Demand("A", "D", day, "asm", 1) for day in WEEK]
    problem = rules.Problem(
        WEEK, dict(SHIFTS), dict(OPERATIONS), _two_workers(off1=frozenset({4}), off2=frozenset({0})), demand
    )
    plan = {item.day: item.employee_id for item in solver.solve(problem, seconds=5).assignments}
    assert len(plan) == 5, "every position still covered"
    assert plan[WEEK[0]] == 1 and plan[WEEK[4]] == 2, "Monday off for W2, Friday off for W1"
    alone = rules.Problem(WEEK, dict(SHIFTS), dict(OPERATIONS), _two_workers(off1=frozenset({4}))[:1], demand)
    assert len(solver.solve(alone, seconds=5).assignments) == 5, "a preference never leaves a position empty"


async def _post(client, data: dict):
    return await client.post(
        "/planning/preferences", data={**data, "_csrf_token": csrf_token(client)}, follow_redirects=False
    )


async def test_hr_enters_a_workers_preferences_and_the_planner_reads_them(client, cast):
    day = await make_shift("D", "早班", "08:00", "17:00", [["12:00", "13:00"]])
    await make_shift("N", "夜班", "22:00", "07:00", [["02:00", "03:00"]])
    await sign_in(client, "hr")
    page = await client.get(f"/planning/preferences?line={cast.line_a}")
    assert page.status_code == 200 and "张伟" in page.text and "希望休息日" in page.text
    form = {"line": str(cast.line_a), "employee": str(cast.worker)}
    saved = await client.post(
        "/planning/preferences",
        data={**form, "shifts": [str(day)], "days_off": ["4", "5"], "_csrf_token": csrf_token(client)},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    problem = await inputs.load_problem([cast.line_a], MONDAY, MONDAY + timedelta(days=6), ZoneInfo("Asia/Shanghai"))
    worker = problem.worker(cast.worker)
    assert worker.prefers == frozenset({str(day)}) and worker.days_off == frozenset({4, 5})
    assert await AuditLog.count().where(AuditLog.action == "plan.preference").run() == 1
    page = (await client.get(f"/planning/preferences?line={cast.line_a}")).text
    assert page.count("checked") == 3

    every_day = await client.post(
        "/planning/preferences",
        data={**form, "days_off": [str(n) for n in range(7)], "_csrf_token": csrf_token(client)},
        follow_redirects=False,
    )
    assert every_day.status_code == 422 and "不能每天都要求休息" in every_day.text
    assert (await _post(client, {**form, "employee": "abc"})).status_code == 422
    cleared = await _post(client, form)
    assert cleared.status_code == 303 and await PlanPreference.count().run() == 0


async def test_a_department_head_enters_preferences_only_for_their_lines(client, cast):
    await Department.update({Department.head: cast.supervisor_b}).where(Department.id == cast.line_b).run()
    await make_user("head-b", "dept_head", cast.supervisor_b)
    await sign_in(client, "head-b")
    page = await client.get("/planning/preferences")
    assert page.status_code == 200 and "张伟" not in page.text
    refused = await _post(client, {"line": str(cast.line_a), "employee": str(cast.worker), "days_off": "1"})
    assert refused.status_code == 422 and "您负责的产线" in refused.text
    assert await PlanPreference.count().run() == 0
