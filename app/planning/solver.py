"""The roster as a CP-SAT model: hard rules as constraints, soft goals as a weighted objective, a time limit.

One boolean per (worker, demand cell) that `rules.post_rule` allows; the rest of the hard rules (one post a day,
minimum rest, a rest day in 7, overtime a month) are linear constraints over them. Workers who share no line with
each other fall into separate models, solved one after the other within the same time limit.
"""

from __future__ import annotations

import time as clock
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from app.planning import greedy, rules
from app.planning.rules import Assignment, Problem


@dataclass(frozen=True)
class Solution:
    assignments: list[Assignment]
    status: str  # OPTIMAL | FEASIBLE | UNKNOWN (no plan in the time; empty) | NO_DEMAND
    seconds: float
    objective: float
    bound: float

    @property
    def gap(self) -> float:
        """CP-SAT's relative optimality gap: 0 proven optimal; (bound - found) / bound, as it maximises."""
        if not self.bound:
            return 0.0
        return max(0.0, (self.bound - self.objective) / abs(self.bound))


def _components(problem: Problem) -> list[tuple[set[str], list[rules.Worker]]]:
    """Groups of lines linked by workers who may work on more than one; a worker with no lines links all."""
    lines = {item.line for item in problem.demand}
    parent = {line: line for line in lines}

    def root(line: str) -> str:
        while parent[line] != line:
            parent[line] = parent[parent[line]]
            line = parent[line]
        return line

    for worker in problem.workers:
        mine = [line for line in (worker.lines or lines) if line in lines]
        for line in mine[1:]:
            parent[root(line)] = root(mine[0])
    groups: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        groups[root(line)].add(line)
    return [(group, [w for w in problem.workers if not w.lines or w.lines & group]) for group in groups.values()]


