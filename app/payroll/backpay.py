"""Social insurance and housing fund for a locked month whose base or rates changed after it was locked.

A locked month never changes. When HR re-bases a person (an enrolment entered after the lock, starting in or
before that month) or saves a scheme version in force then, the next computed month recomputes what the
locked month's contributions come to now, takes off what that month deducted and what earlier adjustments
already settled, and carries the difference as one line per person: 补缴 (back-payment, deducted from the
worker's pay; the employer owes its part to the bureau) or 退还 (refund, paid back). The line names the
months it covers and the reason; the worker's part counts as this month's special deduction for tax (the
month it is paid), so no locked month's withholding moves. PayAdjustment rows of kind "contribution" keep
what each month settled, so computing the open month again never charges twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.contributions import service as contributions
from app.contributions.tables import Enrolment, SchemeVersion
from app.forms import Month
from app.i18n import N_
from app.payroll.tables import PayAdjustment, PayLine, PayPeriod

KIND = "contribution"
CODE = "contribution_adjustment"
BACK_PAY = N_("Social insurance and housing fund back-payment (补缴) for %(month)s")
REFUND = N_("Social insurance and housing fund refund (退还) for %(month)s")
RATES_CHANGED = "rates"  # the reason stored when the scheme's version changed, not the person's base


@dataclass
class Owed:
    """One person's contribution differences for locked months: (month, worker fen, employer fen, reason)."""

    months: list[tuple[str, int, int, str]] = field(default_factory=list)

    @property
    def worker_fen(self) -> int:
        return sum(worker for _, worker, _, _ in self.months)

    @property
    def employer_fen(self) -> int:
        return sum(employer for _, _, employer, _ in self.months)


async def _changed_since(period: dict) -> bool:
    locked, month = period["locked_at"], period["month"]
    return (
        await Enrolment.exists().where((Enrolment.entered_at > locked) & (Enrolment.start_month <= month)).run()
        or await SchemeVersion.exists()
        .where((SchemeVersion.set_at > locked) & (SchemeVersion.effective_from <= month))
        .run()
    )


async def owed_for(months: list[str], period_id: int) -> dict[int, Owed]:
    """Per employee, the contribution differences still owed for these locked months (computing `period_id`)."""
    locked = (
        await PayPeriod.select().where(PayPeriod.month.is_in(months or ["-"]) & (PayPeriod.status == "locked")).run()
    )
    owed: dict[int, Owed] = {}
    for period in sorted(locked, key=lambda row: row["month"]):
        if not await _changed_since(period):
            continue
        month = Month.parse(period["month"])
        now = await contributions.month_contributions(month)
        enrolled = await contributions.enrolments_in_force(month)
        rates = await _rates_changed(period)
        recorded = {
            row["employee"]: [row["contributions_fen"], row["employer_contributions_fen"]]
            for row in await PayLine.select(
                PayLine.employee, PayLine.contributions_fen, PayLine.employer_contributions_fen
            )
            .where(PayLine.period == period["id"])
            .run()
        }
        settled = await PayAdjustment.select().where(PayAdjustment.kind == KIND).run()
        for row in settled:
            figures = recorded.get(row["employee"])
            if figures is None:
                continue
            if row["period"] == period["id"]:  # paid in that month for an earlier one: not its own
                figures[0] -= row["amount_fen"]
                figures[1] -= row["employer_fen"]
            elif row["source_month"] == period["month"] and row["period"] != period_id:
                figures[0] += row["amount_fen"]
                figures[1] += row["employer_fen"]
        for employee, (worker, employer) in recorded.items():
            amounts = now.get(employee)
            if employee in now and amounts is None:  # no version in force: nothing to compare with
                continue
            worker_delta = (amounts.worker_fen if amounts else 0) - worker
            employer_delta = (amounts.employer_fen if amounts else 0) - employer
            if not worker_delta and not employer_delta:
                continue
            reason = _reason(enrolled.get(employee), period["locked_at"], rates)
            owed.setdefault(employee, Owed()).months.append((period["month"], worker_delta, employer_delta, reason))
    return owed


async def _rates_changed(period: dict) -> dict[int, object]:
    """scheme id -> when its version in force for the locked month was last saved after the lock."""
    found: dict[int, object] = {}
    for row in (
        await SchemeVersion.select(SchemeVersion.scheme, SchemeVersion.set_at)
        .where((SchemeVersion.set_at > period["locked_at"]) & (SchemeVersion.effective_from <= period["month"]))
        .run()
    ):
        if row["scheme"] not in found or row["set_at"] > found[row["scheme"]]:
            found[row["scheme"]] = row["set_at"]
    return found


def _reason(enrolment: dict | None, locked_at, rates: dict[int, object]) -> str:
    """The latest change behind the difference: the person's new base (HR's reason) or the scheme's rates."""
    if enrolment is None:
        return RATES_CHANGED
    rates_at = rates.get(enrolment["scheme"])
    if enrolment["entered_at"] > locked_at and (rates_at is None or enrolment["entered_at"] >= rates_at):
        return enrolment["base_reason"]
    return RATES_CHANGED


def covered(months: list[str]) -> str:
    """2026-07 / 2026-07–2026-09 / 2026-03, 2026-07."""
    ordered = sorted(months)
    consecutive = all(str(Month.parse(a).next()) == b for a, b in zip(ordered, ordered[1:], strict=False))
    if len(ordered) > 1 and consecutive:
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(ordered)


def line_json(owed: Owed) -> dict:
    """The payslip line: a deduction when the worker owes more (补缴), an earning when refunded (退还)."""
    worker = owed.worker_fen
    return {
        "code": CODE,
        "label": BACK_PAY if worker >= 0 else REFUND,
        "month": covered([month for month, *_ in owed.months]),
        "amount_fen": abs(worker),
        "kind": "deduction" if worker >= 0 else "earning",
        "counts_for_minimum_wage": False,
        "trace": [
            [KIND, month, worker_fen, employer_fen, reason] for month, worker_fen, employer_fen, reason in owed.months
        ],
    }


def adjustment_rows(line: dict) -> list[tuple[str, int, int, str]]:
    """(month, worker fen, employer fen, reason) back from a pay line's contribution-adjustment line."""
    return [(str(t[1]), int(t[2]), int(t[3]), str(t[4])) for t in line.get("trace", []) if t and t[0] == KIND]
