"""A lawful first plan in a second, scarcest positions first: CP-SAT starts from it and never covers less (pure)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from app.planning import rules
from app.planning.rules import Assignment, Demand, Problem, Worker


class _State:
    """What the plan so far already holds per worker: the rules a new post must still respect."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.posts: dict[int, dict[date, str]] = defaultdict(dict)  # worker -> day -> shift
        self.overtime: dict[tuple[int, tuple[int, int]], int] = dict(problem.overtime_done)

    def fits(self, worker: Worker, day: date, shift: str) -> bool:
        mine, problem = self.posts[worker.id], self.problem
        if day in mine:
            return False
        start, end = problem.shifts[shift].window(day)
        for other_day in (day.fromordinal(day.toordinal() - 1), day.fromordinal(day.toordinal() + 1)):
            if other_day in mine:
                o_start, o_end = problem.shifts[mine[other_day]].window(other_day)
                rest = (start - o_end) if other_day < day else (o_start - end)
                if rest.total_seconds() / 60 < problem.minimum_rest:
                    return False
        span, earlier = problem.span, problem.earlier.get(worker.id, {})
        index = span.index(day)
        for first in range(max(0, index - 6), min(index, len(span) - 7) + 1):
            window = span[first : first + 7]
            if len(window) == 7 and sum(1 for d in window if d in mine or d == day or d in earlier) > 6:
                return False
        key = (worker.id, (day.year, day.month))
        return self.overtime.get(key, 0) + problem.overtime(shift, day) <= rules.MONTHLY_OVERTIME_LIMIT

    def add(self, worker: Worker, day: date, shift: str) -> None:
        self.posts[worker.id][day] = shift
        key = (worker.id, (day.year, day.month))
        self.overtime[key] = self.overtime.get(key, 0) + self.problem.overtime(shift, day)


def plan(problem: Problem, demand: list[Demand] | None = None, staff: list[Worker] | None = None) -> list[Assignment]:
    """Cells with the fewest eligible workers first; each gets the eligible worker with the fewest other
    operations and posts so far, so versatile people stay free for what only they can do."""
    demand = problem.demand if demand is None else demand
    staff = problem.workers if staff is None else staff
    away, state, found = problem.away(), _State(problem), []
    eligible = {
        index: [
            w
            for w in staff
            if rules.post_rule(problem, w, cell.day, cell.shift, cell.line, cell.operation, away) is None
        ]
        for index, cell in enumerate(demand)
        if cell.people > 0
    }
    order = sorted(eligible, key=lambda i: (demand[i].day, len(eligible[i]) - demand[i].people))
    for index in order:
        cell = demand[index]
        pool = sorted(eligible[index], key=lambda w: (len(w.qualified), len(state.posts[w.id]), w.id))
        filled = 0
        for worker in pool:
            if filled == cell.people:
                break
            if state.fits(worker, cell.day, cell.shift):
                state.add(worker, cell.day, cell.shift)
                found.append(Assignment(worker.id, cell.day, cell.shift, cell.line, cell.operation))
                filled += 1
    return found
