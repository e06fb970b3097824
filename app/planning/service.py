"""Planner use cases: demand, a run, hand edits, publication to the attendance schedule, the diff on re-planning."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from app.attendance.tables import Shift, ShiftOverride
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_, gettext
from app.people.tables import Department, Employee
from app.planning import gaps, inputs, progress, rules, solver
from app.planning.tables import DemandCell, PlanPost, PlanRun
from app.sync.changes import next_change_no
from app.timeutil import utcnow

MAX_DAYS, MIN_SECONDS, MAX_SECONDS = 31, 1, 120
BROKEN_RULE = N_("Refused: this breaks the rule “%(rule)s”.")


@dataclass(frozen=True)
class Line:
    id: int
    name: str


async def lines_for(user) -> list[Line]:
    """HR plans every line; a department head the departments they head."""
    query = Department.select(Department.id, Department.name).order_by(Department.name)
    if not user.has_any("hr"):
        query = query.where(Department.head == (user.employee_id or 0))
    return [Line(row["id"], row["name"]) for row in await query.run()]


async def check_lines(user, line_ids: list[int]) -> list[int]:
    allowed = {line.id for line in await lines_for(user)}
    if not line_ids or not set(line_ids) <= allowed:
        raise Refused(N_("Choose one or more of your lines."), "lines")
    return sorted(set(line_ids))


def check_period(first: date, last: date) -> None:
    if last < first or (last - first).days + 1 > MAX_DAYS:
        raise Refused(N_("The period runs from a first day to a last day, a month at most."), "last")


async def check_shift(shift_id: int) -> None:
    if not await Shift.exists().where(Shift.id == shift_id).run():
        raise Refused(N_("Choose a shift from the list."), "shift")


async def save_demand(line_id: int, shift_id: int, operation: str, week: list[tuple[date, int]]) -> None:
    """A row of the demand grid: people per day for one line, shift and operation (0 clears the day)."""
    await check_shift(shift_id)
    async with write_transaction():
        for day, people in week:
            same = (
                (DemandCell.line == line_id)
                & (DemandCell.shift == shift_id)
                & (DemandCell.day == day)
                & (DemandCell.operation == operation)
            )
            await DemandCell.delete().where(same).run()
            if people > 0:
                await DemandCell.insert(
                    DemandCell(line=line_id, shift=shift_id, day=day, operation=operation, people=people)
                ).run()


async def demand_week(line_id: int, monday: date) -> dict[tuple[int, str], dict[date, int]]:
    """{(shift id, operation): {day: people}} for the week from monday."""
    rows = (
        await DemandCell.select()
        .where(
            (DemandCell.line == line_id) & (DemandCell.day >= monday) & (DemandCell.day < monday + timedelta(days=7))
        )
        .run()
    )
    grid: dict[tuple[int, str], dict[date, int]] = {}
    for row in rows:
        grid.setdefault((row["shift"], row["operation"]), {})[row["day"]] = row["people"]
    return grid


async def copy_last_week(line_id: int, monday: date) -> int:
    """The week before's demand, day for day, replaces this week's; returns the cells copied."""
    before = await demand_week(line_id, monday - timedelta(days=7))
    async with write_transaction():
        await (
            DemandCell.delete()
            .where(
                (DemandCell.line == line_id)
                & (DemandCell.day >= monday)
                & (DemandCell.day < monday + timedelta(days=7))
            )
            .run()
        )
        cells = [
            DemandCell(line=line_id, shift=shift, day=day + timedelta(days=7), operation=op, people=people)
            for (shift, op), days in before.items()
            for day, people in days.items()
        ]
        if cells:
            await DemandCell.insert(*cells).run()
    return len(cells)


def _assignment(row: dict) -> rules.Assignment:
    return rules.Assignment(row["employee"], row["day"], str(row["shift"]), str(row["line"]), row["operation"])


async def posts(run_id: int) -> list[rules.Assignment]:
    return [_assignment(row) for row in await PlanPost.select().where(PlanPost.run == run_id).run()]


async def published_before(
    line_ids: list[int], first: date, last: date, before_run: int | None = None
) -> list[rules.Assignment]:
    """The posts of the newest published run that shares a line and a day with this period."""
    rows = (
        await PlanRun.select()
        .where(PlanRun.published_at.is_not_null())
        .order_by(PlanRun.published_at, ascending=False)
        .run()
    )
    for row in rows:
        lines = row["lines"] if isinstance(row["lines"], list) else json.loads(row["lines"])
        if (
            row["id"] != before_run
            and set(lines) & set(line_ids)
            and row["first_day"] <= last
            and row["last_day"] >= first
        ):
            return [item for item in await posts(row["id"]) if first <= item.day <= last]
    return []


async def run_planner(
    line_ids: list[int], first: date, last: date, seconds: int, zone: ZoneInfo, actor: audit.Actor, token: str = ""
) -> int:
    """Plan the lines over the period within `seconds` (the best plan so far when time runs out); the run's id.
    `token`: where the page polls the solve's progress (app.planning.progress)."""
    check_period(first, last)
    seconds = max(MIN_SECONDS, min(MAX_SECONDS, seconds))
    problem = await inputs.load_problem(line_ids, first, last, zone)
    problem.previous = await published_before(line_ids, first, last)
    live = progress.start(token, seconds)
    try:
        solution = await asyncio.to_thread(solver.solve, problem, float(seconds), 2, 0, progress.reporter(live))
    finally:
        if live:
            live.done = True
    async with write_transaction():
        rows = (
            await PlanRun.insert(
                PlanRun(
                    first_day=first,
                    last_day=last,
                    lines=json.dumps(line_ids),
                    status=solution.status,
                    seconds=round(solution.seconds, 2),
                    coverage=gaps.coverage(problem, solution.assignments),
                    gap=solution.gap,
                    created_by=actor.name,
                    created_at=utcnow(),
                )
            )
            .returning(PlanRun.id)
            .run()
        )
        run_id = rows[0]["id"]
        if solution.assignments:
            await PlanPost.insert(
                *[
                    PlanPost(
                        run=run_id,
                        employee=item.employee_id,
                        day=item.day,
                        shift=int(item.shift),
                        line=int(item.line),
                        operation=item.operation,
                    )
                    for item in solution.assignments
                ]
            ).run()
        await audit.record(
            actor,
            "plan.run",
            "plan_run",
            run_id,
            after={"lines": line_ids, "first": first, "last": last, "status": solution.status},
        )
    return run_id


