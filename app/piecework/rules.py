"""Pure rules of piece work: rates in force, time segments, count checks, exact piece amounts (no database, no HTTP).

Units: money in integer fen; rates in fen per piece; grade factors and pay percentages in integer
percent (110 = 1.10), so every amount here is an exact `Fraction` of a fen. Nothing here rounds:
payroll rounds once per line item (`app.payroll.rules.round_half_up`). Times are aware datetimes;
dates are plant-local work dates. Legal source: /work/shared/RULES.md, "Working time and overtime".
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Literal, TypeVar

from app.piecework.eligibility import (  # noqa: F401  who may report an operation; re-exported for rules.X
    BANNED_FOR_MINORS,
    CERTIFICATE_EXPIRED,
    MINOR_AGES,
    NEEDS_CERTIFICATE,
    age_on,
    operation_refusal,
)


def N_(s: str) -> str:
    return s  # marks a message for translation


MAX_PIECES_PER_REPORT = 100_000  # hard ceiling: no line makes this many pieces in one report; a typo
REASON_ABOVE_STANDARD_TIMES = 2  # above 2x the standard output for the hours worked needs a reason
PERCENT = 100
Exact = int | Decimal | Fraction  # never float: a float cannot hold 0.1 exactly


class TimeSegment(StrEnum):
    """When pieces were made; the supervisor confirms it with the count (Wage Payment Provisions art. 13)."""

    NORMAL = "normal"
    WORKDAY_OVERTIME = "workday_overtime"
    REST_DAY = "rest_day"
    HOLIDAY = "holiday"

    @property
    def pay_percent(self) -> int:
        """Percent of the piece rate (or hourly wage): 100 / 150 / 200 / 300 (Labour Law art. 44)."""
        return _PAY_PERCENT[self]

    @property
    def is_overtime(self) -> bool:
        return self is not TimeSegment.NORMAL


_PAY_PERCENT = {
    TimeSegment.NORMAL: 100,
    TimeSegment.WORKDAY_OVERTIME: 150,
    TimeSegment.REST_DAY: 200,
    TimeSegment.HOLIDAY: 300,
}
SEGMENT_LABELS = {
    TimeSegment.NORMAL: N_("Normal hours"),
    TimeSegment.WORKDAY_OVERTIME: N_("Working-day overtime"),
    TimeSegment.REST_DAY: N_("Rest day"),
    TimeSegment.HOLIDAY: N_("Statutory holiday"),
}


class DayKind(StrEnum):
    """The calendar kind of the day a shift starts on, as HR entered it (make-up working days are working days)."""

    WORKING_DAY = "working_day"
    REST_DAY = "rest_day"
    HOLIDAY = "holiday"


_AFTER_MIDNIGHT = {
    DayKind.HOLIDAY: TimeSegment.HOLIDAY,
    DayKind.REST_DAY: TimeSegment.REST_DAY,
    DayKind.WORKING_DAY: TimeSegment.WORKDAY_OVERTIME,
}


def exact(value: Exact, name: str = "value") -> Fraction:
    """An int, Decimal or Fraction as an exact Fraction; floats (and bools) are refused."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, Fraction)):
        raise TypeError(f"{name} must be an int, Decimal or Fraction, not {type(value).__name__}")
    return Fraction(value)


def whole(value: int, name: str, minimum: int = 0) -> int:
    """`value` itself when it is an int (not a bool) of at least `minimum`, else ValueError/TypeError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")
    return value


# -- rates and grades in force -------------------------------------------------------------------


@dataclass(frozen=True)
class PieceRate:
    """One operation's rate in fen per piece, in force from `effective_from` (a plant-local date)
    until the day before the next entry of the same history."""

    effective_from: date
    fen_per_piece: int

    def __post_init__(self) -> None:
        whole(self.fen_per_piece, "fen_per_piece")


@dataclass(frozen=True)
class GradeFactor:
    """A worker's skill grade from `effective_from`, and its factor in integer percent (110 = 1.10)."""

    effective_from: date
    grade: str
    percent: int

    def __post_init__(self) -> None:
        whole(self.percent, "percent", minimum=1)


