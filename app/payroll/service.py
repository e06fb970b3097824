"""Pay periods: compute a month from confirmed counts, rates, grades, attendance and pay settings; review; lock.

Computing replaces the month's lines (a period can be recomputed until it is locked). A locked
month never changes: when a later computation finds that something behind a locked month changed
after its lock (a late confirmation, a rate entered for a past date, a corrected punch, a pay
setting), the difference is paid in the month being computed as an adjustment line
(PayAdjustment), and each later recomputation pays only what earlier adjustments did not.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from app.attendance.days.compute import ensure_days
from app.attendance.tables import AttendanceDay
from app.audit import service as audit
from app.contributions import service as contributions
from app.db.tx import read_together, write_transaction
from app.errors import Refused
from app.forms import Month
from app.i18n import N_
from app.payroll import advances, backpay, damage, inputs, rules
from app.payroll import rows as payrows
from app.payroll.tables import PayAdjustment, PayLine, PayPeriod, PaySetting
from app.people import plant_settings
from app.piecework.rules import NotInForce
from app.piecework.tables import GradeFactor, PieceConfirmation, PieceRate, PieceReport
from app.tax import service as tax
from app.timeutil import utcnow

LOOKBACK_MONTHS = 12  # locked months checked for later changes
LOCKED = N_("This month is locked. A change now becomes an adjustment in the next month.")
NOT_COMPUTED = N_("Compute the month before locking it.")
HAS_PROBLEMS = N_("Some people could not be computed. Fix their data and compute again before locking.")
BAD_MONTH = N_("Enter the month as YYYY-MM.")


class PayrollError(ValueError):
    """Refused; the message is marked for translation and nothing changed."""


@dataclass(frozen=True)
class Computed:
    month: str
    lines: int
    problems: list[dict]
    adjustments: int


def _month(month: str) -> Month:
    try:
        return Month.parse(month)
    except Refused:
        raise PayrollError(BAD_MONTH) from None


def month_range(month: str) -> tuple[date, date]:
    chosen = _month(month)
    return chosen.first, chosen.last


def previous_month(month: str, back: int = 1) -> str:
    return str(_month(month).previous(back))


async def pay_period(month: str) -> dict:
    """The month's period, created open on first use."""
    first, last = month_range(month)
    row = await PayPeriod.select().where(PayPeriod.month == month).first().run()
    if row is None:
        async with write_transaction():
            if not await PayPeriod.exists().where(PayPeriod.month == month).run():
                await PayPeriod.insert(PayPeriod(month=month, first_day=first, last_day=last)).run()
        row = await PayPeriod.select().where(PayPeriod.month == month).first().run()
    return row


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a month's payslips are built (synchronous, no await inside): they
    make a few hundred thousand small objects and never a cycle, and each full collection would walk the
    whole month's inputs again (a tenth of the compute for 1,000 workers, more the larger the plant)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Slip:
    worker: inputs.Worker
    scheme: str
    payslip: rules.Payslip


def compute_slips(data: inputs.MonthData) -> tuple[list[Slip], list[dict]]:
    """Pure: every paid worker's payslip, and who could not be computed (a count with no rate in force...)."""
    slips, problems = [], []
    for worker in data.workers:
        if not inputs.is_paid_here(worker, data):
            continue
        if worker.id in data.contributions and data.contributions[worker.id] is None:
            problems.append(
                {"employee": worker.id, "code": worker.code, "name": worker.name, "message": contributions.NO_VERSION}
            )
            continue
        try:
            payslip = rules.compute_payslip(inputs.pay_inputs(worker, data))
        except (ValueError, NotInForce) as exc:
            problems.append({"employee": worker.id, "code": worker.code, "name": worker.name, "message": str(exc)})
            continue
        slips.append(Slip(worker, data.settings.get(worker.id, {}).get("scheme", "piece"), payslip))
    return slips, problems


async def _changed_since(period: dict) -> bool:
    """Did anything behind a locked month change after its lock?"""
    locked, first, last = period["locked_at"], period["first_day"], period["last_day"]
    return any(
        [
            await PieceConfirmation.exists()
            .where(
                (PieceConfirmation.received_at > locked)
                & (PieceConfirmation.work_date >= first)
                & (PieceConfirmation.work_date <= last)
            )
            .run(),
            await PieceReport.exists()
            .where(
                (PieceReport.received_at > locked) & (PieceReport.work_date >= first) & (PieceReport.work_date <= last)
            )
            .run(),
            await PieceRate.exists().where((PieceRate.set_at > locked) & (PieceRate.effective_from <= last)).run(),
            await GradeFactor.exists()
            .where((GradeFactor.set_at > locked) & (GradeFactor.effective_from <= last))
            .run(),
            await PaySetting.exists().where(PaySetting.updated_at > locked).run(),
            await AttendanceDay.exists()
            .where(
                (AttendanceDay.computed_at > locked)
                & (AttendanceDay.work_date >= first)
                & (AttendanceDay.work_date <= last)
            )
            .run(),
        ]
    )