async def get_run(run_id: int) -> dict:
    row = await PlanRun.select().where(PlanRun.id == run_id).first().run()
    if row is None:
        raise Refused(N_("There is no such plan."), status=404)
    row["lines"] = row["lines"] if isinstance(row["lines"], list) else json.loads(row["lines"])
    return row


async def edit_post(
    run_id: int,
    employee_id: int,
    day: date,
    shift_id: int | None,
    operation: str,
    line_id: int | None,
    zone: ZoneInfo,
    actor: audit.Actor,
) -> None:
    """Put a worker on a post (or give a day off) in a run; refused with the rule named when it breaks one."""
    run = await get_run(run_id)
    if not run["first_day"] <= day <= run["last_day"]:
        raise Refused(N_("The day is outside the plan's period."), "day")
    line_id = line_id or (run["lines"][0] if run["lines"] else None)
    if shift_id and (line_id not in run["lines"] or not operation):
        raise Refused(N_("Choose a line of this plan and an operation."), "operation")
    if shift_id:
        await check_shift(shift_id)
    problem = await inputs.load_problem(run["lines"], run["first_day"], run["last_day"], zone)
    if problem.worker(employee_id) is None:
        raise Refused(N_("This employee is not on the plan's lines."), "employee")
    edit = rules.Assignment(employee_id, day, str(shift_id), str(line_id), operation) if shift_id else None
    _, broken = rules.edit_violations(problem, await posts(run_id), edit, employee_id, day)
    if broken:
        raise Refused(BROKEN_RULE, "shift", rule=gettext(broken[0].rule))
    async with write_transaction():
        await (
            PlanPost.delete()
            .where((PlanPost.run == run_id) & (PlanPost.employee == employee_id) & (PlanPost.day == day))
            .run()
        )
        if edit:
            await PlanPost.insert(
                PlanPost(
                    run=run_id,
                    employee=employee_id,
                    day=day,
                    shift=shift_id,
                    line=line_id,
                    operation=operation,
                    source="edit",
                )
            ).run()
        await audit.record(
            actor,
            "plan.edit",
            "plan_run",
            run_id,
            after={"employee": employee_id, "day": day, "shift": shift_id, "operation": operation, "line": line_id},
        )


async def publish(run_id: int, actor: audit.Actor) -> int:
    """Each planned worker's days become one-day overrides (a post's shift, or a day off): the schedule attendance
    reads and kiosks pull. Days that already say the same are left alone; returns the overrides written."""
    run = await get_run(run_id)
    staff = (
        await Employee.select(Employee.id)
        .where(Employee.department.is_in(run["lines"] or [0]) & Employee.status.is_in(list(inputs.PLANNED_STATUSES)))
        .run()
    )
    planned = {(item.employee_id, item.day): int(item.shift) for item in await posts(run_id)}
    days = [run["first_day"] + timedelta(days=n) for n in range((run["last_day"] - run["first_day"]).days + 1)]
    ids = [row["id"] for row in staff]
    written = 0
    async with write_transaction():
        existing = {
            (row["employee"], row["work_date"]): row
            for row in await ShiftOverride.select()
            .where(
                ShiftOverride.employee.is_in(ids or [0])
                & (ShiftOverride.work_date >= days[0])
                & (ShiftOverride.work_date <= days[-1])
            )
            .run()
        }
        for employee_id in ids:
            for day in days:
                wanted, row = planned.get((employee_id, day)), existing.get((employee_id, day))
                if row is not None and row["shift"] == wanted:
                    continue
                change_no, written = await next_change_no(), written + 1
                if row is None:
                    await ShiftOverride.insert(
                        ShiftOverride(employee=employee_id, work_date=day, shift=wanted, change_no=change_no)
                    ).run()
                else:
                    await (
                        ShiftOverride.update({ShiftOverride.shift: wanted, ShiftOverride.change_no: change_no})
                        .where(ShiftOverride.id == row["id"])
                        .run()
                    )
        await (
            PlanRun.update({PlanRun.published_at: utcnow(), PlanRun.published_by: actor.name})
            .where(PlanRun.id == run_id)
            .run()
        )
        await audit.record(actor, "plan.publish", "plan_run", run_id, after={"overrides": written})
    return written