NO_GRADE = GradeFactor(date.min, "", PERCENT)
_Dated = TypeVar("_Dated", PieceRate, GradeFactor)


class NotInForce(LookupError):
    """No entry of a history is in force on the date asked (it starts later, or the history is empty)."""


def _in_force(history: Sequence[_Dated], on: date) -> _Dated:
    """The entry with the latest `effective_from` on or before `on`; two entries on one date are ambiguous."""
    starts = [entry.effective_from for entry in history]
    if len(set(starts)) != len(starts):
        raise ValueError("two entries of one history take effect on the same date")
    candidates = [entry for entry in history if entry.effective_from <= on]
    if not candidates:
        raise NotInForce(f"nothing in force on {on.isoformat()}")
    return max(candidates, key=lambda entry: entry.effective_from)


def rate_on(rate_history: Sequence[PieceRate], on: date) -> PieceRate:
    """The rate in force on the work date `on`: a change in mid-month splits pay by report date."""
    return _in_force(rate_history, on)


def factor_on(grade_history: Sequence[GradeFactor], on: date) -> GradeFactor:
    """The grade factor in force on `on`; a worker with no grade history is paid at 100% (NO_GRADE)."""
    return _in_force(grade_history, on) if grade_history else NO_GRADE


# -- segments ------------------------------------------------------------------------------------


def earliest_count_day(today: date, locked_through: date | None) -> date:
    """The first day a piece count may still be entered for (a night shift's counts the next morning, a count
    forgotten yesterday): the day after the last locked pay month, and not before the first day of the
    previous month. Counts for a locked month would change pay already paid."""
    previous_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return max(previous_month, locked_through + timedelta(days=1)) if locked_through else previous_month


def propose_segment(
    start: datetime, end: datetime, day_kind: DayKind, shift_end: datetime | None, end_day_kind: DayKind | None = None
) -> TimeSegment:
    """The segment proposed for pieces made from `start` to `end` (from punches; equal for a point report).

    end_day_kind is the kind of the calendar day `end` falls on after a shift crossed midnight: when
    one of the two days is a statutory holiday, pieces made after 00:00 follow that calendar day
    (RULES.md): on the holiday HOLIDAY, after it the next day's overtime (rest day, working day).

    Rest days and holidays propose their own segment. On a working day, work is overtime only
    from the end of the shift (RULES.md): arriving early proposes NORMAL, and the supervisor
    confirms overtime where it was approved. A period straddling the shift end is proposed by
    where most of it lies (a tie is NORMAL); the supervisor splits the count if both parts
    matter. A working day with no shift proposes NORMAL. All datetimes must be aware.
    """
    if end < start:
        raise ValueError("a worked period cannot end before it starts")
    if end_day_kind is not None and (end_day_kind is DayKind.HOLIDAY) != (day_kind is DayKind.HOLIDAY):
        return _AFTER_MIDNIGHT[end_day_kind]
    if day_kind is DayKind.HOLIDAY:
        return TimeSegment.HOLIDAY
    if day_kind is DayKind.REST_DAY:
        return TimeSegment.REST_DAY
    if shift_end is None or end <= shift_end:
        return TimeSegment.NORMAL
    if start >= shift_end:
        return TimeSegment.WORKDAY_OVERTIME
    after, before = end - shift_end, shift_end - start
    return TimeSegment.WORKDAY_OVERTIME if after > before else TimeSegment.NORMAL


# -- counts --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why a count was refused: a stable code and an English message marked for translation."""

    code: str
    message: str


