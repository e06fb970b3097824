"""My month: one worker's days, pieces and payslips, read from what this node holds.

Days are derived in memory from the worker's punches, shifts and the calendar with the same rules
HR's pages store (app.attendance.days.compute.PersonDays), so the page never writes and shows today's
punches too; on a kiosk node they come from the scans and shifts that node holds. Pieces are the
worker's reports with the decision that counts and an estimate of their pay (the rate in force on
the day × grade factor × segment; the payslip is what is paid). A capability adds a section to My
page by adding a loader to SECTIONS: ``async (employee_id, month, zone) -> data`` and a template
``templates/selfservice/_<name>.html`` that receives ``data`` (leave balances will be one).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.attendance import rules as attendance_rules
from app.attendance.days import explained
from app.attendance.days.compute import PersonDays, overtime_unit, people, punches
from app.attendance.schedule.roster import load_roster
from app.db.prepared import Prepared
from app.forms import Month
from app.payroll.rules import round_half_up
from app.payroll.tables import PayLine
from app.piecework import rules as piece_rules
from app.piecework.catalogue import grade_histories, rate_histories
from app.piecework.tables import PieceConfirmation, PieceReport
from app.selfservice import leave as my_leave
from app.selfservice import roster
from app.selfservice.reference import cached as _cached
from app.selfservice.tables import PayslipRead
from app.timeutil import as_utc, local_today

PAYSLIPS_SHOWN = 3


# The selects My page runs on every open, built once (app.db.prepared).
_DECISIONS = Prepared(
    lambda reports: (
        PieceConfirmation.select()
        .where(PieceConfirmation.report.is_in(reports))
        .order_by(PieceConfirmation.confirmed_at)
        .order_by(PieceConfirmation.id)
    )
)
_REPORTS = Prepared(
    lambda employee, first, last: (
        PieceReport.select(
            PieceReport.id,
            PieceReport.work_date,
            PieceReport.operation,
            PieceReport.operation.name,
            PieceReport.operation.work_order.code,
            PieceReport.quantity,
            PieceReport.defects,
            PieceReport.employee.skill_grade.as_alias("grade"),
        )
        .where((PieceReport.employee == employee) & (PieceReport.work_date >= first) & (PieceReport.work_date <= last))
        .order_by(PieceReport.work_date, ascending=False)
    )
)
_PAYSLIPS = Prepared(
    lambda employee: (
        PayLine.select(PayLine.period.month.as_alias("month"), PayLine.net_fen, PayLine.gross_fen)
        .where((PayLine.employee == employee) & (PayLine.period.status == "locked"))
        .order_by(PayLine.period.month, ascending=False)
        .limit(PAYSLIPS_SHOWN)
    )
)
_READS = Prepared(
    lambda employee, months: (
        PayslipRead.select(PayslipRead.month, PayslipRead.read_at)
        .where((PayslipRead.employee == employee) & PayslipRead.month.is_in(months))
        .order_by(PayslipRead.read_at)
    )
)


@dataclass(frozen=True)
class DayLine:
    work_date: date
    status: str  # app.attendance.rules.Status value, or "today" while the day is going on
    punches: tuple[datetime, ...]  # plant-local
    late_minutes: int
    early_leave_minutes: int
    overtime_minutes: int
    worked_minutes: int


@dataclass(frozen=True)
class PieceLine:
    work_date: date
    operation: str
    work_order: str
    quantity: int
    defects: int
    state: str  # pending | confirm | adjust | reject
    counted: int  # pieces the decision counts (the adjusted count; 0 while pending or rejected)
    pay_fen: int | None  # estimate for the counted good pieces; None while pending, rejected or without a rate


@dataclass(frozen=True)
class PayslipLine:
    month: str
    net_fen: int
    gross_fen: int
    read_at: datetime | None


@dataclass(frozen=True)
class Section:
    name: str  # the template is templates/selfservice/_<name>.html
    data: Any


async def month_days(employee_id: int, month: Month, zone: ZoneInfo, today: date | None = None) -> list[DayLine]:
    """Every day of the month up to today: derived from the punches this node holds (nothing stored)."""
    today = today or local_today(zone)
    last = min(month.last, today)
    if last < month.first:
        return []
    found = await people([employee_id], month.first, last)
    if not found:
        return []
    span = (month.first - timedelta(days=1), last + timedelta(days=1))
    roster = await _cached(("roster", *span), lambda: load_roster(None, *span))
    person_days = PersonDays(
        found[0], roster, (await punches([employee_id], month.first, last, zone)).get(employee_id, [])
    )
    unit, lines = await _cached(("overtime_unit",), overtime_unit), []
    early = await explained.early_overtime([employee_id], month.first, last)  # approved overtime requests
    for offset in range((last - month.first).days + 1):
        day = month.first + timedelta(days=offset)
        if not found[0].employed_on(day):
            continue
        times = tuple(person_days.by_date.get(day, ()))
        if day == today:
            lines.append(DayLine(day, "today", times, 0, 0, 0, 0))
            continue
        _, derived = person_days.derive(day, unit, (employee_id, day) in early)
        lines.append(
            DayLine(
                day,
                derived.status.value,
                times,
                derived.late_minutes,
                derived.early_leave_minutes,
                derived.overtime_minutes,
                derived.worked_minutes,
            )
        )
    return lines


def _priced(counts: list[piece_rules.ConfirmedCount], grade: int, rates: dict, grades: dict) -> dict[str, int]:
    """Report id -> estimated fen (rounded once per report, for display); a report without a rate in force on its
    day gets none."""
    histories = {count.operation: rates.get(int(count.operation), ()) for count in counts}
    try:
        traces = piece_rules.piece_traces(counts, histories, grades.get(grade, ()))
    except (piece_rules.NotInForce, ValueError):  # one report without a rate: price the others one by one
        if len(counts) == 1:
            return {}
        return {key: value for count in counts for key, value in _priced([count], grade, rates, grades).items()}
    return {trace.report_id: round_half_up(trace.exact_fen) for trace in traces}


async def _decisions(report_ids: list) -> dict:
    """The decision that counts on each report (first by confirmed_at, then id): one query on the report index
    (decisions also carry the employee, but that column has no index)."""
    found: dict = {}
    for row in await _DECISIONS.run(report_ids):
        found.setdefault(row["report"], row)
    return found


async def month_pieces(employee_id: int, month: Month) -> list[PieceLine]:
    """The worker's piece reports of the month, newest day first, each with its decision and pay estimate."""
    rows = await _REPORTS.run(employee_id, month.first, month.last)
    decisions = await _decisions([row["id"] for row in rows]) if rows else {}
    counts = []
    for row in rows:
        decision = decisions.get(row["id"])
        if decision and decision["action"] != "reject":
            counts.append(
                piece_rules.ConfirmedCount(
                    str(row["id"]),
                    row["work_date"],
                    str(row["operation"]),
                    decision["quantity"],
                    decision["defects"],
                    piece_rules.TimeSegment(decision["segment"]),
                )
            )
    priced = (
        _priced(
            counts,
            rows[0]["grade"] or 0,
            await _cached(("rates",), rate_histories),
            await _cached(("grades",), grade_histories),
        )
        if counts
        else {}
    )
    lines = []
    for row in rows:
        decision = decisions.get(row["id"])
        state = decision["action"] if decision else "pending"
        counted = decision["quantity"] if decision and state != "reject" else 0
        lines.append(
            PieceLine(
                row["work_date"],
                row["operation.name"],
                row["operation.work_order.code"],
                row["quantity"],
                row["defects"],
                state,
                counted,
                priced.get(str(row["id"])),
            )
        )
    return lines