Report = Callable[[float, float], None]  # (best objective so far, bound), over the parts solved so far


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Tells `report` each better plan CP-SAT finds, with the parts already solved added in."""

    def __init__(self, report: Report, objective: float, bound: float):
        super().__init__()
        self.report, self.objective, self.bound = report, objective, bound

    def on_solution_callback(self) -> None:
        self.report(self.objective + self.ObjectiveValue(), self.bound + self.BestObjectiveBound())


def solve(
    problem: Problem, seconds: float = 10.0, workers: int = 2, seed: int = 0, report: Report | None = None
) -> Solution:
    """The best plan found within `seconds` in all; every plan returned holds every hard rule. `report`, if given,
    hears of every better plan as it is found (the page's live progress)."""
    began, found, objective, bound, statuses = clock.monotonic(), [], 0.0, 0.0, set()
    groups = sorted(_components(problem), key=lambda group: len(group[1]))
    people = [sum(item.people for item in problem.demand if item.line in lines) for lines, _ in groups]
    for index, (lines, staff) in enumerate(groups):
        part = [item for item in problem.demand if item.line in lines]
        left = seconds - (clock.monotonic() - began)
        # what is left of the time, shared by the groups still to solve in proportion to the positions they need
        budget = max(0.5, left * people[index] / max(1, sum(people[index:])))
        reporter = _Reporter(report, objective, bound) if report else None
        plan, status, value, best = _solve_part(problem, part, staff, budget, workers, seed, reporter)
        found += plan
        objective, bound = objective + value, bound + best
        statuses.add(status)
    status = (
        "NO_DEMAND"
        if not groups
        else next((name for name in ("UNKNOWN", "FEASIBLE", "OPTIMAL") if name in statuses), "FEASIBLE")
    )
    return Solution(found, status, clock.monotonic() - began, objective, bound)


def _solve_part(
    problem: Problem,
    demand: list[rules.Demand],
    staff: list[rules.Worker],
    seconds: float,
    workers: int,
    seed: int,
    reporter: _Reporter | None = None,
) -> tuple[list[Assignment], str, float, float]:
    """One group of lines. CP-SAT starts from the greedy plan (or the published one) and must cover at least as
    many positions as the greedy did; if it finds nothing in time, the greedy plan (lawful) is the answer."""
    start = greedy.plan(problem, demand, staff)
    model = cp_model.CpModel()
    cells, worked = _post_variables(problem, model, demand, staff)
    objective = []
    for index, cell in enumerate(demand):
        chosen = [var for (_, cell_index), var in cells.items() if cell_index == index]
        if chosen:
            model.Add(sum(chosen) <= cell.people)
            objective += [problem.weights.cover * var for var in chosen]
    if start:
        model.Add(sum(cells.values()) >= len(start))
    objective += _time_rules(problem, model, staff, worked)
    keep, on = _hints(problem, model, demand, cells, start)
    objective += keep + _soft_goals(problem, model, demand, worked, on)
    model.Maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    # Presolve took 5 of 8 s per line on the loaded 2-core bench machine; without it the complete greedy hint is
    # the first solution at once and the search has the time (bench/roster.py: gap 9% -> under 1% per line).
    solver.parameters.cp_model_presolve = False
    status = solver.Solve(model, reporter) if reporter else solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return start, "FEASIBLE" if start else "UNKNOWN", 0.0, 0.0
    plan = [
        Assignment(worker_id, demand[index].day, demand[index].shift, demand[index].line, demand[index].operation)
        for (worker_id, index), var in cells.items()
        if solver.Value(var)
    ]
    return plan, solver.StatusName(status), solver.ObjectiveValue(), solver.BestObjectiveBound()


def _post_variables(problem, model, demand, staff):
    """x[worker, cell] where the post rules allow it; worked[worker, day, shift] = the sum of a worker's posts."""
    away = problem.away()
    cells, worked = {}, defaultdict(list)
    for worker in staff:
        for index, cell in enumerate(demand):
            if (
                cell.people > 0
                and rules.post_rule(problem, worker, cell.day, cell.shift, cell.line, cell.operation, away) is None
            ):
                var = model.NewBoolVar("")
                cells[(worker.id, index)] = var
                worked[(worker.id, cell.day, cell.shift)].append(var)
    return cells, worked


def _time_rules(problem: Problem, model, staff, worked) -> list:
    """One post a day, minimum rest, a rest day in 7 (counting the days worked just before the period), the monthly
    overtime cap; returns overtime cost terms."""
    days, cost = problem.days, []
    for worker in staff:
        per_day = {
            day: [var for shift in problem.shifts for var in worked.get((worker.id, day, shift), ())] for day in days
        }
        for posts in per_day.values():
            if len(posts) > 1:
                model.Add(sum(posts) <= 1)
        _rest_between(problem, model, worker, worked)
        earlier, span = problem.earlier.get(worker.id, {}), problem.span
        for first in range(len(span) - 6):
            window_days = span[first : first + 7]
            if window_days[-1] < days[0]:
                continue
            fixed = sum(1 for day in window_days if day in earlier)  # worked before the period, as published
            window = [var for day in window_days for var in per_day.get(day, ())]
            if len(window) + fixed > 6:
                model.Add(sum(window) <= 6 - fixed)
        months: dict[tuple[int, int], list] = defaultdict(list)
        for (worker_id, day, shift), posts in worked.items():
            if worker_id == worker.id and (minutes := problem.overtime(shift, day)):
                months[(day.year, day.month)] += [(minutes, var) for var in posts]
                rate = rules.OVERTIME_RATE_PERCENT[problem.kind(day)]
                cost += [-(problem.weights.overtime * minutes * rate // 6000) * var for var in posts]
        for key, terms in months.items():
            room = rules.MONTHLY_OVERTIME_LIMIT - problem.overtime_done.get((worker.id, key), 0)
            if sum(minutes for minutes, _ in terms) > room:
                model.Add(sum(minutes * var for minutes, var in terms) <= max(0, room))
    return cost


def _rest_between(problem: Problem, model, worker, worked) -> None:
    """Two shifts on neighbouring days closer than the minimum rest never both."""
    for index, day in enumerate(problem.days[:-1]):
        following = problem.days[index + 1]
        for first, spec in problem.shifts.items():
            ends = spec.window(day)[1]
            for second, other in problem.shifts.items():
                gap = (other.window(following)[0] - ends).total_seconds() / 60
                before = worked.get((worker.id, day, first))
                after = worked.get((worker.id, following, second))
                if gap < problem.minimum_rest and before and after:
                    model.Add(sum(before) + sum(after) <= 1)


def _soft_goals(problem: Problem, model, demand, worked, on: set[int]) -> list:
    """Stable shifts within a week, fair nights and weekends, stated preferences (shifts asked for, weekdays asked
    off: each post against them costs weights.preference). `on`: the indexes of the
    hinted posts, so each helper variable gets its hint too and CP-SAT starts from a complete solution."""
    weights, terms = problem.weights, []
    per_worker: dict[int, list] = defaultdict(list)
    for (worker_id, day, shift), posts in worked.items():
        per_worker[worker_id].append((day, shift, posts))
    prefs = {worker.id: worker.prefers for worker in problem.workers}
    days_off = {worker.id: worker.days_off for worker in problem.workers}
    heavy_demand = sum(
        cell.people for cell in demand if problem.shifts[cell.shift].night or problem.kind(cell.day) != rules.WORKDAY
    )
    share = -(-heavy_demand // max(1, len(per_worker)))  # the fair share of nights and weekends, rounded up
    for worker_id, items in per_worker.items():
        weeks: dict[tuple[int, str], list] = defaultdict(list)
        heavy = []
        for day, shift, posts in items:
            weeks[(day.isocalendar()[1], shift)] += posts
            if problem.shifts[shift].night or problem.kind(day) != rules.WORKDAY:
                heavy += posts
            if prefs.get(worker_id) and shift not in prefs[worker_id]:
                terms += [-weights.preference * var for var in posts]
            if day.weekday() in days_off.get(worker_id, ()):
                terms += [-weights.preference * var for var in posts]
        kinds: dict[int, list] = defaultdict(list)  # the week's shift kinds the worker is on
        for (week, _), posts in weeks.items():
            used = model.NewBoolVar("")
            model.Add(sum(posts) <= len(posts) * used)
            model.AddHint(used, any(var.Index() in on for var in posts))
            kinds[week].append((used, any(var.Index() in on for var in posts)))
        for used in kinds.values():
            if len(used) > 1:  # each shift kind beyond the first in a week costs; one kind is free
                extra = model.NewIntVar(0, len(used) - 1, "")
                model.Add(extra >= sum(var for var, _ in used) - 1)
                model.AddHint(extra, max(0, sum(hint for _, hint in used) - 1))
                terms.append(-weights.stable * extra)
        if heavy:
            # nights and weekends above the fair share each cost, so they spread out instead of piling up
            excess = model.NewIntVar(0, len(heavy), "")
            model.Add(excess >= sum(heavy) - share)
            model.AddHint(excess, max(0, sum(var.Index() in on for var in heavy) - share))
            terms.append(-weights.fair * excess)
    return terms


def _hints(problem: Problem, model, demand, cells, start: list[Assignment]) -> tuple[list, set[int]]:
    """Start from the published plan when re-planning (rewarding each post kept), else from the greedy plan;
    returns the keep terms and the indexes of the hinted post variables."""
    index = {(d.line, d.shift, d.day, d.operation): i for i, d in enumerate(demand)}

    def keys(plan: list[Assignment]) -> set:
        return {(item.employee_id, index.get((item.line, item.shift, item.day, item.operation))) for item in plan}

    kept = keys(problem.previous)
    hinted = kept if problem.previous else keys(start)
    for key, var in cells.items():
        model.AddHint(var, key in hinted)
    on = {cells[key].Index() for key in hinted if key in cells}
    return [problem.weights.keep * cells[key] for key in kept if key in cells], on
