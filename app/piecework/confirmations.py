"""The supervisor's side: today's pending reports of their team, confirm / adjust / reject, first-wins.

A report's confirmation is the first PieceConfirmation by confirmed_at (then id). On one node a
second decision on a decided report is refused; two nodes that were offline at once can both
decide, and then the later one is kept as a conflict for HR (`conflicts`). The team is the one
punch corrections use (app.people.team): HR may act for anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from uuid import UUID
from zoneinfo import ZoneInfo

from app.attendance.rules import to_plant_local
from app.auth.service import CurrentUser
from app.db.tx import write_transaction
from app.i18n import N_
from app.ids import new_id
from app.people.team import team
from app.piecework import rules
from app.piecework.reports import (
    NOT_OFFERED,
    ReportRefused,
    audit_past_day,
    check_count,
    choices,
    proposal_for,
    store_confirmation,
    store_report,
)
from app.piecework.tables import Operation, PieceConfirmation, PieceReport
from app.timeutil import as_utc, local_today, utcnow

PENDING_DAYS = 7  # older reports still pending stay on the tablet for a week, then HR follows them up
NOT_YOURS = N_("This report is not of your team.")
ALREADY_DECIDED = N_("This report was already decided by someone else.")
REASON_NEEDED = N_("Give a reason for an adjustment or a rejection.")
UNKNOWN_REPORT = N_("This report does not exist.")
UNKNOWN_SEGMENT = N_("Choose the time segment.")


@dataclass(frozen=True)
class ReportRow:
    id: UUID
    work_date: date
    reported_at: datetime
    employee_id: int
    employee_code: str
    employee_name: str
    operation_id: int
    operation: str
    work_order: str
    quantity: int
    defects: int
    segment: str
    minutes_worked: int
    standard_per_hour: int
    source: str
    reason: str

    @property
    def needs_reason(self) -> bool:
        """Above twice the standard output for the hours worked (RULES.md): the confirmer gives a reason."""
        return self.above_standard(self.quantity)

    def above_standard(self, quantity: int) -> bool:
        if not self.standard_per_hour:
            return False
        hours = Fraction(self.minutes_worked, 60)
        return rules.NEEDS_REASON in rules.validate_quantity(quantity, 0, self.standard_per_hour, hours)


_COLUMNS = (
    PieceReport.id,
    PieceReport.work_date,
    PieceReport.reported_at,
    PieceReport.employee,
    PieceReport.employee.employee_code,
    PieceReport.employee.name,
    PieceReport.operation,
    PieceReport.operation.name,
    PieceReport.operation.work_order.code,
    PieceReport.quantity,
    PieceReport.defects,
    PieceReport.segment,
    PieceReport.minutes_worked,
    PieceReport.operation.standard_per_hour,
    PieceReport.source,
    PieceReport.reason,
)


def _report_row(row: dict) -> ReportRow:
    return ReportRow(
        row["id"],
        row["work_date"],
        as_utc(row["reported_at"]),
        row["employee"],
        row["employee.employee_code"],
        row["employee.name"],
        row["operation"],
        row["operation.name"],
        row["operation.work_order.code"],
        row["quantity"],
        row["defects"],
        row["segment"],
        row["minutes_worked"],
        row["operation.standard_per_hour"],
        row["source"],
        row["reason"],
    )


async def reports(where, order_newest: bool = False) -> list[ReportRow]:
    rows = (
        await PieceReport.select(*_COLUMNS)
        .where(where)
        .order_by(PieceReport.reported_at, ascending=not order_newest)
        .run()
    )
    return [_report_row(row) for row in rows]


async def decided_ids(report_ids: list[UUID]) -> set[UUID]:
    if not report_ids:
        return set()
    rows = (
        await PieceConfirmation.select(PieceConfirmation.report).where(PieceConfirmation.report.is_in(report_ids)).run()
    )
    return {row["report"] for row in rows}


async def pending(user: CurrentUser, zone: ZoneInfo) -> list[ReportRow]:
    """The team's undecided reports of the last week, oldest first."""
    members = [member.id for member in await team(user)]
    since = local_today(zone) - timedelta(days=PENDING_DAYS - 1)
    found = await reports(PieceReport.employee.is_in(members or [0]) & (PieceReport.work_date >= since))
    decided = await decided_ids([row.id for row in found])
    return [row for row in found if row.id not in decided]


async def first_decision(report_id: UUID) -> dict | None:
    return (
        await PieceConfirmation.select()
        .where(PieceConfirmation.report == report_id)
        .order_by(PieceConfirmation.confirmed_at)
        .order_by(PieceConfirmation.id)
        .first()
        .run()
    )


async def first_decisions(report_ids: list[UUID]) -> dict[UUID, dict]:
    """The decision that counts for each report (first by confirmed_at, then id); undecided ones are absent."""
    found: dict[UUID, dict] = {}
    for start in range(0, len(report_ids), 5000):  # keeps each query's parameters under asyncpg's limit
        rows = (
            await PieceConfirmation.select()
            .where(PieceConfirmation.report.is_in(report_ids[start : start + 5000]))
            .order_by(PieceConfirmation.confirmed_at)
            .order_by(PieceConfirmation.id)
            .run()
        )
        for row in rows:
            found.setdefault(row["report"], row)
    return found


@dataclass(frozen=True)
class Decision:
    action: str  # confirm | adjust | reject
    quantity: int | None = None
    defects: int | None = None
    segment: str = ""
    reason: str = ""


