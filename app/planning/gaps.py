"""Why a position stayed empty, and how many more qualified workers per operation would close the gaps (pure)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from app.planning import rules
from app.planning.rules import Assignment, Problem


@dataclass(frozen=True)
class Gap:
    line: str
    shift: str
    day: date
    operation: str
    needed: int
    filled: int
    qualified: int  # workers qualified for the operation that day (lines and minors' bans taken into account)
    away: int  # of those, not available that day
    busy: int  # of those, planned elsewhere or kept off by rest and overtime rules
    reasons: tuple[str, ...]  # the unavailability reasons of the qualified, e.g. ("annual leave",)

    @property
    def missing(self) -> int:
        return self.needed - self.filled

    @property
    def for_lack_of_people(self) -> bool:
        """Fewer qualified people present than needed: training, not the plan, would close it."""
        return self.qualified - self.away < self.needed


@dataclass(frozen=True)
class TrainingGap:
    operation: str
    name: str
    more_workers: int  # more qualified workers that would close the gaps the plan could not fill
    worst_day: date
    missing_shifts: int


def explain(problem: Problem, plan: list[Assignment]) -> list[Gap]:
    """One Gap per demand cell the plan leaves short, with the counts that explain it."""
    filled: dict[tuple, int] = defaultdict(int)
    for item in plan:
        filled[(item.line, item.shift, item.day, item.operation)] += 1
    away, gaps = problem.away(), []
    qualifying = replace(
        problem, earlier={}
    )  # resting after the days before the period counts as busy, not unqualified
    for cell in problem.demand:
        done = filled[(cell.line, cell.shift, cell.day, cell.operation)]
        if done >= cell.people:
            continue
        pool = [
            w
            for w in problem.workers
            if rules.post_rule(qualifying, w, cell.day, cell.shift, cell.line, cell.operation, {}) is None
        ]
        off = [away[(w.id, cell.day)] for w in pool if (w.id, cell.day) in away]
        gaps.append(
            Gap(
                cell.line,
                cell.shift,
                cell.day,
                cell.operation,
                cell.people,
                done,
                len(pool),
                len(off),
                len(pool) - len(off) - done,
                tuple(sorted(set(off))),
            )
        )
    return gaps


def training_gaps(problem: Problem, gaps: list[Gap]) -> list[TrainingGap]:
    """Per operation: the most positions missing on one day, or a week's missing shifts over 5 working days each,
    whichever is more: an estimate of the extra qualified workers that would have filled them."""
    per_day: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    per_week: dict[str, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
    for gap in gaps:
        if gap.for_lack_of_people:
            per_day[gap.operation][gap.day] += gap.missing
            per_week[gap.operation][gap.day.isocalendar()[:2]] += gap.missing
    found = []
    for operation, days in sorted(per_day.items()):
        worst = max(days, key=lambda day: days[day])
        more = max(days[worst], math.ceil(max(per_week[operation].values()) / 5))
        name = problem.operations.get(operation, rules.Operation(operation, operation)).name
        found.append(TrainingGap(operation, name, more, worst, sum(days.values())))
    return found


def coverage(problem: Problem, plan: list[Assignment]) -> float:
    """Filled positions over demanded positions, 0..1 (a cell over-filled counts only its demand)."""
    wanted = sum(cell.people for cell in problem.demand)
    if not wanted:
        return 1.0
    filled: dict[tuple, int] = defaultdict(int)
    for item in plan:
        filled[(item.line, item.shift, item.day, item.operation)] += 1
    return (
        sum(min(cell.people, filled[(cell.line, cell.shift, cell.day, cell.operation)]) for cell in problem.demand)
        / wanted
    )
