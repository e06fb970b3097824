"""Personal data by role (PIPL: the minimum needed). HR and admins see everything; supervisors and
department heads see their own people with the phone and birth date masked, enough to recognise a
person and call through HR, not enough to copy a contact or an identity detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def sees_full_personal_data(roles: tuple[str, ...]) -> bool:
    return "admin" in roles or "hr" in roles


def mask_phone(phone: str) -> str:
    """138****8000: the first 3 and last 4 digits of a mobile; short numbers keep only the last 2."""
    digits = phone.strip()
    if not digits:
        return ""
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    return "*" * max(len(digits) - 2, 1) + digits[-2:]


def mask_birth_date(value: date | None) -> str:
    """Only the year (age is work-relevant, the day is identity data)."""
    return f"{value.year}-**-**" if value else ""


@dataclass(frozen=True)
class Scope:
    """Whom a non-HR office user may look up: their department, people they supervise, departments they head."""

    employee_id: int | None
    own_department: int | None
    headed_departments: frozenset[int]


def may_view(scope: Scope, roles: tuple[str, ...], department_id: int | None, supervisor_id: int | None) -> bool:
    if sees_full_personal_data(roles):
        return True
    if department_id is not None and department_id in scope.headed_departments and "dept_head" in roles:
        return True
    if (
        "supervisor" in roles
        and scope.employee_id is not None
        and (
            supervisor_id == scope.employee_id or (department_id is not None and department_id == scope.own_department)
        )
    ):
        return True
    return False


def personal_fields(phone: str, birth_date: date | None, roles: tuple[str, ...]) -> dict[str, str]:
    """Phone and birth date as this role may see them."""
    if sees_full_personal_data(roles):
        return {"phone": phone, "birth_date": birth_date.isoformat() if birth_date else ""}
    return {"phone": mask_phone(phone), "birth_date": mask_birth_date(birth_date)}
