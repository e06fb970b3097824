"""Parsing the leave forms: a request, a leave type's figures, a person's years worked, banked time off in lieu."""

from __future__ import annotations

from datetime import date, timedelta

from app.errors import Refused
from app.forms import date_field, int_field
from app.i18n import N_
from app.leave import rules
from app.leave.requests import RequestInput
from app.leave.rules import Unit
from app.leave.types import TypeInfo

TOO_LONG = N_("A leave can last at most a year; check the dates.")
EVENT_DATE_NEEDED = N_(
    "Enter the date of the event this leave is for: the wedding, the death, the birth (or expected birth) or the "
    "miscarriage."
)


def _flag(values: dict[str, str], name: str) -> bool:
    return values.get(name, "") in ("1", "on", "true", "yes")


def pregnancy_months(values: dict[str, str]) -> int | None:
    """Maternity leave after a miscarriage: the months of pregnancy (1 to 10), None for a birth."""
    if values.get("type_code") != "maternity":
        return None
    return int_field(values.get("pregnancy_months"), "pregnancy_months", 1, 10, required=False)


def event_date(values: dict[str, str]) -> date | None:
    """A per-event type's event date (the wedding, the death, the birth or expected birth, the miscarriage): asked
    for marriage, bereavement, paternity and maternity leave, ignored for the others."""
    if values.get("type_code") not in rules.EVENT_TYPES:
        return None
    if not (values.get("event_date") or "").strip():
        raise Refused(EVENT_DATE_NEEDED, field="event_date")
    return date_field(values.get("event_date"), "event_date")


def maternity_last(values: dict[str, str], first: date, province_days: int | None) -> date:
    """Without a last day, maternity leave runs its calendar days from the first: 98 (or the province's figure),
    +15 for a difficult birth, +15 per additional baby; after a miscarriage 15 days before 4 months of pregnancy,
    42 from 4 months (Special Rules art. 7)."""
    months = pregnancy_months(values)
    if months is not None:
        return first + timedelta(days=rules.miscarriage_days(months) - 1)
    babies = int_field(values.get("babies") or "1", "babies", 1, 9)
    extra = max(0, (province_days or rules.MATERNITY_DAYS) - rules.MATERNITY_DAYS)
    return first + timedelta(days=rules.maternity_days(_flag(values, "difficult"), babies, extra) - 1)


def parse_request(
    values: dict[str, str], employee_id: int | None = None, maternity_days: int | None = None
) -> RequestInput:
    employee = employee_id if employee_id is not None else int_field(values.get("employee_id"), "employee_id", 1)
    first = date_field(values.get("first"), "first")
    if values.get("type_code") == "maternity" and not values.get("last"):
        last = maternity_last(values, first, maternity_days)
    else:
        last = date_field(values.get("last") or values.get("first"), "last")
    if (last - first).days > 366:
        raise Refused(TOO_LONG, field="last")
    return RequestInput(
        employee,
        values.get("type_code", ""),
        first,
        last,
        _flag(values, "half_first"),
        _flag(values, "half_last"),
        values.get("reason", "")[:200],
        _flag(values, "difficult"),
        int_field(values.get("babies") or "1", "babies", 1, 9),
        pregnancy_months(values),
        event_date(values),
    )


def parse_type(code: str, label: str, values: dict[str, str]) -> TypeInfo:
    unit = values.get("unit", "working")
    if unit not in (Unit.WORKING, Unit.CALENDAR):
        raise Refused(N_("Choose working days or calendar days."), field="unit")
    return TypeInfo(
        code,
        label,
        int_field(values.get("paid_percent"), "paid_percent", 0, 100),
        Unit(unit),
        int_field(values.get("days"), "days", 0, 3650, required=False),
        _flag(values, "evidence"),
        _flag(values, "hr_only"),
        _flag(values, "active"),
    )
