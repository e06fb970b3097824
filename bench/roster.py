"""Roster benchmark: CP-SAT against a greedy baseline on 500 workers, 6 lines, 3 shifts, 4 weeks.

  .venv/bin/python bench/roster.py                      # a 50 s solver limit (60 s in all), 2 solver workers
  .venv/bin/python bench/roster.py --seconds 30 --workers 2 --seed 7

The plant (seeded, pure: no database): 500 workers on 6 lines of about 83, three 8-hour shifts (06-14, 14-22,
22-06), 28 days from Monday 2026-12-07 with New Year's Day a holiday, weekends rest days (their work is 200%
overtime within the 36-hour month). Operations: assembly (everyone), quality check (1 in 4), forklift (1 in 14,
certificate; a fifth expire mid-period; banned for minors), welding on lines 1-3 (1 in 12, certificate, banned
for minors). 3% minors, 6% with a leave block of 3 to 8 days, 0 to 20 hours of overtime already this month, a
third with a preferred shift. Demand per line and weekday: day 12 assembly + 1 QC + 1 forklift (+1 welder),
afternoon 10 + 1 + 1 (+1), night 6 + 1 + 1; weekends and the holiday 5 assembly a shift.
The baseline, same run: a greedy that walks days in order and fills each position with the eligible worker who
has worked least, checking every hard rule as it goes. Both plans are judged by app.planning.rules.violations.
Goal: coverage >= the greedy's, 100% of hard rules held, <= 60 s; CP-SAT's optimality gap is reported.
"""

from __future__ import annotations

import argparse
import random
import sys
import time as clock
from collections import defaultdict
from datetime import date, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.planning import gaps, rules, solver  # noqa: E402
from app.planning.rules import Assignment, Demand, Operation, Problem, ShiftSpec, Unavailable, Worker  # noqa: E402

FIRST = date(2026, 12, 7)
SHIFTS = {
    "A": ShiftSpec("A", time(6), time(14), 480),
    "B": ShiftSpec("B", time(14), time(22), 480),
    "C": ShiftSpec("C", time(22), time(6), 480),
}
OPERATIONS = {
    "asm": Operation("asm", "Assembly"),
    "qc": Operation("qc", "Quality check"),
    "fork": Operation("fork", "Forklift", True),
    "weld": Operation("weld", "Welding", True),
}
WEEKDAY = {
    "A": {"asm": 12, "qc": 1, "fork": 1, "weld": 1},
    "B": {"asm": 10, "qc": 1, "fork": 1, "weld": 1},
    "C": {"asm": 6, "qc": 1, "fork": 1},
}


def plant(seed: int, people: int = 500, lines: int = 6, days: int = 28) -> Problem:
    rng = random.Random(seed)
    period = [FIRST + timedelta(days=n) for n in range(days)]
    workers, away = [], []
    for number in range(people):
        line = f"L{number % lines + 1}"
        qualified: dict[str, tuple] = {"asm": (None, None)}
        if rng.random() < 0.25:
            qualified["qc"] = (None, None)
        if rng.random() < 1 / 14:
            qualified["fork"] = (None, rng.choice([None, None, None, None, period[rng.randrange(days)]]))
        if line in ("L1", "L2", "L3") and rng.random() < 1 / 12:
            qualified["weld"] = (None, None)
        minor = FIRST + timedelta(days=rng.randint(30, 700)) if rng.random() < 0.03 else None
        prefers = frozenset({rng.choice("ABC")}) if rng.random() < 0.33 else frozenset()
        workers.append(Worker(number + 1, f"W{number + 1:03}", qualified, minor, frozenset({line}), prefers))
        if rng.random() < 0.06:
            start = rng.randrange(days)
            away += [Unavailable(number + 1, day, "annual leave") for day in period[start : start + rng.randint(3, 8)]]
    kinds = {date(2027, 1, 1): rules.HOLIDAY}
    problem = Problem(
        period,
        dict(SHIFTS),
        dict(OPERATIONS),
        workers,
        [],
        kinds,
        away,
        {(w.id, (FIRST.year, FIRST.month)): rng.randint(0, 20) * 60 for w in workers},
    )
    for line in (f"L{n + 1}" for n in range(lines)):
        for day in period:
            for shift, ops in WEEKDAY.items():
                wanted = ops if problem.kind(day) == rules.WORKDAY else {"asm": 5}
                problem.demand += [
                    Demand(line, shift, day, op, count)
                    for op, count in wanted.items()
                    if op != "weld" or line in ("L1", "L2", "L3")
                ]
    return problem


