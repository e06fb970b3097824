"""Pure rules of pay: time and piece pay, overtime, probation and minimum-wage floors, damage deductions, payslips.

Money is integer fen. Inside a line item amounts are exact `Fraction`s of a fen; each line item
is rounded once, half-up to the fen, by `round_half_up` (the only place pay is rounded). Floors
and caps are thresholds, not pay, and round in the worker's favour: floors up, caps down.
Legal source: /work/shared/RULES.md, "Working time and overtime", "Pay", "Contracts and probation".
No database, no HTTP.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from app.payroll.wages import (  # noqa: F401  the arithmetic of pay; re-exported for rules.X
    DAMAGE_CAP_PERCENT,
    HOURS_PER_DAY,
    MINUTES_PER_HOUR,
    PAID_DAYS_PER_MONTH,
    PROBATION_FLOOR_PERCENT,
    damage_cap_fen,
    full_month_worked,
    hourly_wage_exact,
    minimum_wage_floor_fen,
    month_share,
    probation_floor_fen,
    round_half_up,
)
from app.piecework.rules import (
    PERCENT,
    ConfirmedCount,
    DefectPolicy,
    DefectTrace,
    Exact,
    GradeFactor,
    PieceRate,
    PieceTrace,
    TimeSegment,
    defect_traces,
    piece_traces,
    whole,
)


def N_(s: str) -> str:
    return s  # marks a message for translation


# -- inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OvertimeWork:
    """Confirmed overtime minutes of a time-rate worker in one segment (Labour Law art. 44)."""

    ref: str
    segment: TimeSegment
    minutes: int

    def __post_init__(self) -> None:
        whole(self.minutes, "minutes")
        if self.segment is TimeSegment.NORMAL:
            raise ValueError("normal hours are not overtime")


@dataclass(frozen=True)
class ComprehensiveHours:
    """A comprehensive-hours period settled in this payslip (per-employee scheme approved by the labour
    bureau): minutes worked outside statutory holidays, the period's standard total, holiday minutes."""

    ref: str
    standard_minutes: int
    worked_minutes: int
    holiday_minutes: int = 0

    def __post_init__(self) -> None:
        for name in ("standard_minutes", "worked_minutes", "holiday_minutes"):
            whole(getattr(self, name), name)


@dataclass(frozen=True)
class Earning:
    """Another earning (allowance, bonus) in fen; shift, hazard and similar allowances and statutory
    benefits do not count toward the minimum wage (RULES.md, "Pay")."""

    code: str
    label: str
    amount_fen: int
    counts_for_minimum_wage: bool
    ref: str = ""

    def __post_init__(self) -> None:
        whole(self.amount_fen, "amount_fen")


@dataclass(frozen=True)
class DamageClaim:
    """What the plant claims (fen) for damage the worker caused (Wage Payment Provisions art. 16)."""

    ref: str
    amount_fen: int
    cause: str = "damage"

    def __post_init__(self) -> None:
        whole(self.amount_fen, "amount_fen")


@dataclass(frozen=True)
class PayInputs:
    """Everything one worker's month is computed from. `monthly_base_fen` is the agreed monthly wage of a
    time-rate worker (0 for piece rate only); `probation_monthly_fen` the probation wage while on
    probation; `paid_days` None for a full month, else the days paid (worked, paid leave, holidays)."""

    minimum_wage_fen: int
    monthly_base_fen: int = 0
    probation_monthly_fen: int | None = None
    paid_days: Exact | None = None
    counts: tuple[ConfirmedCount, ...] = ()
    rates: Mapping[str, Sequence[PieceRate]] = field(default_factory=dict)
    grade_history: tuple[GradeFactor, ...] = ()
    defect_policy: DefectPolicy = DefectPolicy()
    overtime: tuple[OvertimeWork, ...] = ()
    comprehensive: ComprehensiveHours | None = None
    earnings: tuple[Earning, ...] = ()
    damage_claims: tuple[DamageClaim, ...] = ()
    minimum_after_fen: int = 0  # deductions pay must still reach the minimum after (RULES.md: provincial setting)


