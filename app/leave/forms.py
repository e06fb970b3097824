"""Parsing the leave forms: a request, a leave type's figures, a person's years worked, banked time off in lieu."""

from __future__ import annotations

from app.errors import Refused
from app.forms import date_field, int_field
from app.i18n import N_
from app.leave.requests import RequestInput
from app.leave.rules import Unit
from app.leave.types import TypeInfo

TOO_LONG = N_("A leave can last at most a year; check the dates.")


def _flag(values: dict[str, str], name: str) -> bool:
    return values.get(name, "") in ("1", "on", "true", "yes")


def parse_request(values: dict[str, str], employee_id: int | None = None) -> RequestInput:
    employee = employee_id if employee_id is not None else int_field(values.get("employee_id"), "employee_id", 1)
    first = date_field(values.get("first"), "first")
    last = date_field(values.get("last") or values.get("first"), "last")
    if (last - first).days > 366:
        raise Refused(TOO_LONG, field="last")
    return RequestInput(employee, values.get("type_code", ""), first, last, _flag(values, "half_first"),
                        _flag(values, "half_last"), values.get("reason", "")[:200])


def parse_type(code: str, label: str, values: dict[str, str]) -> TypeInfo:
    unit = values.get("unit", "working")
    if unit not in (Unit.WORKING, Unit.CALENDAR):
        raise Refused(N_("Choose working days or calendar days."), field="unit")
    return TypeInfo(code, label, int_field(values.get("paid_percent"), "paid_percent", 0, 100), Unit(unit),
                    int_field(values.get("days"), "days", 0, 3650, required=False), _flag(values, "evidence"),
                    _flag(values, "hr_only"), _flag(values, "active"))
