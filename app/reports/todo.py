"""What waits for HR today, and for a department head: each item a count, the place to act, and how urgent.

Reads the capabilities below it (reports sits on top). Counts are cheap grouped queries; the lists behind
them live on the pages the items link to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from piccolo.query.methods.select import Count

from app.approvals import service as approvals
from app.attendance.days.queries import monthly_overtime
from app.attendance.tables import AttendanceDay, PunchCorrection
from app.auth.tables import Device
from app.i18n import N_
from app.onboarding import contract_terms
from app.payroll.tables import PayPeriod
from app.people.tables import Employee
from app.piecework.tables import PieceConfirmation, PieceReport
from app.reports.rules import over_overtime_limit
from app.training import probation, safety

SILENT_AFTER = timedelta(hours=1)  # a kiosk node that has not synced for an hour while the office runs
MINOR_AGE = 18


@dataclass(frozen=True)
class Todo:
    label: str  # msgid with %(count)s
    count: int
    href: str
    urgent: bool = False


async def _missing_punches(first: date, yesterday: date, department_id: int | None) -> int:
    where = (
        (AttendanceDay.work_date >= first)
        & (AttendanceDay.work_date <= yesterday)
        & (AttendanceDay.status == "missing_punch")
    )
    if department_id is not None:
        where &= AttendanceDay.employee.department == department_id
    return await AttendanceDay.count().where(where).run()


async def _pending_corrections(department_id: int | None) -> int:
    where = PunchCorrection.status == "pending"
    if department_id is not None:
        where &= PunchCorrection.employee.department == department_id
    return await PunchCorrection.count().where(where).run()


async def _undecided_counts(before: date, department_id: int | None) -> int:
    """Piece reports older than today with no decision: the supervisor has not confirmed them."""
    decided = PieceConfirmation.select(PieceConfirmation.report)
    where = (PieceReport.work_date < before) & PieceReport.id.not_in(decided)
    if department_id is not None:
        where &= PieceReport.employee.department == department_id
    return await PieceReport.count().where(where).run()


async def _minors(today: date) -> int:
    born_after = date(today.year - MINOR_AGE, today.month, min(today.day, 28))
    return await Employee.count().where((Employee.status != "left") & (Employee.birth_date > born_after)).run()


async def _over_overtime(first: date, today: date, department_id: int | None) -> int:
    rows = await monthly_overtime(first, today, department_id)
    return sum(1 for row in rows if over_overtime_limit(row.total_minutes))


async def _silent_nodes(now: datetime) -> int:
    rows = (
        await Device.select(Device.last_seen_at)
        .where((Device.kind == "node") & Device.revoked_at.is_null() & Device.enrolled_at.is_not_null())
        .run()
    )
    return sum(1 for row in rows if row["last_seen_at"] is None or now - row["last_seen_at"] > SILENT_AFTER)


async def _payroll_step(today: date) -> Todo | None:
    """Last month's pay: to compute, to check and lock, or done (then nothing to show)."""
    month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    row = await PayPeriod.select(PayPeriod.status).where(PayPeriod.month == month).first().run()
    status = row["status"] if row else "open"
    if status == "locked":
        return None
    label = N_("Compute last month's pay") if status == "open" else N_("Check and lock last month's pay")
    return Todo(label, 1, f"/payroll/{month}", urgent=today.day > 10)


async def hr_todo(today: date, now: datetime) -> list[Todo]:
    first = today.replace(day=1)
    items = [
        Todo(
            N_("%(count)s punch corrections wait for approval"),
            await _pending_corrections(None),
            "/attendance/corrections?status=pending",
            urgent=True,
        ),
        Todo(
            N_("%(count)s missing punches this month"),
            await _missing_punches(first, today - timedelta(days=1), None),
            "/attendance/exceptions",
        ),
        Todo(
            N_("%(count)s piece reports from earlier days not yet confirmed"),
            await _undecided_counts(today, None),
            "/pieces/reports",
        ),
        Todo(
            N_("%(count)s probations end within 30 days"),
            len(await probation.due(today)),
            "/training/probation",
            urgent=True,
        ),
        Todo(
            N_("%(count)s labour contracts end within 30 days: renew or not"),
            len(await contract_terms.ending(today)),
            "/onboarding/contracts/ending",
            urgent=True,
        ),
        Todo(
            N_("%(count)s certificates expired or expiring within 30 days"),
            len(await safety.expiring(today)),
            "/training/expiring",
            urgent=True,
        ),
        Todo(
            N_("%(count)s people over 36 hours of overtime this month"),
            await _over_overtime(first, today, None),
            "/attendance/overtime",
            urgent=True,
        ),
        Todo(N_("%(count)s minor workers (16–17): health checks and banned posts"), await _minors(today), "/people"),
        Todo(N_("%(count)s kiosk nodes silent for over an hour"), await _silent_nodes(now), "/sync", urgent=True),
    ]
    waiting = await approvals.items()
    items += [
        Todo(N_("%(count)s requests overdue for approval"), sum(i.overdue for i in waiting), "/approvals", urgent=True),
        Todo(N_("%(count)s requests wait for approval"), sum(not i.overdue for i in waiting), "/approvals"),
    ]
    step = await _payroll_step(today)
    return [item for item in [*items, step] if item is not None and item.count]


async def team_todo(
    today: date, department_id: int, roles: tuple[str, ...] = (), employee_id: int | None = None
) -> list[Todo]:
    first = today.replace(day=1)
    waiting = await approvals.waiting_for(roles, employee_id) if employee_id is not None else []
    items = [
        Todo(N_("%(count)s requests overdue for approval"), sum(i.overdue for i in waiting), "/approvals", urgent=True),
        Todo(N_("%(count)s requests wait for approval"), sum(not i.overdue for i in waiting), "/approvals"),
        Todo(
            N_("%(count)s punch corrections of your team wait for HR"),
            await _pending_corrections(department_id),
            "/attendance/corrections?status=pending",
        ),
        Todo(
            N_("%(count)s piece reports from earlier days not yet confirmed"),
            await _undecided_counts(today, department_id),
            "/pieces/confirm",
            urgent=True,
        ),
        Todo(
            N_("%(count)s people over 36 hours of overtime this month"),
            await _over_overtime(first, today, department_id),
            "/attendance/overtime",
            urgent=True,
        ),
        Todo(
            N_("%(count)s probations end within 30 days"),
            len(await probation.due(today, frozenset({department_id}))),
            "/training/probation",
        ),
    ]
    return [item for item in items if item.count]


async def team_today(today: date, department_id: int) -> dict[str, int]:
    """The team's day so far: how many attendance days of each status (derived up to yesterday) and headcount."""
    rows = (
        await AttendanceDay.select(AttendanceDay.status, Count(AttendanceDay.id, alias="n"))
        .where(
            (AttendanceDay.work_date == today - timedelta(days=1))
            & (AttendanceDay.employee.department == department_id)
        )
        .group_by(AttendanceDay.status)
        .run()
    )
    found = {row["status"]: int(row["n"]) for row in rows}
    found["headcount"] = (
        await Employee.count().where((Employee.department == department_id) & (Employee.status != "left")).run()
    )
    return found
