"""Scoring an appraisal (RULES.md "Performance pay"): indicators with weights, a score per indicator, the weighted
total, the grade band and its coefficient, and the bonus = the post's bonus base (fen) × the coefficient, pro-rated
for days worked. Scores are exact Fractions on 0–100; the bonus is rounded once, in `bonus`, to whole fen (halves up).
Missing data is counted as the scheme says (`Missing`), never silently as zero. No database, no HTTP.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction

from app.i18n import N_

MAX_SCORE = 100
EXTREME_LOW, EXTREME_HIGH = 60, 95  # an entered score below or above needs a written reason
DEFAULT_CONTEST_DAYS, MAX_CONTEST_DAYS = 7, 60  # the plant's days to contest a result, unless it set its own


class Source(StrEnum):
    """Where an indicator's figure comes from. Computed ones from floorhr's records; ENTERED by a supervisor."""

    OUTPUT = "output"  # good pieces at standard pace ÷ hours worked, in percent of the standard (higher is better)
    QUALITY = "quality"  # good pieces ÷ pieces, percent
    ATTENDANCE = "attendance"  # scheduled days worked ÷ scheduled days, percent
    LATENESS = "lateness"  # days late or leaving early (lower is better)
    TRAINING = "training"  # courses passed and safety education signed off in the period
    SAFETY = "safety"  # safety incidents HR recorded in the period, in units by severity (lower is better)
    ENTERED = "entered"  # a supervisor's 0–100 score with a reason (5S, attitude…)
    # Office staff (app.appraisal.office.rules): scored from their goals and the 1–5 ratings, on 0–100.
    GOALS = "goals"  # OKR goals: Σ weight × the manager's percent achieved
    SELF = "self"  # the person's own 1–5 rating
    MANAGER = "manager"  # the manager's 1–5 rating
    PEER = "peer"  # the mean of the peers' 1–5 ratings (360)


SOURCE_LABELS = {
    Source.OUTPUT: N_("Output against the standard (%)"),
    Source.QUALITY: N_("Good-piece rate (%)"),
    Source.ATTENDANCE: N_("Attendance (%)"),
    Source.LATENESS: N_("Days late or left early"),
    Source.TRAINING: N_("Training completed"),
    Source.SAFETY: N_("Safety incidents (serious ×3, major ×10)"),
    Source.ENTERED: N_("Supervisor's score"),
    Source.GOALS: N_("Goals achieved (OKR)"),
    Source.SELF: N_("Self-assessment"),
    Source.MANAGER: N_("Manager's rating"),
    Source.PEER: N_("Peers' ratings (360)"),
}
LOWER_IS_BETTER = frozenset({Source.LATENESS, Source.SAFETY})
OFFICE = frozenset({Source.GOALS, Source.SELF, Source.MANAGER, Source.PEER})  # figures already on 0–100
COMPUTED = frozenset(Source) - OFFICE - {Source.ENTERED}  # read from the plant's records when a period is filled


class Severity(StrEnum):
    """A safety incident's severity, as HR records it."""

    MINOR = "minor"  # first aid, a near miss, damage without injury
    SERIOUS = "serious"  # an injury that costs working days (轻伤)
    MAJOR = "major"  # a serious injury (重伤) or worse


# What one incident counts in the safety indicator's figure: the scheme takes `penalty` points off per unit over
# its target. A major incident counts ten, so at the usual 10-20 points a unit it takes every point (the
# "one vote against" many plants' schemes give a serious accident).
SEVERITY_UNITS = {Severity.MINOR: 1, Severity.SERIOUS: 3, Severity.MAJOR: 10}


def safety_units(severities: list[Severity]) -> int:
    """The safety figure of one person's period: the units of the incidents they were in (none: 0, full marks)."""
    return sum(SEVERITY_UNITS[s] for s in severities)


class Missing(StrEnum):
    """What a missing figure (no pieces, no attendance days, no score) counts as."""

    REWEIGHT = "reweight"  # left out; the other indicators' weights are scaled up to 100
    ZERO = "zero"  # scored 0 (its weight still counts)


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    PROBATION = "probation"


@dataclass(frozen=True)
class Indicator:
    """weight: whole percent (the scheme's weights total 100); target: for computed sources, the figure that
    scores 100 (higher is better) or the most allowed at 100 (lower is better); penalty: points off per unit over
    the target (lower is better only)."""

    code: str
    label: str
    source: Source
    weight: int
    target: int = 0
    penalty: int = 0


@dataclass(frozen=True)
class Band:
    """A grade: totals from min_score up (to the next band) earn coefficient_percent of the bonus base.
    max_percent: the forced-distribution limit, at most this share of the people graded (0: no limit)."""

    grade: str
    min_score: int
    coefficient_percent: int
    max_percent: int = 0


def validate_scheme(indicators: tuple[Indicator, ...], bands: tuple[Band, ...]) -> list[str]:
    """The message ids of what is wrong with a scheme; empty when it may be saved."""
    problems = []
    if not indicators:
        problems.append(N_("Add at least one indicator."))
    if sum(i.weight for i in indicators) != 100:
        problems.append(N_("The weights must total 100."))
    if any(i.weight <= 0 for i in indicators):
        problems.append(N_("Every weight must be above 0."))
    if len({i.code for i in indicators}) != len(indicators):
        problems.append(N_("Each indicator may appear only once."))
    if any(i.source in COMPUTED and i.source not in LOWER_IS_BETTER and i.target <= 0 for i in indicators):
        problems.append(N_("A computed indicator needs a target above 0."))
    grades = sorted(bands, key=lambda b: b.min_score)
    if not grades or grades[0].min_score != 0:
        problems.append(N_("The lowest grade must start at 0."))
    if len({b.min_score for b in bands}) != len(bands) or len({b.grade for b in bands}) != len(bands):
        problems.append(N_("Each grade needs its own name and its own lowest score."))
    if any(not 0 <= b.max_percent <= 100 for b in bands):
        problems.append(N_("A grade's limit is a share from 0 to 100%."))
    if any(not 0 <= b.min_score <= MAX_SCORE or not 0 <= b.coefficient_percent <= 300 for b in bands):
        problems.append(N_("Scores run from 0 to 100 and coefficients from 0 to 300%."))
    return problems


