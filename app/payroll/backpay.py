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
from app.db.values import json_value
from app.forms import Month
from app.i18n import N_
from app.payroll.tables import PayAdjustment, PayLine, PayPeriod

KIND = "contribution"  # PayAdjustment.kind
TRACE = "backpay"  # the line's trace kind
CODE = "contribution_adjustment"
BACK_PAY = N_("Social insurance and housing fund back-payment for %(month)s")
REFUND = N_("Social insurance and housing fund refund for %(month)s")
RATES_CHANGED = "rates"  # the reason stored when the scheme's version changed, not the person's base


Items = dict[str, list[int]]  # item code -> [employer fen, worker fen]


@dataclass
class Owed:
    """One person's contribution differences for locked months: (month, worker fen, employer fen, reason,
    per item)."""

    months: list[tuple[str, int, int, str, Items]] = field(default_factory=list)

    @property
    def worker_fen(self) -> int:
        return sum(month[1] for month in self.months)

    @property
    def employer_fen(self) -> int:
        return sum(month[2] for month in self.months)


async def _changed_since(period: dict) -> bool:
    locked, month = period["locked_at"], period["month"]
    return (
        await Enrolment.exists().where((Enrolment.entered_at > locked) & (Enrolment.start_month <= month)).run()
        or await SchemeVersion.exists()
        .where((SchemeVersion.set_at > locked) & (SchemeVersion.effective_from <= month))
        .run()
    )


def _own_items(lines) -> Items:
    """What a month's pay line deducted for its own contributions, per item."""
    found: Items = {}
    for line in json_value(lines) or []:
        if line["code"].startswith("contribution."):
            trace = line["trace"][0]
            found[str(trace[1])] = [int(trace[5]), int(line["amount_fen"])]
    return found


def _add(into: Items, items: dict, sign: int = 1) -> None:
    for code, (employer, worker) in items.items():
        now = into.setdefault(code, [0, 0])
        now[0] += sign * int(employer)
        now[1] += sign * int(worker)


async def _settled(month: str, period_id: int, employees: set[int]) -> dict[int, Items]:
    """Per employee, what other computed months already settled for locked `month`, per item."""
    rows = (
        await PayAdjustment.select(PayAdjustment.period, PayAdjustment.employee)
        .where(
            (PayAdjustment.kind == KIND) & (PayAdjustment.source_month == month) & (PayAdjustment.period != period_id)
        )
        .run()
    )
    found: dict[int, Items] = {}
    for row in rows:
        if row["employee"] not in employees:
            continue
        for line in (
            await PayLine.select(PayLine.lines)
            .where((PayLine.period == row["period"]) & (PayLine.employee == row["employee"]))
            .run()
        ):
            for item in json_value(line["lines"]) or []:
                if item["code"] == CODE:
                    for trace in item["trace"]:
                        if trace[0] == TRACE and trace[1] == month:
                            _add(found.setdefault(row["employee"], {}), trace[5])
    return found


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
            row["employee"]: _own_items(row["lines"])
            for row in await PayLine.select(PayLine.employee, PayLine.lines).where(PayLine.period == period["id"]).run()
        }
        for employee, items in (await _settled(period["month"], period_id, set(recorded))).items():
            _add(recorded[employee], {code: tuple(v) for code, v in items.items()})
        for employee, paid in recorded.items():
            amounts = now.get(employee)
            if employee in now and amounts is None:  # no version in force: nothing to compare with
                continue
            delta: Items = {}
            _add(delta, {i.code: (i.employer_fen, i.worker_fen) for i in (amounts.items if amounts else ())})
            _add(delta, paid, -1)
            delta = {code: pair for code, pair in delta.items() if pair != [0, 0]}
            if not delta:
                continue
            worker = sum(pair[1] for pair in delta.values())
            employer = sum(pair[0] for pair in delta.values())
            reason = _reason(enrolled.get(employee), period["locked_at"], rates)
            owed.setdefault(employee, Owed()).months.append((period["month"], worker, employer, reason, delta))
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
        "trace": [list((TRACE, *month)) for month in owed.months],
    }


def adjustment_rows(line: dict) -> list[tuple[str, int, int, str]]:
    """(month, worker fen, employer fen, reason) back from a pay line's contribution-adjustment line."""
    return [(str(t[1]), int(t[2]), int(t[3]), str(t[4])) for t in line.get("trace", []) if t and t[0] == TRACE]


def worker_items(line: dict) -> dict[str, int]:
    """item code -> the worker's part settled by a contribution-adjustment line (for the tax declaration)."""
    found: dict[str, int] = {}
    for trace in line.get("trace", []):
        if trace and trace[0] == TRACE:
            for code, (_, worker) in trace[5].items():
                found[code] = found.get(code, 0) + int(worker)
    return found
