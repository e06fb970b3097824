"""Shifts for people's transfers: the directory app.people.hooks asks for (list, check, name) and
assign_on_transfer, which puts a transferred employee on a shift through the schedule. app/wiring.py plugs
this module into people, so people never imports attendance."""

from __future__ import annotations

from datetime import date

from app.attendance import rules as attendance_rules
from app.attendance.schedule import service as schedule
from app.attendance.schedule.forms import PatternInput
from app.attendance.schedule.roster import load_roster
from app.audit import service as audit

list_shifts = schedule.list_shifts  # ShiftRow: id, code, name, label


async def shift_exists(shift_id: int) -> bool:
    return await schedule.get_shift(shift_id) is not None


async def shift_name(shift_id: int | None) -> str:
    shift = await schedule.get_shift(shift_id) if shift_id else None
    return shift.name if shift else ""


async def _working_days(department_id: int | None, on: date) -> list[bool]:
    """The weekdays (Monday first) the department works on its pattern in force that day; without a
    pattern, the plant's default week (Saturday and Sunday off)."""
    roster = await load_roster([], on, on)  # no employee's own pattern: the department's alone
    week = roster.week(0, department_id, on) if department_id else None
    if week is None or not any(item in roster.shifts for item in week):
        return [number not in attendance_rules.DEFAULT_WEEKLY_REST_DAYS for number in range(1, 8)]
    return [item in roster.shifts for item in week]


async def assign_on_transfer(
    employee_code: str, department_id: int | None, shift_id: int, effective_from: date, actor: audit.Actor
) -> dict[str, str]:
    """From effective_from the employee works shift_id on the days their department works (their own weekly
    pattern, saved with a change number by attendance's schedule). Joins the caller's write transaction."""
    week = tuple(shift_id if works else None for works in await _working_days(department_id, effective_from))
    return await schedule.save_pattern(
        PatternInput(department_id=None, employee_code=employee_code, week=week, effective_from=effective_from), actor
    )
