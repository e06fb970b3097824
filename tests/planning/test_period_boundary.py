"""The rest rules across a period's start: the shifts scheduled on the six days before it count."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.attendance.tables import ShiftOverride
from app.planning import gaps, greedy, inputs, rules, solver
from app.planning.rules import Assignment, Demand, Problem, Worker
from tests.attendance.factories import make_pattern, make_shift
from tests.planning.plants import OPERATIONS, SHIFTS, random_plant

MONDAY = date(2026, 11, 30)
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]
BEFORE = [MONDAY - timedelta(days=n) for n in range(6, 0, -1)]  # Tuesday 24 .. Sunday 29 November


def _one_worker(earlier: dict[date, str], shift: str = "D") -> Problem:
    worker = Worker(1, "W1", {"asm": (None, None)})
    demand = [Demand("A", shift, MONDAY, "asm", 1)]
    return Problem(WEEK, dict(SHIFTS), dict(OPERATIONS), [worker], demand, earlier={1: earlier})


def test_a_night_before_the_period_keeps_the_first_morning_free():
    problem = _one_worker({BEFORE[-1]: "N"})  # Sunday 22:00 - Monday 07:00
    post = Assignment(1, MONDAY, "D", "A", "asm")  # Monday 08:00: one hour of rest
    assert [v.rule for v in rules.violations(problem, [post])] == [rules.MIN_REST]
    assert greedy.plan(problem) == [] and solver.solve(problem, seconds=2).assignments == []
    later = _one_worker({BEFORE[-1]: "N"}, shift="E")  # Monday 16:00: nine hours after 07:00, still short
    assert greedy.plan(later) == []
    rested = _one_worker({BEFORE[-1]: "D"})  # Sunday 08:00-17:00: fifteen hours before Monday 08:00
    assert len(solver.solve(rested, seconds=2).assignments) == 1


def test_six_days_worked_before_the_period_make_its_first_day_a_rest_day():
    problem = _one_worker({day: "D" for day in BEFORE})
    post = Assignment(1, MONDAY, "D", "A", "asm")
    assert [v.rule for v in rules.violations(problem, [post])] == [rules.REST_IN_7]
    assert greedy.plan(problem) == [] and solver.solve(problem, seconds=2).assignments == []
    five = _one_worker({day: "D" for day in BEFORE[1:]})  # Tuesday off: Monday may be worked
    assert rules.violations(five, [post]) == []
    assert len(greedy.plan(five)) == 1 and len(solver.solve(five, seconds=2).assignments) == 1


@pytest.mark.parametrize("seed", range(8))
def test_every_plan_holds_the_rest_rules_across_the_start_of_the_period(seed):
    problem = random_plant(seed, earlier=True)
    assert rules.violations(problem, greedy.plan(problem)) == []
    solution = solver.solve(problem, seconds=3, workers=2, seed=seed)
    assert solution.status in ("OPTIMAL", "FEASIBLE")
    assert rules.violations(problem, solution.assignments) == []


async def test_the_problem_reads_the_published_days_before_the_period(cast):
    day = await make_shift("D", "早班", "08:00", "17:00", [["12:00", "13:00"]])
    night = await make_shift("N", "夜班", "22:00", "07:00", [["02:00", "03:00"]])
    await make_pattern([day] * 6 + [None], department_id=cast.line_a)  # Monday to Saturday
    await ShiftOverride.insert(
        ShiftOverride(employee=cast.worker, work_date=BEFORE[-1], shift=night, change_no=1)  # a published Sunday
    ).run()
    problem = await inputs.load_problem([cast.line_a], MONDAY, WEEK[-1], ZoneInfo("Asia/Shanghai"))
    expected = {day_: str(day) for day_ in BEFORE[:-1]} | {BEFORE[-1]: str(night)}
    assert problem.earlier[cast.worker] == expected
    assert rules.post_rule(problem, problem.worker(cast.worker), MONDAY, str(day), str(cast.line_a), "*", {}) == (
        rules.MIN_REST
    )


def test_a_gap_left_by_rest_after_the_days_before_is_explained_as_busy_not_unqualified():
    problem = _one_worker({BEFORE[-1]: "N"})
    [gap] = gaps.explain(problem, [])
    assert (gap.qualified, gap.away, gap.busy) == (1, 0, 1)
