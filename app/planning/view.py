"""What the planner page shows for a run: the roster grid, gaps with reasons, training gaps, fairness, the diff."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from app.attendance.schedule.roster import all_shifts
from app.people.tables import Department, Employee
from app.planning import gaps, inputs, rules, service


@dataclass(frozen=True)
class Cell:
    shift_id: int
    shift_name: str
    operation: str
    line_name: str
    edited: bool
    changed: bool  # differs from the published plan


@dataclass(frozen=True)
class Row:
    employee_id: int
    code: str
    name: str
    line_name: str
    minor: bool
    cells: tuple[Cell | None, ...]
    nights: int
    weekends: int


@dataclass(frozen=True)
class GapRow:
    line_name: str
    shift_name: str
    day: date
    operation_name: str
    gap: gaps.Gap


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    day: date
    before: str
    after: str


@dataclass(frozen=True)
class RunView:
    run: dict
    days: list[date]
    rows: list[Row]
    gaps: list[GapRow]
    training: list[gaps.TrainingGap]
    changes: list[Change]
    shifts: dict[int, str]
    operations: dict[str, str]
    line_names: dict[int, str]


async def run_view(run_id: int, zone: ZoneInfo) -> RunView:
    run = await service.get_run(run_id)
    first, last = run["first_day"], run["last_day"]
    problem = await inputs.load_problem(run["lines"], first, last, zone)
    plan = await service.posts(run_id)
    edited = {
        (row["employee"], row["day"])
        for row in await service.PlanPost.select()
        .where((service.PlanPost.run == run_id) & (service.PlanPost.source == "edit"))
        .run()
    }
    before = (
        {
            (item.employee_id, item.day): item
            for item in await service.published_before(run["lines"], first, last, run_id)
        }
        if not run["published_at"]
        else {}
    )
    shifts = {shift.id: shift.name for shift in (await all_shifts()).values()}
    lines = {row["id"]: row["name"] for row in await Department.select(Department.id, Department.name).run()}
    people = {
        row["id"]: row
        for row in await Employee.select(Employee.id, Employee.employee_code, Employee.name, Employee.department)
        .where(Employee.id.is_in([w.id for w in problem.workers] or [0]))
        .run()
    }
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    mine: dict[int, dict[date, rules.Assignment]] = defaultdict(dict)
    for item in plan:
        mine[item.employee_id][item.day] = item

    def cell(item: rules.Assignment | None, key: tuple[int, date]) -> Cell | None:
        changed = bool(before) and (item != before.get(key))
        if item is None:
            return None
        return Cell(
            int(item.shift),
            shifts.get(int(item.shift), ""),
            item.operation,
            lines.get(int(item.line), ""),
            key in edited,
            changed,
        )

    rows = []
    for worker in problem.workers:
        person, items = people[worker.id], mine.get(worker.id, {})
        heavy = [item for item in items.values() if problem.shifts[item.shift].night]
        weekend = [item for item in items.values() if problem.kind(item.day) != rules.WORKDAY]
        rows.append(
            Row(
                worker.id,
                person["employee_code"],
                person["name"],
                lines.get(person["department"], ""),
                worker.minor_on(first),
                tuple(cell(items.get(day), (worker.id, day)) for day in days),
                len(heavy),
                len(weekend),
            )
        )
    found = gaps.explain(problem, plan)
    names = {code: op.name for code, op in problem.operations.items()}
    gap_rows = [
        GapRow(lines.get(int(g.line), ""), shifts.get(int(g.shift), ""), g.day, names.get(g.operation, g.operation), g)
        for g in found
    ]
    return RunView(
        run,
        days,
        rows,
        gap_rows,
        gaps.training_gaps(problem, found),
        _changes(before, mine, people, shifts),
        shifts,
        names,
        lines,
    )


def _changes(before, mine, people, shifts) -> list[Change]:
    """Posts that differ from the published plan (re-planning after publication)."""
    if not before:
        return []
    now = {(employee_id, day): item for employee_id, items in mine.items() for day, item in items.items()}
    found = []
    for key in sorted(set(before) | set(now), key=lambda k: (k[1], k[0])):
        old, new = before.get(key), now.get(key)
        if old != new and key[0] in people:
            label = lambda item: f"{shifts.get(int(item.shift), '')} {item.operation}" if item else ""  # noqa: E731
            found.append(
                Change(people[key[0]]["employee_code"], people[key[0]]["name"], key[1], label(old), label(new))
            )
    return found