# -- traces: what each figure came from ------------------------------------------------------------


@dataclass(frozen=True)
class HoursTrace:
    """Overtime minutes × (monthly ÷ 21.75 ÷ 8 per hour) × pay percent."""

    ref: str
    minutes: int
    monthly_fen: int
    pay_percent: int

    @property
    def exact_fen(self) -> Fraction:
        hours = Fraction(self.minutes, MINUTES_PER_HOUR)
        return hours * hourly_wage_exact(self.monthly_fen) * Fraction(self.pay_percent, PERCENT)


@dataclass(frozen=True)
class MonthTrace:
    """A monthly amount (fen) × the share of the month paid (paid days ÷ 21.75; None: full month)."""

    monthly_fen: int
    paid_days: Exact | None

    @property
    def exact_fen(self) -> Fraction:
        return self.monthly_fen * month_share(self.paid_days)


@dataclass(frozen=True)
class FloorTrace:
    """A floor (fen) and what counted toward it (fen); the line is the difference."""

    floor_fen: int
    counted_fen: int


@dataclass(frozen=True)
class EarningTrace:
    ref: str


@dataclass(frozen=True)
class DeductionTrace:
    """One claim: what was claimed and what this month deducted; the rest carries over (fen)."""

    ref: str
    cause: str
    claimed_fen: int
    deducted_fen: int

    @property
    def carried_fen(self) -> int:
        return self.claimed_fen - self.deducted_fen


Trace = PieceTrace | DefectTrace | HoursTrace | MonthTrace | FloorTrace | EarningTrace | DeductionTrace


class LineKind(StrEnum):
    EARNING = "earning"
    DEDUCTION = "deduction"


@dataclass(frozen=True)
class LineItem:
    """One payslip line: a stable code, an English label marked for translation, a non-negative amount
    in fen, whether it counts toward the minimum wage, and the trace it was computed from."""

    code: str
    label: str
    amount_fen: int
    kind: LineKind
    counts_for_minimum_wage: bool
    trace: tuple[Trace, ...]


@dataclass(frozen=True)
class Payslip:
    """A month's pay in fen: net = gross − deductions; uncollected damage claims carry over."""

    lines: tuple[LineItem, ...]
    gross_fen: int
    deductions_fen: int
    net_fen: int
    minimum_wage_floor_fen: int
    carried_over_fen: int

    def line(self, code: str) -> LineItem | None:
        return next((line for line in self.lines if line.code == code), None)

    def amount(self, code: str) -> int:
        found = self.line(code)
        return found.amount_fen if found else 0


# -- lines ---------------------------------------------------------------------------------------

PIECE_LABELS = {
    TimeSegment.NORMAL: N_("Piece pay, normal hours"),
    TimeSegment.WORKDAY_OVERTIME: N_("Piece pay, working-day overtime (150%)"),
    TimeSegment.REST_DAY: N_("Piece pay, rest day (200%)"),
    TimeSegment.HOLIDAY: N_("Piece pay, statutory holiday (300%)"),
}
OVERTIME_LABELS = {
    TimeSegment.WORKDAY_OVERTIME: N_("Overtime pay, working day (150%)"),
    TimeSegment.REST_DAY: N_("Overtime pay, rest day (200%)"),
    TimeSegment.HOLIDAY: N_("Overtime pay, statutory holiday (300%)"),
}
BASE_LABEL = N_("Base wage")
PROBATION_LABEL = N_("Probation pay raised to 80% of the agreed wage")
COMPREHENSIVE_LABEL = N_("Overtime pay, hours above the period's standard (150%)")
MINIMUM_WAGE_LABEL = N_("Top-up to the local minimum wage")
DAMAGE_LABEL = N_("Deduction for damage (at most 20%, not below the minimum wage)")


