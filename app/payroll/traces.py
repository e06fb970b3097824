"""Payslip lines as JSON for PayLine.lines: compact, so a month of 5,000 workers stays small, and readable back."""

from __future__ import annotations

from fractions import Fraction

from app.payroll import rules
from app.piecework.rules import DefectTrace, PieceTrace


def trace_json(trace: rules.Trace) -> list:
    """One trace as a short list whose first item names its kind."""
    if isinstance(trace, PieceTrace):
        return [
            "piece",
            trace.report_id,
            trace.work_date.isoformat(),
            trace.operation,
            trace.good_quantity,
            trace.fen_per_piece,
            trace.rate_from.isoformat(),
            trace.grade,
            trace.factor_percent,
            trace.segment.value,
        ]
    if isinstance(trace, DefectTrace):
        return [
            "defect",
            trace.report_id,
            trace.work_date.isoformat(),
            trace.operation,
            trace.defects,
            trace.fen_per_piece,
            trace.percent,
        ]
    if isinstance(trace, rules.HoursTrace):
        return ["hours", trace.ref, trace.minutes, trace.monthly_fen, trace.pay_percent]
    if isinstance(trace, rules.MonthTrace):
        return ["month", trace.monthly_fen, None if trace.paid_days is None else str(Fraction(trace.paid_days))]
    if isinstance(trace, rules.FloorTrace):
        return ["floor", trace.floor_fen, trace.counted_fen]
    if isinstance(trace, rules.DeductionTrace):
        return ["damage", trace.ref, trace.cause, trace.claimed_fen, trace.deducted_fen]
    return ["earning", trace.ref]


def line_json(line: rules.LineItem) -> dict:
    return {
        "code": line.code,
        "label": line.label,
        "amount_fen": line.amount_fen,
        "kind": line.kind.value,
        "counts_for_minimum_wage": line.counts_for_minimum_wage,
        "trace": [trace_json(trace) for trace in line.trace],
    }


ADJUSTMENT_LABEL = rules.N_("Adjustment for %(month)s (changed after it was locked)")


def adjustment_json(month: str, amount_fen: int) -> dict:
    """A change to a locked month, paid (or taken back) in this one: an earning or a deduction line."""
    return {
        "code": f"adjustment.{month}",
        "label": ADJUSTMENT_LABEL,
        "month": month,
        "amount_fen": abs(amount_fen),
        "kind": "earning" if amount_fen > 0 else "deduction",
        "counts_for_minimum_wage": False,
        "trace": [["adjustment", month, amount_fen]],
    }
