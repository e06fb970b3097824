"""Parsing the employee, confirmation, transfer and exit forms into validated values (pure).

A parser returns the value or raises Refused naming every bad field at once, its message marked for translation.
"""

from __future__ import annotations

from datetime import date

from app.errors import Refused
from app.forms import parse_date
from app.i18n import N_
from app.people import rules
from app.people.exits.service import ExitInput
from app.people.lifecycle.service import TransferInput
from app.people.service import EmployeeInput, EmployeeRow
from app.people.tables import EMPLOYEE_STATUSES, EXIT_REASONS, GENDERS

MAX_SKILL_GRADE = 9


DATABASE_INT_LIMIT = 2**63  # a 64-bit column holds no larger id: beyond it a query would fail, not find nothing


def optional_int(text: str | None) -> int | None:
    """A whole number typed or sent in a query (an id, a grade), or None when there is none or it cannot be one."""
    try:
        value = int(text) if text else None
    except ValueError:
        return None
    return value if value is None or -DATABASE_INT_LIMIT < value < DATABASE_INT_LIMIT else None


def _date(values: dict[str, str], name: str, errors: dict[str, str]) -> date | None:
    text = values.get(name, "")
    if not text:
        return None
    value = parse_date(text)
    if value is None:
        errors[name] = N_("Enter a date as YYYY-MM-DD.")
    return value


def parse_employee(values: dict[str, str]) -> EmployeeInput:
    """Validated input, or Refused with an English (translatable) message per bad field."""
    errors: dict[str, str] = {}
    code = rules.validate_employee_code(values.get("employee_code", ""))
    if not code.ok:
        errors["employee_code"] = code.message
    name = values.get("name", "").strip()
    if not name:
        errors["name"] = N_("Enter the employee's name.")
    elif len(name) > 50:
        errors["name"] = N_("A name has at most 50 characters.")
    phone = rules.validate_phone(values["phone"]) if values.get("phone") else None
    if phone is not None and not phone.ok:
        errors["phone"] = phone.message
    gender = values.get("gender", "M")
    if gender not in GENDERS:
        errors["gender"] = N_("Choose a gender from the list.")
    status = values.get("status", "onboarding")
    if status not in EMPLOYEE_STATUSES:
        errors["status"] = N_("Choose a status from the list.")
    birth_date, hire_date = _date(values, "birth_date", errors), _date(values, "hire_date", errors)
    grade = optional_int(values.get("skill_grade") or "1")
    if grade is None or not 1 <= grade <= MAX_SKILL_GRADE:
        errors["skill_grade"] = N_("A skill grade is a whole number from 1 to 9.")
    if errors:
        raise Refused.fields(errors)
    return EmployeeInput(
        employee_code=code.value,
        name=name,
        gender=gender,
        birth_date=birth_date,
        phone=phone.value if phone else "",
        status=status,
        hire_date=hire_date,
        department_id=optional_int(values.get("department_id")),
        position_id=optional_int(values.get("position_id")),
        supervisor_id=optional_int(values.get("supervisor_id")),
        skill_grade=grade,
    )


def blank_values(today: date, suggested_code: str = "") -> dict[str, str]:
    return {
        "gender": "M",
        "status": "onboarding",
        "skill_grade": "1",
        "hire_date": today.isoformat(),
        "employee_code": suggested_code,
    }


def values_of(employee: EmployeeRow) -> dict[str, str]:
    def text(value: object) -> str:
        return "" if value is None else str(value)

    return {
        "employee_code": employee.employee_code,
        "name": employee.name,
        "gender": employee.gender,
        "birth_date": text(employee.birth_date),
        "phone": employee.phone,
        "status": employee.status,
        "hire_date": text(employee.hire_date),
        "department_id": text(employee.department_id),
        "position_id": text(employee.position_id),
        "supervisor_id": text(employee.supervisor_id),
        "skill_grade": text(employee.skill_grade),
    }


def _required_date(values: dict[str, str], name: str, errors: dict[str, str]) -> date | None:
    if not values.get(name):
        errors[name] = N_("Enter a date.")
        return None
    return _date(values, name, errors)


def _note(values: dict[str, str], errors: dict[str, str]) -> str:
    note = values.get("note", "").strip()
    if len(note) > 200:
        errors["note"] = N_("A note has at most 200 characters.")
    return note


def parse_confirm(values: dict[str, str]) -> date:
    errors: dict[str, str] = {}
    effective = _required_date(values, "effective_date", errors)
    if errors:
        raise Refused.fields(errors)
    return effective


def parse_transfer(values: dict[str, str]) -> TransferInput:
    errors: dict[str, str] = {}
    effective = _required_date(values, "effective_date", errors)
    grade = optional_int(values.get("skill_grade") or "1")
    if grade is None or not 1 <= grade <= MAX_SKILL_GRADE:
        errors["skill_grade"] = N_("A skill grade is a whole number from 1 to 9.")
    note = _note(values, errors)
    if errors:
        raise Refused.fields(errors)
    return TransferInput(
        effective_date=effective,
        department_id=optional_int(values.get("department_id")),
        position_id=optional_int(values.get("position_id")),
        skill_grade=grade,
        shift_id=optional_int(values.get("shift_id")),
        note=note,
    )


def parse_exit(values: dict[str, str]) -> ExitInput:
    errors: dict[str, str] = {}
    reason = values.get("reason", "")
    if reason not in EXIT_REASONS:
        errors["reason"] = N_("Choose a reason from the list.")
    notice, last_day = _required_date(values, "notice_date", errors), _required_date(values, "last_day", errors)
    start, end = _date(values, "contract_start", errors), _date(values, "contract_end", errors)
    if notice and last_day and last_day < notice:
        errors["last_day"] = N_("The last day cannot be before the notice.")
    if start and end and end < start:
        errors["contract_end"] = N_("The contract cannot end before it starts.")
    note = _note(values, errors)
    if errors:
        raise Refused.fields(errors)
    return ExitInput(
        reason=reason,
        notice_date=notice,
        last_day=last_day,
        contract_start=start,
        contract_end=end,
        note=note,
        early_release=values.get("early_release") == "1",
    )