def score(indicator: Indicator, value: Fraction | None) -> Fraction | None:
    """An indicator's score on 0–100 from its figure; None when the figure is missing (counted per `Missing`).

    Higher is better: value ÷ target × 100, at most 100. Lower is better: 100 up to the target, then `penalty`
    points off per unit over it, at least 0. Entered and office ones: the score itself, clamped to 0–100.
    """
    if value is None:
        return None
    if indicator.source == Source.ENTERED or indicator.source in OFFICE:
        return min(Fraction(MAX_SCORE), max(Fraction(0), Fraction(value)))
    if indicator.source in LOWER_IS_BETTER:
        over = max(Fraction(0), Fraction(value) - indicator.target)
        return max(Fraction(0), MAX_SCORE - over * indicator.penalty)
    return max(Fraction(0), min(Fraction(MAX_SCORE), Fraction(value) * MAX_SCORE / indicator.target))


@dataclass(frozen=True)
class Total:
    """score: the weighted total on 0–100 (None when nothing could be scored); missing: indicator codes without
    a figure; weight_counted: the weights the total is over (100 unless missing ones were left out)."""

    score: Fraction | None
    missing: tuple[str, ...]
    weight_counted: int


def weighted_total(indicators: tuple[Indicator, ...], scores: dict[str, Fraction | None], missing: Missing) -> Total:
    """Σ weight × score ÷ Σ weight. REWEIGHT leaves a missing indicator out of both sums; ZERO counts it as 0."""
    absent = tuple(i.code for i in indicators if scores.get(i.code) is None)
    counted = [i for i in indicators if i.code not in absent or missing == Missing.ZERO]
    weight = sum(i.weight for i in counted)
    if weight == 0:
        return Total(None, absent, 0)
    total = sum((i.weight * (scores.get(i.code) or Fraction(0)) for i in counted), Fraction(0)) / weight
    return Total(total, absent, weight)


def band_for(total: Fraction, bands: tuple[Band, ...]) -> Band:
    """The highest band whose lowest score the total reaches (the lowest band starts at 0)."""
    return max((b for b in bands if total >= b.min_score), key=lambda b: b.min_score)


def over_limits(grades: list[str], bands: tuple[Band, ...]) -> list[tuple[str, int, int]]:
    """The forced-distribution limits broken: (grade, people in it, its limit in percent) for each band holding
    more than max_percent of the people graded (count × 100 > limit × graded; a limit of 0 is none)."""
    graded = len(grades)
    return [
        (b.grade, grades.count(b.grade), b.max_percent)
        for b in bands
        if b.max_percent and grades.count(b.grade) * 100 > b.max_percent * graded
    ]


def round_half_up(amount: Fraction) -> int:
    """The one rounding of the bonus: exact fen to whole fen, halves up (amounts are never negative here)."""
    return math.floor(amount + Fraction(1, 2))


@dataclass(frozen=True)
class Bonus:
    fen: int
    trace: str  # how it was computed, for the pay line and the results page


def bonus(base_fen: int, coefficient_percent: int, days_worked: int | None, days_scheduled: int | None) -> Bonus:
    """base × coefficient × (days worked ÷ scheduled days, at most 1), rounded once to whole fen. Without
    attendance days (None or no scheduled day) the bonus is not pro-rated, and the trace says so."""
    amount = Fraction(base_fen) * coefficient_percent / 100
    if days_scheduled:
        share = min(Fraction(1), Fraction(days_worked or 0, days_scheduled))
        trace = f"{base_fen}×{coefficient_percent}%×{days_worked or 0}/{days_scheduled}"
    else:
        share, trace = Fraction(1), f"{base_fen}×{coefficient_percent}%×(no attendance days: not pro-rated)"
    return Bonus(round_half_up(amount * share), trace)


def needs_reason(entered: int) -> bool:
    """An extreme entered score (below 60 or above 95) must come with a written reason."""
    return entered < EXTREME_LOW or entered > EXTREME_HIGH


def contest_until(closed_on: date, days: int) -> date:
    """The last plant-local day a result closed on `closed_on` may be contested: `days` days after it (closed on
    the 3rd with 7 days: through the 10th). RULES.md "Performance pay": results can be contested before they count.
    """
    return closed_on + timedelta(days=days)


def contest_open(closed_on: date, today: date, days: int) -> bool:
    return today <= contest_until(closed_on, days)


def period_dates(kind: PeriodKind, year: int, month: int) -> tuple[date, date]:
    """The plant-local days a period covers: the month itself (month, probation) or its calendar quarter."""
    first_month = (month - 1) // 3 * 3 + 1 if kind == PeriodKind.QUARTER else month
    last_month = first_month + 2 if kind == PeriodKind.QUARTER else month
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def show_score(value: Fraction | None) -> str:
    """A score for people: one decimal (display only; the total and grade use the exact figure)."""
    return "" if value is None else f"{float(value):.1f}"