def greedy(problem: Problem) -> list[Assignment]:
    """Days in order; each position gets the eligible worker who has worked least so far, every rule checked."""
    away, plan = problem.away(), []
    last: dict[int, tuple[date, str]] = {}
    worked: dict[int, list[date]] = defaultdict(list)
    overtime: dict[tuple[int, tuple[int, int]], int] = dict(problem.overtime_done)
    by_day: dict[date, list[Demand]] = defaultdict(list)
    for cell in problem.demand:
        by_day[cell.day].append(cell)
    for day in problem.days:
        busy: set[int] = set()
        for cell in by_day[day]:
            for _ in range(cell.people):
                pick = _pick(problem, cell, away, busy, last, worked, overtime)
                if pick is None:
                    break
                busy.add(pick.id)
                plan.append(Assignment(pick.id, day, cell.shift, cell.line, cell.operation))
                last[pick.id], key = (day, cell.shift), (pick.id, (day.year, day.month))
                worked[pick.id].append(day)
                overtime[key] = overtime.get(key, 0) + problem.overtime(cell.shift, day)
    return plan


def _pick(problem, cell, away, busy, last, worked, overtime) -> Worker | None:
    best = None
    for worker in problem.workers:
        if worker.id in busy or rules.post_rule(problem, worker, cell.day, cell.shift, cell.line, cell.operation, away):
            continue
        if worker.id in last:
            previous_day, previous_shift = last[worker.id]
            end = problem.shifts[previous_shift].window(previous_day)[1]
            start = problem.shifts[cell.shift].window(cell.day)[0]
            if (start - end).total_seconds() / 60 < problem.minimum_rest:
                continue
        if len([d for d in worked[worker.id] if (cell.day - d).days < 7]) >= 6:
            continue
        key = (worker.id, (cell.day.year, cell.day.month))
        if overtime.get(key, 0) + problem.overtime(cell.shift, cell.day) > rules.MONTHLY_OVERTIME_LIMIT:
            continue
        if best is None or len(worked[worker.id]) < len(worked[best.id]):
            best = worker
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=50.0
    )  # the solver's limit; building the model takes the rest of 60 s
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    problem = plant(args.seed)
    wanted = sum(cell.people for cell in problem.demand)
    print(
        f"plant: {len(problem.workers)} workers, {len({c.line for c in problem.demand})} lines, "
        f"{len(problem.shifts)} shifts, {len(problem.days)} days, {wanted} positions"
    )
    began = clock.monotonic()
    baseline = greedy(problem)
    greedy_seconds = clock.monotonic() - began
    solution = solver.solve(problem, seconds=args.seconds, workers=args.workers, seed=args.seed)
    for name, plan, seconds in (
        ("greedy", baseline, greedy_seconds),
        ("cp-sat", solution.assignments, solution.seconds),
    ):
        broken = rules.violations(problem, plan)
        print(
            f"{name:7} coverage {gaps.coverage(problem, plan):.2%}  posts {len(plan)}  "
            f"hard-rule violations {len(broken)}  {seconds:.1f} s"
        )
    ratio = gaps.coverage(problem, solution.assignments) / max(1e-9, gaps.coverage(problem, baseline))
    print(
        f"cp-sat status {solution.status}, optimality gap {solution.gap:.2%} "
        f"(objective {solution.objective:.0f}, bound {solution.bound:.0f})"
    )
    print(f"coverage ratio cp-sat / greedy: {ratio:.3f}  (goal >= 1.000, hard rules 100%, <= 60 s)")


if __name__ == "__main__":
    main()
