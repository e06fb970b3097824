"""What an approved leave does elsewhere: explains the attendance days it covers (registered by app.wiring)."""

from __future__ import annotations

from datetime import date, timedelta

from app.attendance.days import explained
from app.leave.tables import LeaveRequest
from app.leave.types import NATIONAL

CHUNK = 5000


async def leave_on_days(employee_ids: list[int] | None, first: date, last: date) -> dict[tuple[int, date], str]:
    """(employee, day) → leave type code for every day inside an approved leave in first..last."""
    query = LeaveRequest.select(
        LeaveRequest.employee, LeaveRequest.type_code, LeaveRequest.first_day, LeaveRequest.last_day
    ).where((LeaveRequest.status == "approved") & (LeaveRequest.first_day <= last) & (LeaveRequest.last_day >= first))
    if employee_ids is not None:
        query = query.where(LeaveRequest.employee.is_in(list(employee_ids) or [0]))
    found: dict[tuple[int, date], str] = {}
    for row in await query.run():
        day = max(first, row["first_day"])
        while day <= min(last, row["last_day"]):
            found[row["employee"], day] = row["type_code"]
            day += timedelta(days=1)
    return found


def register() -> None:
    """Called once by app.wiring: the explainer, the table whose change numbers make those days stale, labels."""
    explained.register(leave_on_days, LeaveRequest._meta.tablename, {info.code: info.label for info in NATIONAL})
