"""Leave at a kiosk node: the request is stored locally and queued in the outbox (a fact, exactly once); the
office applies it, files it for approval, and its status and the balance come back as pulled reference rows.

On the office node a kiosk request is just a request (source "kiosk"). On a kiosk node it is counted on the
local replica (roster, calendar, the pulled LeaveBalance) and stored pending with record_fact in the same
transaction. The office applier stores each fact under its id once (a replay finds it); a request the office
cannot grant (an overlap, not enough balance) is stored as rejected with the reason, so the answer travels back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from app.audit.service import Actor
from app.db.tx import write_transaction
from app.errors import Refused
from app.ids import new_id
from app.leave import balances, requests, rules, types
from app.leave.tables import LeaveBalance, LeaveRequest
from app.people.tables import Employee
from app.settings import Settings
from app.sync import node_state, outbox
from app.sync.facts import InvalidFact, PushedFact, fact_kind
from app.timeutil import as_utc, utcnow

KIND = "leave_request"


@dataclass(frozen=True)
class KioskBalance:
    annual_left: object
    lieu_hours: object
    synced_at: datetime | None  # None at the office: the figures are live


async def kiosk_balance(employee_id: int, year: int, settings: Settings | None = None) -> KioskBalance:
    """At the office the live balance; on a kiosk node the last pulled LeaveBalance, less what this node's
    pending requests ask for, with when it was last pulled."""
    if not outbox.recording():
        live = await balances.of_person(employee_id, year)
        return KioskBalance(live.annual_left, live.lieu_hours, None)
    row = (
        await LeaveBalance.select()
        .where((LeaveBalance.employee == employee_id) & (LeaveBalance.year == year))
        .first()
        .run()
    )
    pending = (
        await LeaveRequest.select(LeaveRequest.type_code, LeaveRequest.halves, LeaveRequest.minutes)
        .where((LeaveRequest.employee == employee_id) & (LeaveRequest.status == "pending"))
        .run()
    )
    annual = (row["annual_halves"] - row["annual_taken_halves"]) if row else 0
    annual -= sum(p["halves"] for p in pending if p["type_code"] == types.ANNUAL)
    lieu = (row["lieu_minutes"] if row else 0) - sum(p["minutes"] for p in pending)
    status = await node_state.status()
    return KioskBalance(rules.as_days(annual), Fraction(lieu, 60), status.last_pull_at)


async def request_at_kiosk(
    data: requests.RequestInput, settings: Settings, node: str, actor: Actor, source: str = "kiosk"
) -> uuid.UUID:
    """A worker's own request, at the kiosk (source kiosk) or on My page (source phone): the same counting and
    checks as the office's; on a kiosk node stored pending and queued in the outbox."""
    if not outbox.recording():
        return await requests.request_leave(data, source, actor, node=node, zone=settings.zone)
    info = await types.type_info(data.type_code)
    counted = await requests.count(data, info)
    request_id, now = new_id(), utcnow()
    code = await Employee.select(Employee.employee_code).where(Employee.id == data.employee_id).first().run()
    async with write_transaction():
        await LeaveRequest.insert(
            LeaveRequest(
                id=request_id,
                node_id=node,
                employee=data.employee_id,
                type_code=info.code,
                first_day=data.first,
                last_day=data.last,
                half_first=data.half_first,
                half_last=data.half_last,
                halves=counted.halves,
                halves_first_year=counted.halves_first_year,
                minutes=counted.minutes,
                event_date=data.event_date,
                pregnancy_months=data.pregnancy_months,
                reason=data.reason,
                source=source,
                status="pending",
                requested_at=now,
                requested_by=actor.name,
            )
        ).run()
        await outbox.record_fact(
            KIND,
            request_id,
            {
                "employee": data.employee_id,
                "employee_code": code["employee_code"] if code else "",
                "type_code": info.code,
                "first": data.first,
                "last": data.last,
                "half_first": data.half_first,
                "half_last": data.half_last,
                "reason": data.reason,
                "difficult": data.difficult,
                "babies": data.babies,
                "pregnancy_months": data.pregnancy_months,
                "event_date": data.event_date,
                "source": source,
            },
            now,
        )
    return request_id


def _months(value: object) -> int | None:
    """A miscarriage's months of pregnancy as the kiosk sent them (None for a birth, or a kiosk before the field)."""
    return None if value is None else max(1, min(10, int(value)))


def _event(value: object, code: str) -> date | None:
    """The event's date as the kiosk sent it (None for a type without events, or a kiosk before the field: the
    office then finds the event by the leave's dates)."""
    return date.fromisoformat(str(value)) if value is not None and code in rules.EVENT_TYPES else None


def _input(fact: PushedFact, employee_id: int) -> requests.RequestInput:
    data = fact.payload
    try:
        return requests.RequestInput(
            employee_id,
            str(data["type_code"]),
            date.fromisoformat(data["first"]),
            date.fromisoformat(data["last"]),
            bool(data.get("half_first")),
            bool(data.get("half_last")),
            str(data.get("reason", ""))[:200],
            bool(data.get("difficult")),
            max(1, min(9, int(data.get("babies") or 1))),
            _months(data.get("pregnancy_months")),
            _event(data.get("event_date"), str(data["type_code"])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidFact(f"not a leave request: {exc}") from None


@fact_kind(KIND)
async def apply_leave_request(fact: PushedFact) -> None:
    """Once per id: filed for approval, or stored rejected with the reason the office refused it."""
    if await LeaveRequest.exists().where(LeaveRequest.id == fact.id).run():
        return
    row = (
        await Employee.select(Employee.id)
        .where(Employee.employee_code == str(fact.payload.get("employee_code", "")))
        .first()
        .run()
    )
    if row is None:
        raise InvalidFact(f"employee {fact.payload.get('employee_code')} is not known at the office")
    data, actor = _input(fact, row["id"]), Actor(name=f"kiosk:{fact.node_id}"[:60])
    source = "phone" if fact.payload.get("source") == "phone" else "kiosk"
    try:
        await requests.request_leave(data, source, actor, node=fact.node_id, request_id=fact.id)
    except Refused as refused:
        await LeaveRequest.insert(
            LeaveRequest(
                id=fact.id,
                node_id=fact.node_id[:40],
                employee=row["id"],
                type_code=data.type_code[:20],
                first_day=data.first,
                last_day=data.last,
                half_first=data.half_first,
                half_last=data.half_last,
                event_date=data.event_date,
                pregnancy_months=data.pregnancy_months,
                reason=data.reason,
                source=source,
                status="rejected",
                requested_at=as_utc(fact.recorded_at),
                requested_by=actor.name,
                decided_at=utcnow(),
                decision_reason=refused.text[:200],  # with its figures: "at most 15 days", not "%(days)s"
                change_no=await requests.stamp(),
            )
        ).run()
