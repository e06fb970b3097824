"""Scoring an appraisal, table by table: each indicator's score, the weighted total with missing data counted as the
scheme says, the grade band, the bonus pro-rated and rounded once (RULES.md "Performance pay")."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from app.appraisal.rules import (
    Band,
    Indicator,
    Missing,
    PeriodKind,
    Source,
    band_for,
    bonus,
    needs_reason,
    period_dates,
    score,
    validate_scheme,
    weighted_total,
)

OUTPUT = Indicator("output", "产量", Source.OUTPUT, 50, target=100)
QUALITY = Indicator("quality", "良品率", Source.QUALITY, 20, target=98)
LATE = Indicator("lateness", "迟到", Source.LATENESS, 10, target=1, penalty=25)
SUPERVISOR = Indicator("supervisor", "主管评分", Source.ENTERED, 20)
SCHEME = (OUTPUT, QUALITY, LATE, SUPERVISOR)
BANDS = (Band("A", 90, 150), Band("B", 75, 100), Band("C", 60, 70), Band("D", 0, 0))


@pytest.mark.parametrize(
    "indicator, value, expected",
    [
        (OUTPUT, Fraction(80), Fraction(80)),  # 80% of standard scores 80
        (OUTPUT, Fraction(130), Fraction(100)),  # above the target: at most 100
        (OUTPUT, Fraction(0), Fraction(0)),
        (QUALITY, Fraction(49), Fraction(50)),  # 49 ÷ 98 × 100
        (LATE, Fraction(1), Fraction(100)),  # at the allowance
        (LATE, Fraction(3), Fraction(50)),  # two days over, 25 points each
        (LATE, Fraction(9), Fraction(0)),  # never below 0
        (SUPERVISOR, Fraction(87), Fraction(87)),
        (SUPERVISOR, Fraction(120), Fraction(100)),
        (OUTPUT, None, None),  # no pieces: missing, not zero
        (SUPERVISOR, None, None),
    ],
)
def test_each_indicator_scores_from_its_figure(indicator, value, expected):
    assert score(indicator, value) == expected


@pytest.mark.parametrize(
    "scores, missing, total, absent, weight",
    [
        ({"output": 80, "quality": 100, "lateness": 100, "supervisor": 90}, Missing.REWEIGHT, 88, (), 100),
        ({"output": 80, "quality": 100, "lateness": 100, "supervisor": 90}, Missing.ZERO, 88, (), 100),
        # no pieces: left out and the rest re-weighted (20×100 + 10×100 + 20×90) ÷ 50 = 96
        ({"output": None, "quality": 100, "lateness": 100, "supervisor": 90}, Missing.REWEIGHT, 96, ("output",), 50),
        # the same with "score 0": (0 + 2000 + 1000 + 1800) ÷ 100 = 48
        ({"output": None, "quality": 100, "lateness": 100, "supervisor": 90}, Missing.ZERO, 48, ("output",), 100),
        ({}, Missing.REWEIGHT, None, ("output", "quality", "lateness", "supervisor"), 0),
        (
            {"output": 75, "quality": 99, "lateness": 50, "supervisor": 60},
            Missing.REWEIGHT,
            Fraction(7430, 100),
            (),
            100,
        ),
    ],
)
def test_the_total_counts_missing_data_as_the_scheme_says(scores, missing, total, absent, weight):
    result = weighted_total(SCHEME, {k: None if v is None else Fraction(v) for k, v in scores.items()}, missing)
    assert (result.score, result.missing, result.weight_counted) == (total, absent, weight)


@pytest.mark.parametrize(
    "total, grade", [(100, "A"), (90, "A"), (Fraction(8999, 100), "B"), (75, "B"), (60, "C"), (59, "D"), (0, "D")]
)
def test_the_grade_is_the_highest_band_reached(total, grade):
    assert band_for(Fraction(total), BANDS).grade == grade


@pytest.mark.parametrize(
    "base, coefficient, worked, scheduled, fen",
    [
        (50_000, 150, 22, 22, 75_000),  # ¥500 × 150%, a full month
        (50_000, 100, 11, 22, 25_000),  # half the scheduled days
        (50_000, 100, 25, 22, 50_000),  # never more than the whole
        (33_333, 100, 1, 2, 16_667),  # 16,666.5 fen rounds half up, once
        (10_001, 70, 1, 3, 2_334),  # 7000.7 × 1/3 = 2333.566… → 2334 (not 7001 ÷ 3 = 2333.67 → 2334 by luck)
        (50_000, 0, 22, 22, 0),  # grade D
        (50_000, 100, None, None, 50_000),  # no attendance days: not pro-rated, and the trace says so
        (50_000, 100, 0, 0, 50_000),
        (50_000, 100, 0, 20, 0),  # scheduled and never came
    ],
)
def test_the_bonus_is_base_times_coefficient_pro_rated_and_rounded_once(base, coefficient, worked, scheduled, fen):
    result = bonus(base, coefficient, worked, scheduled)
    assert result.fen == fen
    assert ("not pro-rated" in result.trace) == (not scheduled)


def test_a_scheme_must_weigh_100_and_start_its_grades_at_0():
    assert validate_scheme(SCHEME, BANDS) == []
    assert "The weights must total 100." in validate_scheme(SCHEME[:3], BANDS)
    assert "The lowest grade must start at 0." in validate_scheme(SCHEME, BANDS[:3])
    no_target = (Indicator("output", "x", Source.OUTPUT, 100, target=0),)
    assert "A computed indicator needs a target above 0." in validate_scheme(no_target, BANDS)
    twice = (Indicator("a", "x", Source.ENTERED, 50), Indicator("a", "y", Source.ENTERED, 50))
    assert "Each indicator may appear only once." in validate_scheme(twice, BANDS)
    assert validate_scheme((), ()) != []


@pytest.mark.parametrize("entered, reason", [(59, True), (60, False), (95, False), (96, True), (0, True), (100, True)])
def test_extreme_scores_need_a_reason(entered, reason):
    assert needs_reason(entered) is reason


@pytest.mark.parametrize(
    "kind, year, month, first, last",
    [
        (PeriodKind.MONTH, 2026, 2, date(2026, 2, 1), date(2026, 2, 28)),
        (PeriodKind.QUARTER, 2026, 11, date(2026, 10, 1), date(2026, 12, 31)),
        (PeriodKind.QUARTER, 2026, 1, date(2026, 1, 1), date(2026, 3, 31)),
        (PeriodKind.PROBATION, 2028, 2, date(2028, 2, 1), date(2028, 2, 29)),
    ],
)
def test_a_period_covers_its_month_or_quarter(kind, year, month, first, last):
    assert period_dates(kind, year, month) == (first, last)


LIMITED = (Band("A", 90, 150, max_percent=20), Band("B", 75, 100), Band("C", 60, 70), Band("D", 0, 0))


@pytest.mark.parametrize(
    "grades, broken",
    [
        (["A", "B", "B", "B", "B"], []),  # 1 of 5 is 20%: at the limit
        (["A", "A", "B", "B", "B"], [("A", 2, 20)]),  # 40%
        (["A"], [("A", 1, 20)]),  # a team of one in A is 100%
        ([], []),
        (["B"] * 9, []),  # no limit on B
    ],
)
def test_forced_distribution_limits_are_checked_when_set(grades, broken):
    from app.appraisal.rules import over_limits

    assert over_limits(grades, LIMITED) == broken