async def adjustments_for(month: str, period_id: int) -> dict[int, list[tuple[str, int]]]:
    """Per employee, (locked month, signed fen) still owed for locked months before `month`."""
    earlier = [previous_month(month, back) for back in range(1, LOOKBACK_MONTHS + 1)]
    locked = await PayPeriod.select().where(PayPeriod.month.is_in(earlier) & (PayPeriod.status == "locked")).run()
    owed: dict[int, list[tuple[str, int]]] = {}
    for period in sorted(locked, key=lambda row: row["month"]):
        if not await _changed_since(period):
            continue
        data = await inputs.load_month(period["first_day"], period["last_day"])
        data.damage = await damage.as_locked(period["id"])
        slips, _ = compute_slips(data)
        now = {slip.worker.id: slip.payslip.net_fen for slip in slips}
        # what was paid before contributions, tax and advances: adjustments are differences of pay, taxed when paid
        paid = {
            row["employee"]: row["net_fen"]
            - row["adjustment_fen"]
            + row["contributions_fen"]
            + row["tax_fen"]
            + row["advance_fen"]
            for row in await PayLine.select(
                PayLine.employee,
                PayLine.net_fen,
                PayLine.adjustment_fen,
                PayLine.contributions_fen,
                PayLine.tax_fen,
                PayLine.advance_fen,
            )
            .where(PayLine.period == period["id"])
            .run()
        }
        for row in (
            await PayAdjustment.select()
            .where(
                (PayAdjustment.source_month == period["month"])
                & (PayAdjustment.period != period_id)
                & (PayAdjustment.kind == "pay")
            )
            .run()
        ):
            paid[row["employee"]] = paid.get(row["employee"], 0) + row["amount_fen"]
        for employee in set(now) | set(paid):
            delta = now.get(employee, 0) - paid.get(employee, 0)
            if delta:
                owed.setdefault(employee, []).append((period["month"], delta))
    return owed


async def compute_month(
    month: str, zone: ZoneInfo, actor: audit.Actor, refresh_attendance: bool = True, net_pay: bool = True
) -> Computed:
    """Compute (or recompute) an open month; a locked one is refused. net_pay=False stops at gross pay
    (no contributions, no tax; the month's tax records are left alone): bench/payroll.py's baseline."""
    period = await pay_period(month)
    if period["status"] == "locked":
        raise PayrollError(LOCKED)
    first, last = period["first_day"], period["last_day"]
    if refresh_attendance:
        await ensure_days(first, last, zone)
    which = Month.parse(month)
    async with read_together():  # some thirty reads on one connection (SQLite: not one connection each)
        data = await inputs.load_month(first, last, with_contributions=net_pay)
        data.damage = await damage.open_claims(month, last)
        extras = payrows.Extras(await adjustments_for(month, period["id"]))
        taxes = await tax.month_inputs(which) if net_pay else None
        if net_pay:
            earlier = [previous_month(month, back) for back in range(1, LOOKBACK_MONTHS + 1)]
            extras.backpay = await backpay.owed_for(earlier, period["id"])
            extras.advances = await advances.open_advances(month, last)
            extras.advance_keep_fen = await inputs.plant_number(advances.KEEP_KEY, 0) if extras.advances else 0
    now = utcnow()
    with paused_gc():
        slips, problems = compute_slips(data)
        rows, tax_rows = payrows.net_rows(period["id"], which, data, slips, extras, taxes, now)
        adjustments = payrows.adjustment_rows(period["id"], rows, now)
    async with write_transaction():
        await PayLine.delete().where(PayLine.period == period["id"]).run()
        await PayAdjustment.delete().where(PayAdjustment.period == period["id"]).run()
        await payrows.insert_lines(rows)
        if adjustments:
            await PayAdjustment.insert(*adjustments).run()
        if net_pay:
            await tax.store_month(which, tax_rows)
        await (
            PayPeriod.update({PayPeriod.status: "computed", PayPeriod.computed_at: now, PayPeriod.problems: problems})
            .where(PayPeriod.id == period["id"])
            .run()
        )
        await audit.record(actor, "compute", "pay_period", month, after={"lines": len(rows), "problems": len(problems)})
    return Computed(month, len(rows), problems, len(adjustments))


async def lock_month(month: str, actor: audit.Actor) -> None:
    period = await pay_period(month)
    if period["status"] == "locked":
        raise PayrollError(LOCKED)
    if period["status"] != "computed":
        raise PayrollError(NOT_COMPUTED)
    problems = period["problems"]
    if problems and problems not in ("[]", []):
        raise PayrollError(HAS_PROBLEMS)
    async with write_transaction():
        await (
            PayPeriod.update(
                {PayPeriod.status: "locked", PayPeriod.locked_at: utcnow(), PayPeriod.locked_by: actor.name}
            )
            .where(PayPeriod.id == period["id"])
            .run()
        )
        await audit.record(actor, "lock", "pay_period", month)
    await _note_locked_through(_as_date(period["last_day"]), actor)


async def _note_locked_through(last_day: date, actor: audit.Actor) -> None:
    """Kiosks and tablets learn (as a plant setting they pull) up to which day pay is locked: piece counts for
    an earlier day are no longer taken (app.piecework.reports.count_days)."""
    known = await plant_settings.read(plant_settings.PAY_LOCKED_THROUGH)
    if not isinstance(known, str) or known < last_day.isoformat():
        await plant_settings.write(plant_settings.PAY_LOCKED_THROUGH, last_day.isoformat(), actor)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