def _checked(report: ReportRow, decision: Decision) -> PieceConfirmation:
    """The confirmation to store, or ReportRefused with the first problem."""
    reason = decision.reason.strip()
    segment = decision.segment or report.segment
    if segment not in {s.value for s in rules.TimeSegment}:
        raise ReportRefused(UNKNOWN_SEGMENT)
    if decision.action not in ("confirm", "adjust", "reject"):
        raise ReportRefused(UNKNOWN_REPORT)
    if decision.action in ("adjust", "reject") and not reason:
        raise ReportRefused(REASON_NEEDED)
    quantity, defects = report.quantity, report.defects
    if decision.action == "adjust":
        quantity = decision.quantity if decision.quantity is not None else report.quantity
        defects = decision.defects if decision.defects is not None else report.defects
    if decision.action != "reject":
        check_count(quantity, defects)
        if report.above_standard(quantity) and not reason:
            raise ReportRefused(rules.NEEDS_REASON.message)
    return PieceConfirmation(
        report=report.id,
        employee=report.employee_id,
        operation=report.operation_id,
        work_date=report.work_date,
        action=decision.action,
        quantity=quantity if decision.action != "reject" else 0,
        defects=defects if decision.action != "reject" else 0,
        segment=segment,
        reason=reason[:200],
    )


async def decide(
    user: CurrentUser, report_id: UUID, decision: Decision, node: str, now: datetime | None = None
) -> PieceConfirmation:
    found = await reports(PieceReport.id == report_id)
    if not found:
        raise ReportRefused(UNKNOWN_REPORT)
    report = found[0]
    if report.employee_id not in {member.id for member in await team(user)}:
        raise ReportRefused(NOT_YOURS)
    row = _checked(report, decision)
    now = now or utcnow()
    row.id, row.node_id, row.confirmed_at, row.received_at = new_id(), node, now, utcnow()
    row.by_name, row.by_user = user.display_name or user.username, user.id
    async with write_transaction():
        earlier = await first_decision(report_id)
        if earlier is not None:
            raise ReportRefused(ALREADY_DECIDED)
        await store_confirmation(row)
    return row


async def confirm_all(user: CurrentUser, report_ids: list[UUID], node: str, zone: ZoneInfo) -> tuple[int, int]:
    """Confirms as reported every listed pending report of the team that needs no reason.
    Returns (confirmed, left for one-by-one decisions)."""
    wanted = set(report_ids)
    confirmed = left = 0
    for report in await pending(user, zone):
        if report.id not in wanted:
            continue
        if report.needs_reason:
            left += 1
            continue
        try:
            await decide(user, report.id, Decision("confirm"), node)
            confirmed += 1
        except ReportRefused:
            left += 1
    return confirmed, left


async def enter_for_worker(
    user: CurrentUser,
    employee_id: int,
    operation_id: int,
    quantity: int,
    defects: int,
    reason: str,
    node: str,
    zone: ZoneInfo,
    now: datetime | None = None,
    work_date: date | None = None,
) -> PieceReport:
    """A supervisor enters a count for a team member: the report and its confirmation, as two facts. work_date:
    a past day of the open pay period, its segment proposed from that day's punches (audited); else today."""
    now = now or utcnow()
    if employee_id not in {member.id for member in await team(user)}:
        raise ReportRefused(NOT_YOURS)
    proposal = await proposal_for(employee_id, work_date, now, zone)
    choice = next((c for c in await choices(employee_id, proposal.work_date) if c.operation.id == operation_id), None)
    if choice is None or choice.refusal:
        raise ReportRefused(choice.refusal if choice else NOT_OFFERED)
    check_count(quantity, defects)
    standard = (await Operation.select(Operation.standard_per_hour).where(Operation.id == operation_id).first().run())[
        "standard_per_hour"
    ]
    if standard and rules.NEEDS_REASON in rules.validate_quantity(
        quantity, 0, standard, Fraction(proposal.minutes_worked, 60), reason
    ):
        raise ReportRefused(rules.NEEDS_REASON.message)
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
        source="supervisor",
        entered_by=user.username,
        reason=reason.strip()[:200],
    )
    confirmation = PieceConfirmation(
        id=new_id(),
        report=report.id,
        employee=employee_id,
        operation=operation_id,
        work_date=report.work_date,
        node_id=node,
        confirmed_at=now,
        received_at=utcnow(),
        action="confirm",
        quantity=quantity,
        defects=defects,
        segment=report.segment,
        reason=reason.strip()[:200],
        by_name=user.display_name or user.username,
        by_user=user.id,
    )
    async with write_transaction():
        await store_report(report)
        await store_confirmation(confirmation)
        if work_date is not None and work_date != to_plant_local(now, zone).date():
            await audit_past_day(user.actor, report)
    return report


@dataclass(frozen=True)
class Conflict:
    report: ReportRow
    decisions: list[dict]  # every decision, first (the one that counts) first


async def conflicts(first: date, last: date) -> list[Conflict]:
    """Reports decided more than once (two nodes offline at once): the first counts, HR sees the rest."""
    found = await reports((PieceReport.work_date >= first) & (PieceReport.work_date <= last))
    by_report: dict[UUID, list[dict]] = {}
    if found:
        for row in (
            await PieceConfirmation.select()
            .where(PieceConfirmation.report.is_in([r.id for r in found]))
            .order_by(PieceConfirmation.confirmed_at)
            .order_by(PieceConfirmation.id)
            .run()
        ):
            by_report.setdefault(row["report"], []).append(row)
    return [Conflict(report, by_report[report.id]) for report in found if len(by_report.get(report.id, [])) > 1]