def _earning(code: str, label: str, counts: bool, trace: Sequence[Trace], amount: Fraction | int) -> LineItem:
    """An earning line; the exact amount is rounded here, once (half-up to the fen)."""
    return LineItem(code, label, round_half_up(Fraction(amount)), LineKind.EARNING, counts, tuple(trace))


def _monthly_in_force(inputs: PayInputs) -> int:
    """The monthly wage (fen) that pays the month and prices overtime hours: the agreed wage, or on
    probation the probation wage raised to 80% of the agreed wage (art. 20)."""
    if inputs.probation_monthly_fen is None:
        return inputs.monthly_base_fen
    eighty = math.ceil(Fraction(inputs.monthly_base_fen * PROBATION_FLOOR_PERCENT, PERCENT))
    return max(whole(inputs.probation_monthly_fen, "probation_monthly_fen"), eighty)


def _base_lines(inputs: PayInputs) -> list[LineItem]:
    """The time-rate wage pro-rated to the days paid, and the probation top-up as its own line."""
    if whole(inputs.monthly_base_fen, "monthly_base_fen") == 0:
        if inputs.probation_monthly_fen is not None:
            raise ValueError("a probation wage needs the agreed monthly wage")
        return []
    paid = inputs.probation_monthly_fen if inputs.probation_monthly_fen is not None else inputs.monthly_base_fen
    base = MonthTrace(paid, inputs.paid_days)
    lines = [_earning("base", BASE_LABEL, True, [base], base.exact_fen)]
    raise_by = _monthly_in_force(inputs) - paid
    if raise_by > 0:
        topup = MonthTrace(raise_by, inputs.paid_days)
        floor = FloorTrace(_monthly_in_force(inputs), paid)
        lines.append(_earning("probation_topup", PROBATION_LABEL, True, [floor, topup], topup.exact_fen))
    return lines


def _piece_lines(inputs: PayInputs) -> list[LineItem]:
    """One line per segment; only normal-hours piece pay counts toward the minimum wage."""
    traces = piece_traces(inputs.counts, inputs.rates, inputs.grade_history)
    lines = []
    for segment in TimeSegment:
        mine = [trace for trace in traces if trace.segment is segment]
        if mine:
            amount = Fraction(sum(trace.units for trace in mine), PERCENT * PERCENT)  # == Σ exact_fen, exactly
            lines.append(_earning(f"piece.{segment}", PIECE_LABELS[segment], not segment.is_overtime, mine, amount))
    return lines


def comprehensive_overtime(period: ComprehensiveHours) -> tuple[int, int]:
    """Minutes paid at 150% (worked above the period's standard total) and at 300% (statutory holidays)
    under the comprehensive-hours scheme; rest days are ordinary days there (RULES.md)."""
    return max(0, period.worked_minutes - period.standard_minutes), period.holiday_minutes


def _hours_line(code: str, label: str, traces: Sequence[HoursTrace]) -> LineItem:
    return _earning(code, label, False, traces, sum((trace.exact_fen for trace in traces), Fraction(0)))


def _overtime_lines(inputs: PayInputs) -> list[LineItem]:
    """Overtime of a time-rate worker by segment, priced on the hourly wage; never toward the minimum."""
    monthly = _monthly_in_force(inputs)
    work = list(inputs.overtime)
    lines = []
    if inputs.comprehensive is not None:
        above, holiday = comprehensive_overtime(inputs.comprehensive)
        if above:
            trace = HoursTrace(inputs.comprehensive.ref, above, monthly, TimeSegment.WORKDAY_OVERTIME.pay_percent)
            lines.append(_hours_line("overtime.comprehensive", COMPREHENSIVE_LABEL, [trace]))
        if holiday:
            work.append(OvertimeWork(inputs.comprehensive.ref, TimeSegment.HOLIDAY, holiday))
    if (work or lines) and monthly == 0:
        raise ValueError("overtime hours need a monthly wage to price them; piece workers' overtime is in segments")
    for segment in OVERTIME_LABELS:
        traces = [HoursTrace(w.ref, w.minutes, monthly, segment.pay_percent) for w in work if w.segment is segment]
        if traces:
            lines.append(_hours_line(f"overtime.{segment}", OVERTIME_LABELS[segment], traces))
    return lines


