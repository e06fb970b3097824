"""Small random plants for the planner's property tests: a seeded RNG, so a failure names its seed."""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from app.planning.rules import Demand, Operation, Problem, ShiftSpec, Unavailable, Worker

SHIFTS = {
    "D": ShiftSpec("D", time(8), time(17), 480),
    "E": ShiftSpec("E", time(16), time(1), 540),  # an hour of overtime a day
    "N": ShiftSpec("N", time(22), time(7), 480),
}
OPERATIONS = {
    "asm": Operation("asm", "Assembly"),
    "fork": Operation("fork", "Forklift", banned_for_minors=True),
    "qc": Operation("qc", "Quality check"),
}


def random_plant(
    seed: int, workers: int = 14, days: int = 10, first: date = date(2026, 11, 23), earlier: bool = False
) -> Problem:
    """A random plant; with `earlier`, each worker also worked some of the six days before the period (some all
    six, some a night ending on the first morning), so the rest rules must hold across the period's start."""
    rng = random.Random(seed)
    period = [first + timedelta(days=n) for n in range(days)]
    staff = []
    for number in range(workers):
        ops = rng.sample(sorted(OPERATIONS), rng.randint(1, 3))
        qualified = {op: (None, rng.choice([None, first + timedelta(days=rng.randint(0, days))])) for op in ops}
        adult_from = first + timedelta(days=rng.randint(1, 400)) if rng.random() < 0.2 else None
        lines = frozenset(rng.sample(["A", "B"], rng.randint(1, 2)))
        staff.append(
            Worker(
                number + 1,
                f"W{number + 1}",
                qualified,
                adult_from,
                lines,
                frozenset(rng.sample(sorted(SHIFTS), 1)) if rng.random() < 0.3 else frozenset(),
            )
        )
    demand = [
        Demand(line, shift, day, op, rng.randint(0, 2))
        for line in "AB"
        for shift in SHIFTS
        for day in period
        for op in OPERATIONS
        if rng.random() < 0.5
    ]
    away = [Unavailable(w.id, day, "annual leave") for w in staff for day in period if rng.random() < 0.1]
    done = {(w.id, (first.year, first.month)): rng.choice([0, 600, 1800, 2100]) for w in staff}
    kinds = {period[3]: "holiday"} if rng.random() < 0.5 else {}
    problem = Problem(period, dict(SHIFTS), dict(OPERATIONS), staff, demand, kinds, away, done)
    if earlier:
        before = [first - timedelta(days=n) for n in range(6, 0, -1)]
        for w in staff:
            worked = before if rng.random() < 0.3 else [day for day in before if rng.random() < 0.6]
            problem.earlier[w.id] = {day: rng.choice(sorted(SHIFTS)) for day in worked}
    return problem
