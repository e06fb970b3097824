"""Shifts as people sees them (a transfer's new shift): through the directory attendance plugs into
app.people.hooks, so people never imports attendance."""

from __future__ import annotations

from datetime import date

from app.audit import service as audit
from app.people import hooks


async def list_shifts() -> list:
    return await hooks.shifts().list_shifts()  # ShiftRow: id, code, name, label


async def shift_exists(shift_id: int) -> bool:
    return await hooks.shifts().shift_exists(shift_id)


async def shift_name(shift_id: int | None) -> str:
    return await hooks.shifts().shift_name(shift_id)


async def assign_shift(
    employee_code: str, department_id: int | None, shift_id: int, effective_from: date, actor: audit.Actor
) -> dict[str, str]:
    """From effective_from the employee works shift_id on the days their department works. Joins the caller's
    write transaction."""
    return await hooks.shifts().assign_on_transfer(employee_code, department_id, shift_id, effective_from, actor)