QUANTITY_NOT_WHOLE = Problem("quantity.not_whole", N_("Enter the quantity as a whole number of pieces."))
QUANTITY_NEGATIVE = Problem("quantity.negative", N_("The quantity cannot be negative."))
QUANTITY_ZERO = Problem("quantity.zero", N_("The quantity must be at least one piece."))
QUANTITY_ABSURD = Problem("quantity.absurd", N_("This quantity is too large for one report. Check the number."))
DEFECTS_NOT_WHOLE = Problem("defects.not_whole", N_("Enter the defects as a whole number of pieces."))
DEFECTS_NEGATIVE = Problem("defects.negative", N_("The number of defects cannot be negative."))
DEFECTS_EXCEED = Problem("defects.exceed_quantity", N_("There cannot be more defects than pieces."))
NEEDS_REASON = Problem(
    "quantity.needs_reason", N_("This is more than twice the standard output for the hours worked. Give a reason.")
)


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def validate_quantity(
    quantity: int, defects: int, standard_output_per_hour: Exact | None, hours_worked: Exact, reason: str = ""
) -> tuple[Problem, ...]:
    """The problems with a piece count (pieces), empty when it may be recorded.

    Refused: a non-whole, negative, zero or absurd (> MAX_PIECES_PER_REPORT) quantity; negative
    defects or more defects than pieces. A quantity above twice the standard output (pieces per
    hour) for the hours worked needs a non-blank reason; no standard (None) means no such check.
    """
    if not _is_whole(quantity):
        return (QUANTITY_NOT_WHOLE,)
    problems: list[Problem] = []
    if quantity < 0:
        problems.append(QUANTITY_NEGATIVE)
    elif quantity == 0:
        problems.append(QUANTITY_ZERO)
    elif quantity > MAX_PIECES_PER_REPORT:
        problems.append(QUANTITY_ABSURD)
    if not _is_whole(defects):
        problems.append(DEFECTS_NOT_WHOLE)
    elif defects < 0:
        problems.append(DEFECTS_NEGATIVE)
    elif defects > max(quantity, 0):
        problems.append(DEFECTS_EXCEED)
    if standard_output_per_hour is not None and not reason.strip():
        ceiling = REASON_ABOVE_STANDARD_TIMES * exact(standard_output_per_hour) * exact(hours_worked)
        if quantity > ceiling:
            problems.append(NEEDS_REASON)
    return tuple(problems)


def good_quantity(quantity: int, defects: int) -> int:
    """Pieces paid for: quantity − defects (pieces); ValueError for a count validate_quantity refuses."""
    whole(quantity, "quantity", minimum=1)
    if whole(defects, "defects") > quantity:
        raise ValueError("more defects than pieces")
    return quantity - defects


@dataclass(frozen=True)
class DefectPolicy:
    """What a defective piece costs the worker: nothing more than not being paid ("not_paid"), or
    also `percent` of its piece rate ("deduct_rate_percent", 1–100), which is a deduction for
    damage and so falls under the 20% cap and the minimum-wage floor (Wage Payment Provisions art. 16)."""

    kind: Literal["not_paid", "deduct_rate_percent"] = "not_paid"
    percent: int = 0

    def __post_init__(self) -> None:
        if self.kind not in ("not_paid", "deduct_rate_percent"):
            raise ValueError(f"unknown defect policy {self.kind!r}")
        low = 0 if self.kind == "not_paid" else 1
        high = 0 if self.kind == "not_paid" else PERCENT
        if not low <= whole(self.percent, "percent") <= high:
            raise ValueError(f"a {self.kind} policy takes a percent from {low} to {high}")


def defect_deduction_exact(defects: int, fen_per_piece: int, policy: DefectPolicy) -> Fraction:
    """Exact fen deducted for defective pieces: defects × rate × percent / 100 (no grade factor, no
    overtime percent: it reflects the loss, not the worker's pay); 0 under "not_paid"."""
    return Fraction(whole(defects, "defects") * whole(fen_per_piece, "fen_per_piece") * policy.percent, PERCENT)


def piece_amount_exact(good: int, fen_per_piece: int, factor_percent: int, segment: TimeSegment) -> Fraction:
    """Exact fen for good pieces: good × rate × grade factor × segment percent (art. 13: 150/200/300%).

    Beating the quota inside normal hours is NORMAL, paid at 100%: only the segment raises the rate.
    """
    product = whole(good, "good") * whole(fen_per_piece, "fen_per_piece") * whole(factor_percent, "factor_percent")
    return Fraction(product * segment.pay_percent, PERCENT * PERCENT)


# -- confirmed counts and what they pay ----------------------------------------------------------


