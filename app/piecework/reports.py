"""Piece reports: which operations a worker may report, the segment proposed from punches, recording the fact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.attendance import rules as attendance_rules
from app.attendance.days.compute import PersonDays, people, punches
from app.attendance.schedule.roster import load_roster
from app.audit import service as audit
from app.db.tx import write_transaction
from app.forms import parse_date
from app.ids import new_id
from app.people import plant_settings
from app.people.tables import Employee
from app.piecework import rules
from app.piecework.catalogue import OperationRow, operations
from app.piecework.tables import PieceConfirmation, PieceReport
from app.sync.outbox import record_fact, recording
from app.timeutil import as_utc, local_today, utcnow
from app.training.tables import Certificate

DEFAULT_MINUTES = 8 * 60  # no punch and no shift: a standard day (RULES.md) for the 2x-standard check
NOT_OFFERED = rules.N_("This operation is not open for reporting.")
DAY_CLOSED = rules.N_("Counts can be entered for today and for past days of the open pay period only.")
_DAY_KINDS = {
    attendance_rules.DayKind.WORKDAY: rules.DayKind.WORKING_DAY,
    attendance_rules.DayKind.REST_DAY: rules.DayKind.REST_DAY,
    attendance_rules.DayKind.HOLIDAY: rules.DayKind.HOLIDAY,
}


class ReportRefused(ValueError):
    """The count cannot be recorded; the message is marked for translation and nothing was written."""


@dataclass(frozen=True)
class Choice:
    operation: OperationRow
    refusal: str | None  # None: the worker may report it


@dataclass(frozen=True)
class Proposal:
    """Where a count made now falls: the plant-local work date, the segment and minutes present so far."""

    work_date: date
    segment: rules.TimeSegment
    minutes_worked: int


async def choices(employee_id: int, on: date) -> list[Choice]:
    """Every open operation with a rate in force, and why this worker may not report it, if so."""
    person = await Employee.select(Employee.birth_date).where(Employee.id == employee_id).first().run()
    held: dict[str, list[date]] = {}
    for row in (
        await Certificate.select(Certificate.kind, Certificate.expires_on)
        .where(Certificate.employee == employee_id)
        .run()
    ):
        held.setdefault(row["kind"], []).append(row["expires_on"])
    found = []
    for operation in await operations(on, only_active=True):
        if operation.fen_per_piece is None:
            continue
        refusal = rules.operation_refusal(
            operation.certificate_kind,
            held.get(operation.certificate_kind, []),
            operation.banned_for_minors,
            person["birth_date"] if person else None,
            on,
        )
        found.append(Choice(operation, refusal))
    return found


async def _person_days(
    employee_id: int, first: date, last: date, zone: ZoneInfo, until: datetime | None = None
) -> PersonDays | None:
    found = await people([employee_id], first, last)
    if not found:
        return None
    roster = await load_roster([employee_id], first, last)
    times = (await punches([employee_id], first, last, zone)).get(employee_id, [])
    return PersonDays(found[0], roster, [t for t in times if until is None or t <= until])


def _proposal(
    days: PersonDays, work_date: date, start: datetime, end: datetime, zone: ZoneInfo, worked: list[datetime]
) -> Proposal:
    """The segment for pieces made from start to end (plant-local) on work_date's shift (propose_segment)."""
    plan = days.plan(work_date)
    shift_end = None
    if plan.shift is not None and plan.kind is attendance_rules.DayKind.WORKDAY:
        shift_end = attendance_rules.shift_window(plan.shift.shape, work_date).end.replace(tzinfo=zone)
    calendar_day = days.plan(end.date()).kind if end.date() != work_date else None  # after midnight
    segment = rules.propose_segment(
        start.replace(tzinfo=zone),
        end.replace(tzinfo=zone),
        _DAY_KINDS[plan.kind],
        shift_end,
        _DAY_KINDS[calendar_day] if calendar_day else None,
    )
    minutes = (
        int((end - worked[0]).total_seconds() // 60)
        if worked
        else (attendance_rules.planned_minutes(plan.shift.shape) if plan.shift else DEFAULT_MINUTES)
    )
    return Proposal(work_date, segment, minutes)


async def propose(employee_id: int, at: datetime, zone: ZoneInfo) -> Proposal:
    """The segment for pieces reported at `at` (UTC): from the day's first punch to now, by the day's kind
    and the shift's end (app.piecework.rules.propose_segment); the supervisor confirms it."""
    local = attendance_rules.to_plant_local(at, zone)
    first, last = local.date() - timedelta(days=1), local.date() + timedelta(days=1)
    days = await _person_days(employee_id, first, last, zone, until=local)
    if days is None:
        return Proposal(local.date(), rules.TimeSegment.NORMAL, DEFAULT_MINUTES)
    around = {day: days.plan(day).shape for day in (local.date() - timedelta(days=1), local.date(), last)}
    work_date = attendance_rules.assign_work_date(local, around)
    today = days.by_date.get(work_date, [])
    return _proposal(days, work_date, today[0] if today else local, local, zone, today)


async def propose_for_day(employee_id: int, work_date: date, zone: ZoneInfo) -> Proposal:
    """The segment for counts of a past work date, from that day's punches (first to last); without punches,
    by the day's kind alone (a shift's start to its start)."""
    days = await _person_days(employee_id, work_date - timedelta(days=1), work_date + timedelta(days=2), zone)
    if days is None:
        return Proposal(work_date, rules.TimeSegment.NORMAL, DEFAULT_MINUTES)
    worked = days.by_date.get(work_date, [])
    plan = days.plan(work_date)
    start = worked[0] if worked else datetime.combine(work_date, plan.shape.start if plan.shape else time(8))
    return _proposal(days, work_date, start, worked[-1] if worked else start, zone, worked)


async def count_days(zone: ZoneInfo, today: date | None = None) -> tuple[date, date]:
    """The days a count may be entered for: from rules.earliest_count_day (the open pay period) to today."""
    today = today or local_today(zone)
    locked = await plant_settings.read(plant_settings.PAY_LOCKED_THROUGH)
    locked_through = date.fromisoformat(locked) if isinstance(locked, str) and len(locked) == 10 else None
    return rules.earliest_count_day(today, locked_through), today


async def proposal_for(employee_id: int, work_date: date | None, now: datetime, zone: ZoneInfo) -> Proposal:
    """Today's proposal (work_date None or today), or a past day's within the open pay period, else refused."""
    if work_date is None or work_date == attendance_rules.to_plant_local(now, zone).date():
        return await propose(employee_id, now, zone)
    earliest, today = await count_days(zone, attendance_rules.to_plant_local(now, zone).date())
    if not earliest <= work_date <= today:
        raise ReportRefused(DAY_CLOSED)
    return await propose_for_day(employee_id, work_date, zone)


def work_date_field(text: str) -> date | None:
    """The day a count is for, as a form sends it: empty is today; a date that cannot be read is refused."""
    if not text.strip():
        return None
    day = parse_date(text)
    if day is None:
        raise ReportRefused(DAY_CLOSED)
    return day


async def audit_past_day(actor: audit.Actor, report: PieceReport) -> None:
    """Inside the write transaction: a count entered for a past day is in the audit log (who, which day)."""
    await audit.record(
        actor,
        "piece_report.past_day",
        "piece_report",
        report.id,
        after={
            "employee": report.employee,
            "operation": report.operation,
            "work_date": report.work_date,
            "quantity": report.quantity,
            "defects": report.defects,
            "segment": report.segment,
        },
    )


def check_count(quantity: int, defects: int) -> None:
    """Refuses a count the rules refuse, except for the missing reason: the supervisor gives that when confirming."""
    problems = [p for p in rules.validate_quantity(quantity, defects, None, 0) if p is not rules.NEEDS_REASON]
    if problems:
        raise ReportRefused(problems[0].message)


def report_payload(report: PieceReport) -> dict:
    return {
        "employee_id": report.employee,
        "operation_id": report.operation,
        "quantity": report.quantity,
        "defects": report.defects,
        "segment": report.segment,
        "work_date": report.work_date,
        "reported_at": report.reported_at,
        "minutes_worked": report.minutes_worked,
        "source": report.source,
        "entered_by": report.entered_by,
        "reason": report.reason,
    }


def confirmation_payload(row: PieceConfirmation) -> dict:
    return {
        "report_id": row.report,
        "action": row.action,
        "quantity": row.quantity,
        "defects": row.defects,
        "segment": row.segment,
        "reason": row.reason,
        "by_name": row.by_name,
        "by_user": row.by_user,
        "confirmed_at": row.confirmed_at,
        "employee_id": row.employee,
        "operation_id": row.operation,
        "work_date": row.work_date,
    }


async def store_report(report: PieceReport) -> None:
    """Inside a write transaction: the fact, and its entry in the outbox on a kiosk node."""
    await PieceReport.insert(report).run()
    if recording():
        await record_fact("piece_report", report.id, await _with_code(report_payload(report)), report.reported_at)


async def store_confirmation(row: PieceConfirmation, record: bool = True) -> None:
    """Inside a write transaction: the decision, flagged as the one that counts unless another on the same
    report came first (first-wins by confirmed_at, then id; a late-arriving earlier one takes over)."""
    others = (
        await PieceConfirmation.select(PieceConfirmation.id, PieceConfirmation.confirmed_at)
        .where(PieceConfirmation.report == row.report)
        .run()
    )
    mine = (as_utc(row.confirmed_at), str(row.id))
    row.counts = all(mine < (as_utc(other["confirmed_at"]), str(other["id"])) for other in others)
    if row.counts and others:
        await (
            PieceConfirmation.update({PieceConfirmation.counts: False})
            .where(PieceConfirmation.report == row.report)
            .run()
        )
    await PieceConfirmation.insert(row).run()
    if record:
        if recording():
            await record_fact(
                "piece_confirmation", row.id, await _with_code(confirmation_payload(row)), row.confirmed_at
            )


async def _with_code(payload: dict) -> dict:
    """The worker's code travels with the node's id for them: the office finds the person by it (a worker
    onboarded on this kiosk node has a provisional id here)."""
    row = await Employee.select(Employee.employee_code).where(Employee.id == payload["employee_id"]).first().run()
    return {**payload, "employee_code": row["employee_code"] if row else ""}


async def report_at_kiosk(
    employee_id: int,
    operation_id: int,
    quantity: int,
    defects: int,
    node: str,
    zone: ZoneInfo,
    now: datetime | None = None,
    work_date: date | None = None,
) -> PieceReport:
    """A worker's own report: the operation must be one they may do; the count must be sane. work_date: a past
    day of the open pay period (audited), else today."""
    now = now or utcnow()
    proposal = await proposal_for(employee_id, work_date, now, zone)
    choice = next((c for c in await choices(employee_id, proposal.work_date) if c.operation.id == operation_id), None)
    if choice is None:
        raise ReportRefused(NOT_OFFERED)
    if choice.refusal:
        raise ReportRefused(choice.refusal)
    check_count(quantity, defects)
    report = PieceReport(
        id=new_id(),
        node_id=node,
        reported_at=now,
        received_at=utcnow(),
        work_date=proposal.work_date,
        employee=employee_id,
        operation=operation_id,
        quantity=quantity,
        defects=defects,
        segment=proposal.segment.value,
        minutes_worked=proposal.minutes_worked,
        source="kiosk",
    )
    async with write_transaction():
        await store_report(report)
        if proposal.work_date != attendance_rules.to_plant_local(now, zone).date() and work_date is not None:
            await audit_past_day(audit.Actor(f"kiosk {node}"), report)
    return report
