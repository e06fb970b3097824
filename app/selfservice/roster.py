"""My coming shifts: the worker's schedule from today, as attendance and the kiosk will read it.

The shift of each day comes from the attendance schedule (app.attendance.schedule.roster: a one-day override wins, then
the worker's or department's weekly pattern), which is what publishing a plan writes and what a kiosk node
holds, so the section shows the same on the office and on a kiosk. Where the day's shift is the one a published
plan put the worker on, the line and operation of that post are named too (the office holds the plans; a kiosk
node shows the shift alone). A hand change after publication (HR moves the worker) wins: the post is then no
longer named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from app.attendance.schedule.roster import load_roster
from app.db.prepared import Prepared
from app.forms import Month
from app.i18n import gettext
from app.people.tables import Employee
from app.piecework.tables import Operation
from app.planning.inputs import ANY_WORK, ANY_WORK_NAME
from app.planning.tables import PlanPost
from app.timeutil import local_today

ROSTER_DAYS = 14  # two weeks ahead: what a plan published weekly or monthly has put on the schedule


@dataclass(frozen=True)
class RosterDay:
    day: date
    kind: str  # app.attendance.rules.DayKind value: working_day | rest_day | holiday
    shift: str  # the shift's name; "" on a day off
    start: time | None
    end: time | None
    line: str  # the published post's line; "" when no published plan put the worker on this shift
    operation: str


# Read on every My page (app.db.prepared: built once).
_POSTS = Prepared(
    lambda employee, first, last: PlanPost.select(
        PlanPost.day,
        PlanPost.shift,
        PlanPost.operation,
        PlanPost.line.name.as_alias("line_name"),
        PlanPost.run.published_at.as_alias("published_at"),
    ).where(
        (PlanPost.employee == employee)
        & (PlanPost.day >= first)
        & (PlanPost.day <= last)
        & PlanPost.run.published_at.is_not_null()
    )
)
_DEPARTMENT = Prepared(lambda employee: Employee.select(Employee.department).where(Employee.id == employee).first())


async def _published_posts(employee_id: int, first: date, last: date) -> dict[date, dict]:
    """The worker's posts in published plans, the newest publication winning on each day."""
    rows = await _POSTS.run(employee_id, first, last)
    found: dict[date, dict] = {}
    for row in sorted(rows, key=lambda item: item["published_at"]):
        found[row["day"]] = row
    return found


async def _operation_names(codes: set[str]) -> dict[str, str]:
    names = {ANY_WORK: gettext(ANY_WORK_NAME)}
    wanted = sorted(codes - {ANY_WORK})
    if wanted:
        for row in await Operation.select(Operation.code, Operation.name).where(Operation.code.is_in(wanted)).run():
            names.setdefault(row["code"], row["name"])
    return names


async def coming_shifts(employee_id: int, zone: ZoneInfo, today: date | None = None) -> list[RosterDay]:
    """Each day from today for ROSTER_DAYS days: the shift to work (or a day off) and, from a published plan,
    where. Nothing when the worker has no schedule at all in those days."""
    first = today or local_today(zone)
    last = first + timedelta(days=ROSTER_DAYS - 1)
    department = await _DEPARTMENT.run(employee_id)
    if department is None:
        return []
    roster = await load_roster([employee_id], first, last)
    posts = await _published_posts(employee_id, first, last)
    names = await _operation_names({row["operation"] for row in posts.values()})
    days = []
    for offset in range(ROSTER_DAYS):
        day = first + timedelta(days=offset)
        plan = roster.plan(employee_id, department["department"], day)
        post = posts.get(day)
        if plan.shift is None or post is None or post["shift"] != plan.shift.id:
            post = None
        days.append(
            RosterDay(
                day,
                plan.kind.value,
                plan.shift.name if plan.shift else "",
                plan.shift.shape.start if plan.shift else None,
                plan.shift.shape.end if plan.shift else None,
                post["line_name"] or "" if post else "",
                names.get(post["operation"], post["operation"]) if post else "",
            )
        )
    return days if any(item.shift for item in days) else []


async def section(employee_id: int, month: Month, zone: ZoneInfo) -> list[RosterDay]:
    """My page's loader (app.selfservice.month.SECTIONS): the coming shifts whichever month is shown."""
    return await coming_shifts(employee_id, zone)
