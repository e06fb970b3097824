"""Office side of piece facts pushed by kiosk nodes: checked, then stored once under the fact's id."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from app.people.tables import Employee
from app.piecework import rules
from app.piecework.reports import store_confirmation
from app.piecework.tables import Operation, PieceConfirmation, PieceReport
from app.sync.facts import InvalidFact, PushedFact, fact_kind, office_id
from app.timeutil import as_utc, utcnow


def _int(payload: dict, key: str, minimum: int = 0) -> int:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidFact(f"{key} must be a whole number of at least {minimum}")
    return value


def _text(payload: dict, key: str, allowed: tuple[str, ...] | None = None, limit: int = 200) -> str:
    value = payload.get(key, "")
    if not isinstance(value, str) or (allowed is not None and value not in allowed) or len(value) > limit:
        raise InvalidFact(f"{key} is missing or not allowed: {value!r}"[:200])
    return value


def _moment(payload: dict, key: str) -> datetime:
    try:
        return as_utc(datetime.fromisoformat(payload[key]))
    except (KeyError, TypeError, ValueError):
        raise InvalidFact(f"{key} must be an ISO date and time") from None


def _date(payload: dict) -> date:
    try:
        return date.fromisoformat(payload.get("work_date", ""))
    except (TypeError, ValueError):
        raise InvalidFact("work_date must be an ISO date") from None


async def _employee(payload: dict) -> int:
    """The office's id of the worker: by the code the fact carries, else by the node's id (checked)."""
    code = payload.get("employee_code")
    if code:
        row = await Employee.select(Employee.id).where(Employee.employee_code == str(code)).first().run()
        if row is None:
            raise InvalidFact(f"employee {code} is not known at the office")
        return row["id"]
    employee = office_id(_int(payload, "employee_id", 1))
    if employee is None or not await Employee.exists().where(Employee.id == employee).run():
        raise InvalidFact(f"no employee {payload.get('employee_id')}")
    return employee


_SEGMENTS = tuple(segment.value for segment in rules.TimeSegment)


@fact_kind("piece_report")
async def apply_report(fact: PushedFact) -> None:
    payload = fact.payload
    if await PieceReport.exists().where(PieceReport.id == fact.id).run():
        return  # a replay
    employee, operation = await _employee(payload), _int(payload, "operation_id", 1)
    quantity, defects = _int(payload, "quantity", 1), _int(payload, "defects")
    if quantity > rules.MAX_PIECES_PER_REPORT or defects > quantity:
        raise InvalidFact("the quantity or the defects are not a count the rules accept")
    work_date = _date(payload)
    if office_id(operation) is None or not await Operation.exists().where(Operation.id == operation).run():
        raise InvalidFact(f"no operation {operation}")
    await PieceReport.insert(
        PieceReport(
            id=fact.id,
            node_id=fact.node_id,
            reported_at=_moment(payload, "reported_at"),
            received_at=utcnow(),
            work_date=work_date,
            employee=employee,
            operation=operation,
            quantity=quantity,
            defects=defects,
            segment=_text(payload, "segment", _SEGMENTS),
            minutes_worked=_int(payload, "minutes_worked"),
            source=_text(payload, "source", ("kiosk", "supervisor")),
            entered_by=_text(payload, "entered_by", limit=60),
            reason=_text(payload, "reason"),
        )
    ).run()


@fact_kind("piece_confirmation")
async def apply_confirmation(fact: PushedFact) -> None:
    """Stored even when another node decided first: the first counts, HR sees the second as a conflict."""
    payload = fact.payload
    if await PieceConfirmation.exists().where(PieceConfirmation.id == fact.id).run():
        return
    try:
        report = uuid.UUID(str(payload.get("report_id")))
    except ValueError:
        raise InvalidFact("report_id must be a UUID") from None
    action = _text(payload, "action", ("confirm", "adjust", "reject"))
    quantity, defects = _int(payload, "quantity"), _int(payload, "defects")
    if action != "reject" and (quantity < 1 or defects > quantity or quantity > rules.MAX_PIECES_PER_REPORT):
        raise InvalidFact("the confirmed count is not one the rules accept")
    by_user = payload.get("by_user")
    await store_confirmation(
        PieceConfirmation(
            id=fact.id,
            report=report,
            node_id=fact.node_id,
            confirmed_at=_moment(payload, "confirmed_at"),
            received_at=utcnow(),
            action=action,
            quantity=quantity,
            defects=defects,
            segment=_text(payload, "segment", _SEGMENTS),
            reason=_text(payload, "reason"),
            by_name=_text(payload, "by_name", limit=60) or "?",
            by_user=by_user if isinstance(by_user, int) else None,
            employee=await _employee(payload),
            operation=_int(payload, "operation_id", 1),
            work_date=_date(payload),
        ),
        record=False,
    )
