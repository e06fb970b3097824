"""What payroll reads from leave for a month: approved leave per person and type, counted on each person's own
roster inside the month (a leave across a month end is split where its days fall), and the types' paid shares."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from app.attendance.rules import DayKind
from app.attendance.schedule.roster import load_roster
from app.leave import rules, types
from app.leave.tables import LeaveRequest
from app.people.tables import Employee

CHUNK = 5000


async def month_leave(first: date, last: date) -> dict[int, dict[str, int]]:
    """employee → {type code: half days inside first..last}, approved leave only, working days of the roster
    (paid and deducted by the working day, whatever unit the type counts its entitlement in)."""
    rows = (
        await LeaveRequest.select(
            LeaveRequest.employee,
            LeaveRequest.type_code,
            LeaveRequest.first_day,
            LeaveRequest.last_day,
            LeaveRequest.half_first,
            LeaveRequest.half_last,
        )
        .where(
            (LeaveRequest.status == "approved") & (LeaveRequest.first_day <= last) & (LeaveRequest.last_day >= first)
        )
        .run()
    )
    if not rows:
        return {}
    ids = sorted({row["employee"] for row in rows})
    departments = {
        row["id"]: row["department"]
        for row in await Employee.select(Employee.id, Employee.department).where(Employee.id.is_in(ids)).run()
    }
    roster = await load_roster(ids, first, last)
    found: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        person = row["employee"]

        def working(day: date, person: int = person) -> bool:
            return roster.plan(person, departments.get(person), day).kind is DayKind.WORKDAY

        days = rules.leave_days(
            row["first_day"], row["last_day"], rules.Unit.WORKING, working, row["half_first"], row["half_last"]
        )
        found[person][row["type_code"]] += rules.total_halves(d for d in days if first <= d.day <= last)
    return {person: dict(by_type) for person, by_type in found.items()}


async def paid_percents() -> dict[str, int]:
    return {info.code: info.paid_percent for info in await types.all_types()}
