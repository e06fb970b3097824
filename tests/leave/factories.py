"""Rows for leave tests: line A's day shift, its department head with an account, a worker's years worked."""

from __future__ import annotations

from datetime import date

from app.leave.tables import LeavePerson
from app.people.tables import Department
from tests.attendance.factories import make_pattern, make_shift, weekdays
from tests.cast import make_employee, make_user


async def line_a_on_day_shift(cast) -> int:
    shift = await make_shift("D", "早班", "08:00", "17:00", [["12:00", "13:00"]])
    await make_pattern(weekdays(shift), department_id=cast.line_a)
    return shift


async def head_of_line_a(cast) -> int:
    """H0001 heads line A and signs in as head-a (department head)."""
    head = await make_employee("H0001", "赵主任", cast.line_a)
    await Department.update({Department.head: head}).where(Department.id == cast.line_a).run()
    await make_user("head-a", "dept_head", head)
    return head


async def years_worked(employee_id: int, years: int) -> None:
    await LeavePerson.insert(
        LeavePerson(employee=employee_id, years_worked=years, years_confirmed_on=date(2026, 1, 5))
    ).run()
