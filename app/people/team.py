"""Who is on a supervisor's team, defined once: the employees whose supervisor they are, and everyone else in
their own department (the department of the employee record their account is linked to). HR's team is
everyone. Corrections, punches entered in bulk, leave entered for someone, piece confirmations, appraisal
and probation all ask this."""

from __future__ import annotations

from dataclasses import dataclass

from app.auth.service import CurrentUser
from app.people.tables import Employee


@dataclass(frozen=True)
class TeamMember:
    id: int
    employee_code: str
    name: str


async def team(user: CurrentUser) -> list[TeamMember]:
    """Whom user may ask corrections for (see the module docstring), by employee code."""
    query = (
        Employee.select(Employee.id, Employee.employee_code, Employee.name)
        .where(Employee.status != "left")
        .order_by(Employee.employee_code)
    )
    if not user.has_any("hr"):
        if user.employee_id is None:
            return []
        own = await Employee.select(Employee.department).where(Employee.id == user.employee_id).first().run()
        mine = Employee.supervisor == user.employee_id
        if own and own["department"] is not None:
            mine |= Employee.department == own["department"]
        query = query.where(mine & (Employee.id != user.employee_id))
    return [TeamMember(row["id"], row["employee_code"], row["name"]) for row in await query.run()]


async def on_team(user: CurrentUser, employee_id: int) -> bool:
    return any(member.id == employee_id for member in await team(user))