def _other_lines(inputs: PayInputs) -> list[LineItem]:
    return [
        _earning(f"earning.{e.code}", e.label, e.counts_for_minimum_wage, [EarningTrace(e.ref)], e.amount_fen)
        for e in inputs.earnings
    ]


# -- deductions ----------------------------------------------------------------------------------


def _defect_claim(inputs: PayInputs) -> tuple[tuple[DefectTrace, ...], list[DamageClaim]]:
    """Defects deducted per policy, summed exactly and rounded once into one claim for the month."""
    traces = defect_traces(inputs.counts, inputs.rates, inputs.defect_policy)
    amount = round_half_up(sum((trace.exact_fen for trace in traces), Fraction(0)))
    return traces, ([DamageClaim("defects", amount, "defects")] if amount else [])


def collect_damage(
    claims: Sequence[DamageClaim], month_wage_fen: int, counted_fen: int, floor_fen: int
) -> tuple[DeductionTrace, ...]:
    """Deduct claims in order up to the lower of 20% of the month's wage and what keeps the pay that
    counts toward the minimum wage at or above the floor (fen; Wage Payment Provisions art. 16)."""
    room = max(0, min(damage_cap_fen(month_wage_fen), counted_fen - floor_fen))
    traces = []
    for claim in claims:
        taken = min(claim.amount_fen, room)
        room -= taken
        traces.append(DeductionTrace(claim.ref, claim.cause, claim.amount_fen, taken))
    return tuple(traces)


# -- the payslip ---------------------------------------------------------------------------------


def _minimum_wage_line(earnings: Sequence[LineItem], floor_fen: int) -> LineItem | None:
    """Tops pay that counts (no overtime, excluded allowances) up to the floor (RULES.md, "Pay")."""
    counted = sum(line.amount_fen for line in earnings if line.counts_for_minimum_wage)
    if counted >= floor_fen:
        return None
    return _earning(
        "minimum_wage_topup", MINIMUM_WAGE_LABEL, True, [FloorTrace(floor_fen, counted)], floor_fen - counted
    )


def compute_payslip(inputs: PayInputs) -> Payslip:
    """The month's payslip in fen: every earning line, the minimum-wage top-up, the capped damage
    deduction, gross, deductions and net; each line keeps the trace it came from."""
    earnings = _base_lines(inputs) + _piece_lines(inputs) + _overtime_lines(inputs) + _other_lines(inputs)
    floor = minimum_wage_floor_fen(inputs.minimum_wage_fen, inputs.paid_days)
    topup = _minimum_wage_line(earnings, floor + inputs.minimum_after_fen)
    earnings += [topup] if topup else []
    gross = sum(line.amount_fen for line in earnings)
    counted = sum(line.amount_fen for line in earnings if line.counts_for_minimum_wage)
    defects, defect_claims = _defect_claim(inputs)
    collected = collect_damage(
        defect_claims + list(inputs.damage_claims), gross, counted, floor + inputs.minimum_after_fen
    )
    lines = list(earnings)
    if collected:
        deducted = sum(trace.deducted_fen for trace in collected)
        lines.append(
            LineItem("deduction.damage", DAMAGE_LABEL, deducted, LineKind.DEDUCTION, False, (*defects, *collected))
        )
    deductions = sum(line.amount_fen for line in lines if line.kind is LineKind.DEDUCTION)
    return Payslip(
        tuple(lines), gross, deductions, gross - deductions, floor, sum(trace.carried_fen for trace in collected)
    )
