"""What onboarding offers recruiting (plugged in by app/wiring.py): a person's earlier employment, an offer's invite."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from app.audit.service import Actor
from app.onboarding import invites
from app.onboarding.tables import OnboardingFlow
from app.people.tables import Employee, Separation


async def earlier_employment(id_hash: str) -> dict[str, Any] | None:
    """The latest employment of the holder of this ID number (found by its keyed hash), with why it ended."""
    flow = (
        await OnboardingFlow.select(OnboardingFlow.employee)
        .where((OnboardingFlow.id_hash == id_hash) & OnboardingFlow.employee.is_not_null())
        .order_by(OnboardingFlow.started_at, ascending=False)
        .first()
        .run()
    )
    if flow is None:
        return None
    employee = (
        await Employee.select(
            Employee.id, Employee.employee_code, Employee.name, Employee.status, Employee.hire_date, Employee.last_day
        )
        .where(Employee.id == flow["employee"])
        .first()
        .run()
    )
    if employee is None:
        return None
    left = (
        await Separation.select(Separation.reason, Separation.note, Separation.last_day)
        .where((Separation.employee == employee["id"]) & (Separation.status == "left"))
        .order_by(Separation.last_day, ascending=False)
        .first()
        .run()
    )
    return {**employee, "exit_reason": left["reason"] if left else "", "exit_note": left["note"] if left else ""}


async def create_invite(
    values: dict[str, str], today: date, zone: ZoneInfo, actor: Actor, person: dict[str, str] | None = None
) -> str:
    """An invite from the offer form (the invite form's fields, checked the same way): its id, or Refused by field.
    person: the candidate's phone and ID number hash, carried so the worker does not type them again."""
    data = invites.parse_invite(values, today)
    if person:
        data = replace(data, phone=person.get("phone", "")[:20], id_hash=person.get("id_hash", ""))
    return await invites.create_invite(data, zone, actor)


async def employees_of_invites(invite_ids: list[str]) -> dict[str, dict[str, Any]]:
    """{invite id: the employee its onboarding made (status, hire date, last day)} for the invites finished."""
    import uuid

    keys = []
    for text in invite_ids:
        try:
            keys.append(uuid.UUID(text))
        except ValueError:
            continue
    if not keys:
        return {}
    rows = (
        await OnboardingFlow.select(
            OnboardingFlow.invite,
            OnboardingFlow.employee.status.as_alias("status"),
            OnboardingFlow.employee.hire_date.as_alias("hire_date"),
            OnboardingFlow.employee.last_day.as_alias("last_day"),
        )
        .where(OnboardingFlow.invite.is_in(keys) & OnboardingFlow.employee.is_not_null())
        .run()
    )
    return {str(row["invite"]): row for row in rows}
