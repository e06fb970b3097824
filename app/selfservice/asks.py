"""A worker's other requests from My page: overtime to be counted, a piece count disputed; and what became of
everything they asked (corrections, overtime, disputes, payslip questions), as My page lists it.

An overtime request (work before the shift that a supervisor arranged: RULES.md counts early arrival only
when approved, so an approved request makes that day's early arrival overtime) and a piece-count dispute are facts like a correction request (app.selfservice.requests):
stored once under a UUIDv7 where they happen, queued for the office on a kiosk node, and at the office
filed in the approvals inbox, where the worker's supervisor (else the department head, else HR)
approves or refuses with a reason. The outcome is the inbox item's; the worker sees it with the reason.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.approvals import registry
from app.approvals import service as approvals
from app.approvals.tables import ApprovalItem
from app.attendance.days import explained
from app.attendance.days.compute import mark_stale
from app.attendance.tables import PunchCorrection
from app.audit.service import Actor
from app.db.prepared import Prepared
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_, gettext
from app.ids import new_id
from app.payroll import questions
from app.piecework.tables import PieceReport
from app.selfservice.requests import _employee, _moment
from app.selfservice.sessions import Me
from app.selfservice.tables import WorkerRequest
from app.sync import outbox
from app.sync.facts import InvalidFact, PushedFact, fact_kind
from app.timeutil import as_utc, local_today, utcnow

OVERTIME, DISPUTE = "overtime", "piece_dispute"  # WorkerRequest kinds and approvals kinds
ASK = "worker_ask"  # fact kind
DAYS_BACK = 31
REASON_LIMIT = 200
MAX_PIECES = 100_000
OFFICE_ONLY = N_("Ask this at the office's My page or on your phone: this kiosk holds no payslips.")


@dataclass(frozen=True)
class Asked:
    """One line of "what I asked" on My page."""

    kind: str  # correction | overtime | piece_dispute | pay_question
    what: str  # in the reader's language
    asked_at: datetime  # UTC
    status: str  # sent | pending | approved | rejected | cancelled
    reason: str  # the decider's reason or HR's answer


def _day(value: str, today: date) -> date:
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        raise Refused(N_("Choose the day."), field="day") from None
    if day > today or day < today - timedelta(days=DAYS_BACK):
        raise Refused(N_("The day must be within the last 31 days."), field="day")
    return day


def _clock(value: str, field: str) -> str:
    try:
        return time.fromisoformat(value or "").strftime("%H:%M")
    except ValueError:
        raise Refused(N_("Give the time as hours and minutes."), field=field) from None


def _reason(value: str) -> str:
    reason = (value or "").strip()
    if not reason or len(reason) > REASON_LIMIT:
        raise Refused(N_("Say why in 1 to 200 characters."), field="reason")
    return reason


def overtime_payload(values: dict, today: date) -> dict:
    """Overtime before the shift on a day: from and until (plant-local HH:MM), and why."""
    day = _day(values.get("day", ""), today)
    start, end = _clock(values.get("start", ""), "start"), _clock(values.get("end", ""), "end")
    if end <= start:
        raise Refused(N_("The end must be after the start."), field="end")
    return {"day": day.isoformat(), "start": start, "end": end, "reason": _reason(values.get("reason", ""))}


def dispute_payload(values: dict, today: date) -> dict:
    """A piece count the worker says is wrong: the day, the pieces they made, and why."""
    day = _day(values.get("day", ""), today)
    raw = (values.get("pieces") or "").strip()
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_PIECES:
        raise Refused(N_("Give the number of pieces you made."), field="pieces")
    return {"day": day.isoformat(), "pieces": int(raw), "reason": _reason(values.get("reason", ""))}


PAYLOADS = {OVERTIME: overtime_payload, DISPUTE: dispute_payload}


def _summary(kind: str, payload: dict) -> str:
    if kind == OVERTIME:
        return f"{payload['day']} {payload['start']}-{payload['end']} · {payload['reason']}"
    return f"{payload['day']} {payload['pieces']} · {payload['reason']}"


async def _store(employee_id: int, request_id, kind: str, payload: dict, recorded_at: datetime, node: str) -> None:
    """Store the request once; at the office file it in the approvals inbox. Inside a write transaction."""
    if await WorkerRequest.exists().where(WorkerRequest.id == request_id).run():
        return
    await WorkerRequest.insert(
        WorkerRequest(
            id=request_id, employee=employee_id, kind=kind, payload=payload, recorded_at=recorded_at, node_id=node
        )
    ).run()
    if not outbox.recording():
        await approvals.file(kind, str(request_id), employee_id, _summary(kind, payload), team=True)


async def ask(me: Me, kind: str, values: dict, zone: ZoneInfo, node: str) -> None:
    """The worker's own request of `kind` (the employee is the session's, never the form's)."""
    payload = PAYLOADS[kind](values, local_today(zone))
    request_id, now = new_id(), utcnow()
    async with write_transaction():
        await _store(me.employee_id, request_id, kind, payload, now, node)
        await outbox.record_fact(ASK, request_id, {"employee_code": me.employee_code, "kind": kind, **payload}, now)