async def payslips(employee_id: int) -> list[PayslipLine]:
    """The worker's payslips of locked months, newest first, with when they confirmed reading each."""
    rows = await _PAYSLIPS.run(employee_id)
    reads = await read_months(employee_id, [row["month"] for row in rows])
    return [PayslipLine(row["month"], row["net_fen"], row["gross_fen"], reads.get(row["month"])) for row in rows]


async def read_months(employee_id: int, months: list[str]) -> dict[str, datetime]:
    """When the worker first confirmed reading each of these months' payslips."""
    if not months:
        return {}
    found: dict[str, datetime] = {}
    for row in await _READS.run(employee_id, months):
        found.setdefault(row["month"], as_utc(row["read_at"]))
    return found


async def _days(employee_id: int, month: Month, zone: ZoneInfo) -> list[DayLine]:
    return await month_days(employee_id, month, zone)


async def _pieces(employee_id: int, month: Month, zone: ZoneInfo) -> list[PieceLine]:
    return await month_pieces(employee_id, month)


async def _payslips(employee_id: int, month: Month, zone: ZoneInfo) -> list[PayslipLine]:
    return await payslips(employee_id)


Loader = Callable[[int, Month, ZoneInfo], Awaitable[Any]]
SECTIONS: list[tuple[str, Loader]] = [
    ("roster", roster.section),
    ("days", _days),
    ("pieces", _pieces),
    ("payslips", _payslips),
    ("leave", my_leave.load),
]


async def my_month(employee_id: int, month: Month, zone: ZoneInfo) -> list[Section]:
    """My page's sections in order, for one worker and month (one after the other: see db.tx.read_together)."""
    return [Section(name, await loader(employee_id, month, zone)) for name, loader in SECTIONS]


STATUS_LABELS = {status.value: status.label for status in attendance_rules.Status}