@dataclass(frozen=True)
class ConfirmedCount:
    """A piece count as the supervisor confirmed it: pieces made, defects among them, and its segment;
    `work_date` is the plant-local date the pieces were made (it picks the rate in force)."""

    report_id: str
    work_date: date
    operation: str
    quantity: int
    defects: int
    segment: TimeSegment


@dataclass(frozen=True)
class PieceTrace:
    """Good pieces of one report × the rate in force on its date × grade factor × segment percent."""

    report_id: str
    work_date: date
    operation: str
    good_quantity: int
    fen_per_piece: int
    rate_from: date
    grade: str
    factor_percent: int
    segment: TimeSegment

    @property
    def exact_fen(self) -> Fraction:
        return piece_amount_exact(self.good_quantity, self.fen_per_piece, self.factor_percent, self.segment)

    @property
    def units(self) -> int:
        """The same amount in whole units of 1/10,000 fen (exact_fen == units / 10,000): sums stay integers."""
        return self.good_quantity * self.fen_per_piece * self.factor_percent * self.segment.pay_percent


@dataclass(frozen=True)
class DefectTrace:
    """Defective pieces of one report, deducted at `percent` of the rate in force on its date."""

    report_id: str
    work_date: date
    operation: str
    defects: int
    fen_per_piece: int
    percent: int

    @property
    def exact_fen(self) -> Fraction:
        return defect_deduction_exact(
            self.defects, self.fen_per_piece, DefectPolicy("deduct_rate_percent", self.percent)
        )


def _resolver(history: Sequence[_Dated]) -> Callable[[date], _Dated]:
    """`_in_force` for many dates of one history: checked and sorted once, then a binary search per date."""
    starts = [entry.effective_from for entry in history]
    if len(set(starts)) != len(starts):
        raise ValueError("two entries of one history take effect on the same date")
    ordered = sorted(history, key=lambda entry: entry.effective_from)
    dates = [entry.effective_from for entry in ordered]

    def in_force(on: date) -> _Dated:
        index = bisect_right(dates, on) - 1
        if index < 0:
            raise NotInForce(f"nothing in force on {on.isoformat()}")
        return ordered[index]

    return in_force


def _rate_for(count: ConfirmedCount, rates: Mapping[str, Sequence[PieceRate]]) -> PieceRate:
    if count.operation not in rates:
        raise NotInForce(f"no rate history for operation {count.operation!r}")
    return rate_on(rates[count.operation], count.work_date)


def piece_traces(
    counts: Sequence[ConfirmedCount], rates: Mapping[str, Sequence[PieceRate]], grade_history: Sequence[GradeFactor]
) -> tuple[PieceTrace, ...]:
    """Each count priced exactly: its good pieces, its operation's rate and the worker's grade on its date.
    Each history is checked once per call (a month has thousands of counts and a handful of rates)."""
    grade_on = _resolver(grade_history) if grade_history else (lambda on: NO_GRADE)
    rate_of: dict[str, Callable[[date], PieceRate]] = {}
    traces = []
    for count in counts:
        if count.operation not in rate_of:
            if count.operation not in rates:
                raise NotInForce(f"no rate history for operation {count.operation!r}")
            rate_of[count.operation] = _resolver(rates[count.operation])
        rate, grade = rate_of[count.operation](count.work_date), grade_on(count.work_date)
        traces.append(
            PieceTrace(
                count.report_id,
                count.work_date,
                count.operation,
                good_quantity(count.quantity, count.defects),
                rate.fen_per_piece,
                rate.effective_from,
                grade.grade,
                grade.percent,
                count.segment,
            )
        )
    return tuple(traces)


def defect_traces(
    counts: Sequence[ConfirmedCount], rates: Mapping[str, Sequence[PieceRate]], policy: DefectPolicy
) -> tuple[DefectTrace, ...]:
    """The defects the policy deducts for, one per count with defects; none under "not_paid"."""
    if policy.kind == "not_paid":
        return ()
    return tuple(
        DefectTrace(
            count.report_id,
            count.work_date,
            count.operation,
            count.defects,
            _rate_for(count, rates).fen_per_piece,
            policy.percent,
        )
        for count in counts
        if count.defects
    )