@fact_kind(ASK)
async def apply_ask(fact: PushedFact) -> None:
    """The office stores a kiosk node's request once by its id and files it (validated as the node did)."""
    data = dict(fact.payload)
    kind = data.pop("kind", None)
    employee_id = await _employee(data)
    if kind not in PAYLOADS:
        raise InvalidFact("kind must be overtime or piece_dispute")
    try:
        day = _moment(fact.payload, "day").date()  # checked against itself: the node checked it was recent
        payload = PAYLOADS[kind]({**data, "pieces": str(data.get("pieces", ""))}, day)
    except Refused as refused:
        raise InvalidFact(f"invalid {kind}: {refused.message}") from None
    await _store(employee_id, fact.id, kind, payload, fact.recorded_at, fact.node_id[:60])


async def _nothing_more(ref: str, approved: bool, reason: str, actor: Actor) -> None:
    """The outcome is the inbox item's (the worker reads it on My page); the supervisor adjusts a disputed
    count on the piece confirmation page."""


async def _overtime_decided(ref: str, approved: bool, reason: str, actor: Actor) -> None:
    """Inside the decision's transaction: that day's stored attendance is marked stale, so it is derived again
    with the early arrival counted as overtime (approved) or not."""
    payload = (await _payloads([ref])).get(ref)
    if payload is not None:
        await mark_stale(payload["employee"], date.fromisoformat(payload["day"]))


# Read on every My page (app.db.prepared: built once).
_OVERTIME_ASKED = Prepared(
    lambda ids: WorkerRequest.select(WorkerRequest.id).where(
        WorkerRequest.employee.is_in(ids) & (WorkerRequest.kind == OVERTIME)
    )
)
ASKS_SHOWN = 10
_MY_ASKS = Prepared(
    lambda employee: (
        WorkerRequest.select()
        .where(WorkerRequest.employee == employee)
        .order_by(WorkerRequest.recorded_at, ascending=False)
        .limit(ASKS_SHOWN)
        .output(load_json=True)
    )
)


async def approved_early(employee_ids: list[int] | None, first: date, last: date) -> set[tuple[int, date]]:
    """The days on which a supervisor approved a worker's overtime request: work before the shift counts as
    overtime there (attendance asks through app.attendance.days.explained)."""
    approved = (ApprovalItem.kind == OVERTIME) & (ApprovalItem.status == "approved")
    if employee_ids is not None:  # a few workers (My page, one person's days): their requests, not the plant's
        if not employee_ids:
            return set()
        asked = await _OVERTIME_ASKED.run(list(employee_ids))
        if not asked:
            return set()
        approved &= ApprovalItem.ref.is_in([str(row["id"]) for row in asked])
    refs = [row["ref"] for row in await ApprovalItem.select(ApprovalItem.ref).where(approved).run()]
    found = set()
    for payload in (await _payloads(refs)).values():
        day = date.fromisoformat(payload["day"])
        if first <= day <= last and (employee_ids is None or payload["employee"] in employee_ids):
            found.add((payload["employee"], day))
    return found


def register_effects() -> None:
    """Called once by app.wiring: approved overtime requests count early arrival as overtime."""
    explained.register_early_overtime(approved_early)


