"""A computed month's pay lines, in RULES.md's order: gross − the worker's contributions (with any back-payment
or refund for locked months) − tax − other deductions + adjustments for locked months = net before advances;
then advances taken back, at most that net. Pure apart from the row objects it builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from piccolo.utils.encoding import dump_json

from app.forms import Month
from app.payroll import advances, backpay, inputs, net, rules
from app.payroll.tables import PayAdjustment, PayLine
from app.payroll.traces import adjustment_json, line_json
from app.tax import service as tax


class Row(NamedTuple):
    """One PayLine's values in LINE_COLUMNS order (a plain tuple: a Piccolo row object per person cost more
    than computing the payslip)."""

    period: int
    employee: int
    scheme: str
    gross_fen: int
    deductions_fen: int
    contributions_fen: int
    employer_contributions_fen: int
    tax_fen: int
    adjustment_fen: int
    advance_fen: int
    net_fen: int
    minimum_wage_floor_fen: int
    carried_over_fen: int
    lines: list[dict]
    computed_at: datetime


LINE_COLUMNS = Row._fields
WRITE_BATCH = 1000  # rows per INSERT: 15 values each, under asyncpg's 32,767 parameters and SQLite's 32,766


async def insert_lines(rows: list[Row]) -> None:
    """One multi-row INSERT per batch (call inside the month's write transaction); lines as JSON text."""
    row_sql = "(" + ", ".join(["{}"] * len(LINE_COLUMNS)) + ")"
    for start in range(0, len(rows), WRITE_BATCH):
        batch = rows[start : start + WRITE_BATCH]
        await PayLine.raw(
            f"INSERT INTO pay_line ({', '.join(LINE_COLUMNS)}) VALUES " + ", ".join([row_sql] * len(batch)),
            *[value for row in batch for value in (*row[:-2], dump_json(row.lines), row.computed_at)],
        ).run()


@dataclass
class Extras:
    """What the month settles besides its own pay, per employee."""

    owed: dict[int, list[tuple[str, int]]]  # differences of pay for locked months
    backpay: dict[int, backpay.Owed] = field(default_factory=dict)  # contributions for locked months
    advances: dict[int, tuple[advances.Open, ...]] = field(default_factory=dict)
    advance_keep_fen: int = 0  # net pay the repayment of advances leaves every worker


def line_row(
    period_id: int,
    employee: int,
    scheme: str,
    payslip: rules.Payslip | None,
    owed: list[tuple[str, int]],
    step: net.NetStep,
    now: datetime,
    back: backpay.Owed | None = None,
    open_advances: tuple[advances.Open, ...] = (),
    keep_fen: int = 0,
) -> Row:
    lines = [line_json(line) for line in payslip.lines] if payslip else []
    lines += [adjustment_json(month, amount) for month, amount in owed] + list(step.lines)
    contributions, employer = step.contributions_fen, step.employer_contributions_fen
    if back is not None and back.months:
        lines.append(backpay.line_json(back))
        contributions += back.worker_fen
        employer += back.employer_fen
    adjustment = sum(amount for _, amount in owed)
    other = payslip.deductions_fen if payslip else 0
    gross = payslip.gross_fen if payslip else 0
    deductions = contributions + step.tax_fen + other
    advance_line, taken = advances.take(gross - deductions + adjustment, open_advances, keep_fen)
    if advance_line is not None:
        lines.append(advance_line)
    return Row(
        period_id,
        employee,
        scheme,
        gross,
        deductions + taken,
        contributions,
        employer,
        step.tax_fen,
        adjustment,
        taken,
        gross - deductions + adjustment - taken,
        payslip.minimum_wage_floor_fen if payslip else 0,
        payslip.carried_over_fen if payslip else 0,
        lines,
        now,
    )


def net_rows(
    period_id: int,
    month: Month,
    data: inputs.MonthData,
    slips: list,
    extras: Extras,
    taxes: tax.MonthInputs | None,
    now: datetime,
):
    """Each paid person's pay line and tax month; someone owed only an adjustment, a back-payment or a
    refund gets a line too."""
    people = [(slip.worker.id, slip.scheme, slip.payslip) for slip in slips]
    paid = {p[0] for p in people}
    for employee in [*extras.owed, *extras.backpay]:
        if employee not in paid:
            people.append((employee, "piece", None))
            paid.add(employee)
    rows, tax_rows = [], []
    for employee, scheme, payslip in people:
        mine = extras.owed.get(employee, [])
        if taxes is None:
            rows.append(line_row(period_id, employee, scheme, payslip, mine, net.GROSS_ONLY, now))
            continue
        back = extras.backpay.get(employee)
        step = net.net_step(
            payslip.gross_fen if payslip else 0,
            sum(amount for _, amount in mine),
            data.contributions.get(employee) if payslip else None,
            taxes.prior.get(employee, net.tax_rules.Prior()),
            taxes.additional.get(employee, 0),
            taxes.options.get(employee, (False, False)),
            month.month,
            taxes.bonuses.get(employee) if payslip else None,
            contribution_adjustment_fen=back.worker_fen if back else 0,
        )
        rows.append(
            line_row(
                period_id,
                employee,
                scheme,
                payslip,
                mine,
                step,
                now,
                back,
                extras.advances.get(employee, ()),
                extras.advance_keep_fen,
            )
        )
        tax_rows.append(tax.month_row(employee, month, step.this_month, step.withholding, step.bonus, now))
    return rows, tax_rows


def adjustment_rows(period_id: int, rows: list[Row], now: datetime) -> list[PayAdjustment]:
    """What this month settles for locked months: differences of pay, and contributions recomputed."""
    found = []
    for row in rows:
        for item in row.lines:
            if item["code"].startswith("adjustment."):
                found.append(
                    PayAdjustment(
                        period=period_id,
                        employee=row.employee,
                        source_month=item["month"],
                        amount_fen=item["amount_fen"] if item["kind"] == "earning" else -item["amount_fen"],
                        computed_at=now,
                    )
                )
            elif item["code"] == backpay.CODE:
                found += [
                    PayAdjustment(
                        period=period_id,
                        employee=row.employee,
                        source_month=month,
                        amount_fen=worker,
                        employer_fen=employer,
                        kind=backpay.KIND,
                        reason=reason[:200],
                        computed_at=now,
                    )
                    for month, worker, employer, reason in backpay.adjustment_rows(item)
                ]
    return found