def _uuid(ref: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(ref)
    except ValueError:
        return None


async def _payloads(refs: list[str]) -> dict[str, dict]:
    rows = (
        await WorkerRequest.select(WorkerRequest.id, WorkerRequest.employee, WorkerRequest.payload)
        .where(WorkerRequest.id.is_in([_uuid(ref) for ref in refs if _uuid(ref)] or [new_id()]))
        .output(load_json=True)
        .run()
    )
    return {str(row["id"]): {**row["payload"], "employee": row["employee"]} for row in rows}


def _what(kind: str, payload: dict) -> str:
    if kind == OVERTIME:
        return gettext(N_("Overtime on %(day)s from %(start)s to %(end)s: %(reason)s")) % payload
    return gettext(N_("Pieces on %(day)s: I made %(pieces)s: %(reason)s")) % payload


async def describe_overtime(refs: list[str]) -> dict[str, str]:
    return {ref: _what(OVERTIME, payload) for ref, payload in (await _payloads(refs)).items()}


async def describe_dispute(refs: list[str]) -> dict[str, str]:
    """The worker's claim next to what the reports of that day hold (what the supervisor needs to decide)."""
    lines = {}
    for ref, payload in (await _payloads(refs)).items():
        rows = (
            await PieceReport.select(PieceReport.quantity)
            .where(
                (PieceReport.employee == payload["employee"])
                & (PieceReport.work_date == date.fromisoformat(payload["day"]))
            )
            .run()
        )
        reported = sum(row["quantity"] for row in rows)
        lines[ref] = f"{_what(DISPUTE, payload)} · " + gettext(N_("reported that day: %(count)s")) % {"count": reported}
    return lines


async def my_asks(employee_id: int) -> list[Asked]:
    """Everything the worker asked lately (ASKS_SHOWN), newest first, with where it stands and the decider's reason."""
    rows = await _MY_ASKS.run(employee_id)
    corrections = [row["filed_as"] for row in rows if row["kind"] == "correction" and row["filed_as"]]
    decided = (
        {
            row["id"]: (row["status"], row["decision_note"])
            for row in await PunchCorrection.select(
                PunchCorrection.id, PunchCorrection.status, PunchCorrection.decision_note
            )
            .where(PunchCorrection.id.is_in(corrections))
            .run()
        }
        if corrections
        else {}
    )
    outcomes = {
        kind: await approvals.outcomes(kind, [str(row["id"]) for row in rows if row["kind"] == kind])
        for kind in PAYLOADS
    }
    found = []
    for row in rows:
        payload = row["payload"]
        if row["kind"] == "correction":
            status, reason = decided.get(row["filed_as"], ("sent", ""))
            what = gettext(N_("Missing %(which)s at %(at)s: %(reason)s")) % {
                "which": gettext(N_("clock-in") if payload["direction"] == "in" else N_("clock-out")),
                "at": payload["local_at"][:16].replace("T", " "),
                "reason": payload["reason"],
            }
        else:
            status, reason = outcomes[row["kind"]].get(str(row["id"]), ("sent", ""))
            what = _what(row["kind"], payload)
        found.append(Asked(row["kind"], what, as_utc(row["recorded_at"]), status, reason))
    for question in await questions.mine(employee_id, ASKS_SHOWN):
        what = gettext(N_("Payslip %(month)s, item %(item)s: %(text)s")) % {
            "month": question.month,
            "item": question.item,
            "text": question.text,
        }
        found.append(Asked(questions.KIND, what, as_utc(question.raised_at), question.status, question.answer))
    return sorted(found, key=lambda asked: asked.asked_at, reverse=True)[:ASKS_SHOWN]


registry.register(
    registry.Kind(
        OVERTIME,
        N_("Overtime request"),
        lambda ref: "",
        _overtime_decided,
        describe_overtime,
        decides=N_("The worker's supervisor, else the department head"),
    )
)
registry.register(
    registry.Kind(
        DISPUTE,
        N_("Piece-count dispute"),
        lambda ref: "/pieces/confirm",
        _nothing_more,
        describe_dispute,
        decides=N_("The worker's supervisor, else the department head"),
    )
)
