"""The pure rules of piece work: rates in force, segments, count checks, exact piece amounts (RULES.md)."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction

import pytest

from app.piecework import rules
from app.piecework.rules import DayKind, DefectPolicy, GradeFactor, PieceRate, TimeSegment

CST = timezone(timedelta(hours=8))
SHIFT_END = datetime(2026, 3, 10, 17, 0, tzinfo=CST)
HISTORY = (PieceRate(date(2026, 3, 16), 120), PieceRate(date(2026, 1, 1), 100))  # out of order on purpose


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, 10, hour, minute, tzinfo=CST)


@pytest.mark.parametrize(
    "segment, percent",
    [
        pytest.param(TimeSegment.NORMAL, 100, id="normal hours: the piece rate itself (art. 13)"),
        pytest.param(TimeSegment.WORKDAY_OVERTIME, 150, id="working-day overtime: 150% (art. 13, Labour Law art. 44)"),
        pytest.param(TimeSegment.REST_DAY, 200, id="rest day: 200% (art. 13, Labour Law art. 44)"),
        pytest.param(TimeSegment.HOLIDAY, 300, id="statutory holiday: 300% (art. 13, Labour Law art. 44)"),
    ],
)
def test_each_segment_pays_its_percent_of_the_rate(segment, percent):
    assert segment.pay_percent == percent
    assert segment.is_overtime is (segment is not TimeSegment.NORMAL)


@pytest.mark.parametrize(
    "on, fen",
    [
        pytest.param(date(2026, 1, 1), 100, id="the first day of a rate"),
        pytest.param(date(2026, 3, 15), 100, id="the day before a mid-month change keeps the old rate"),
        pytest.param(date(2026, 3, 16), 120, id="a mid-month change applies from its effective date"),
        pytest.param(date(2026, 12, 31), 120, id="the latest rate stays in force"),
    ],
)
def test_the_rate_in_force_is_picked_by_the_work_date(on, fen):
    assert rules.rate_on(HISTORY, on).fen_per_piece == fen


def test_a_date_before_any_rate_has_no_rate():
    with pytest.raises(rules.NotInForce):
        rules.rate_on(HISTORY, date(2025, 12, 31))
    with pytest.raises(rules.NotInForce):
        rules.rate_on((), date(2026, 1, 1))


def test_two_rates_taking_effect_on_one_date_are_ambiguous():
    with pytest.raises(ValueError):
        rules.rate_on((PieceRate(date(2026, 1, 1), 100), PieceRate(date(2026, 1, 1), 110)), date(2026, 2, 1))


@pytest.mark.parametrize(
    "history, on, grade, percent",
    [
        pytest.param((), date(2026, 3, 1), "", 100, id="no grade: a factor of 1.00"),
        pytest.param((GradeFactor(date(2026, 1, 1), "G2", 110),), date(2026, 3, 1), "G2", 110, id="grade G2 at 1.10"),
        pytest.param(
            (GradeFactor(date(2026, 1, 1), "G2", 110), GradeFactor(date(2026, 3, 16), "G3", 120)),
            date(2026, 3, 16),
            "G3",
            120,
            id="a promotion applies from its date",
        ),
    ],
)
def test_the_grade_factor_in_force_is_picked_by_the_work_date(history, on, grade, percent):
    found = rules.factor_on(history, on)
    assert (found.grade, found.percent) == (grade, percent)


@pytest.mark.parametrize(
    "start, end, day_kind, shift_end, segment",
    [
        pytest.param(at(9), at(16), DayKind.WORKING_DAY, SHIFT_END, TimeSegment.NORMAL, id="inside the shift: normal"),
        pytest.param(
            at(17),
            at(19),
            DayKind.WORKING_DAY,
            SHIFT_END,
            TimeSegment.WORKDAY_OVERTIME,
            id="overtime starts at the end of the shift",
        ),
        pytest.param(
            at(6),
            at(8),
            DayKind.WORKING_DAY,
            SHIFT_END,
            TimeSegment.NORMAL,
            id="arriving early is not overtime unless approved",
        ),
        pytest.param(
            at(16, 0),
            at(17, 0),
            DayKind.WORKING_DAY,
            SHIFT_END,
            TimeSegment.NORMAL,
            id="ending exactly at the shift end is normal",
        ),
        pytest.param(
            at(16, 30),
            at(18),
            DayKind.WORKING_DAY,
            SHIFT_END,
            TimeSegment.WORKDAY_OVERTIME,
            id="straddling the shift end: mostly after is proposed overtime",
        ),
        pytest.param(
            at(15),
            at(17, 30),
            DayKind.WORKING_DAY,
            SHIFT_END,
            TimeSegment.NORMAL,
            id="straddling the shift end: mostly before is proposed normal",
        ),
        pytest.param(
            at(19),
            at(19),
            DayKind.WORKING_DAY,
            SHIFT_END,
            TimeSegment.WORKDAY_OVERTIME,
            id="a report at one instant after the shift",
        ),
        pytest.param(at(9), at(12), DayKind.WORKING_DAY, None, TimeSegment.NORMAL, id="no shift: normal"),
        pytest.param(at(9), at(12), DayKind.REST_DAY, None, TimeSegment.REST_DAY, id="rest day: rest-day segment"),
        pytest.param(at(9), at(20), DayKind.HOLIDAY, SHIFT_END, TimeSegment.HOLIDAY, id="holiday: holiday segment"),
    ],
)
def test_the_segment_is_proposed_from_the_punches_and_the_shift(start, end, day_kind, shift_end, segment):
    assert rules.propose_segment(start, end, day_kind, shift_end) is segment


def test_a_period_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        rules.propose_segment(at(12), at(11), DayKind.WORKING_DAY, SHIFT_END)


@pytest.mark.parametrize(
    "quantity, defects, standard, hours, reason, codes",
    [
        pytest.param(400, 3, 50, 8, "", [], id="an ordinary count"),
        pytest.param(800, 0, 50, 8, "", [], id="exactly twice the standard needs no reason"),
        pytest.param(801, 0, 50, 8, "", ["quantity.needs_reason"], id="above twice the standard needs a reason"),
        pytest.param(801, 0, 50, 8, "  ", ["quantity.needs_reason"], id="a blank reason is no reason"),
        pytest.param(801, 0, 50, 8, "two machines", [], id="above twice the standard with a reason"),
        pytest.param(
            151,
            0,
            Decimal("7.5"),
            Decimal("10"),
            "",
            ["quantity.needs_reason"],
            id="fractional standard and hours are exact: 2 x 7.5 x 10 = 150",
        ),
        pytest.param(99_999, 0, None, 8, "", [], id="an operation with no standard has no reason check"),
        pytest.param(-5, 0, 50, 8, "", ["quantity.negative"], id="a negative quantity is refused"),
        pytest.param(0, 0, 50, 8, "", ["quantity.zero"], id="a zero quantity is refused"),
        pytest.param(
            rules.MAX_PIECES_PER_REPORT + 1, 0, None, 8, "", ["quantity.absurd"], id="an absurd quantity is refused"
        ),
        pytest.param(rules.MAX_PIECES_PER_REPORT, 0, None, 8, "", [], id="the ceiling itself is allowed"),
        pytest.param(10, 11, None, 8, "", ["defects.exceed_quantity"], id="more defects than pieces"),
        pytest.param(10, -1, None, 8, "", ["defects.negative"], id="negative defects"),
        pytest.param(Decimal("10.5"), 0, None, 8, "", ["quantity.not_whole"], id="a part of a piece"),
        pytest.param(True, 0, None, 8, "", ["quantity.not_whole"], id="a bool is not a quantity"),
        pytest.param(-3, 0, 1, 1, "", ["quantity.negative"], id="a negative quantity never needs a reason"),
    ],
)
def test_counts_are_checked_before_they_are_recorded(quantity, defects, standard, hours, reason, codes):
    problems = rules.validate_quantity(quantity, defects, standard, hours, reason)
    assert [problem.code for problem in problems] == codes
    assert all(problem.message for problem in problems)


def test_a_float_standard_is_refused_because_it_is_not_exact():
    with pytest.raises(TypeError):
        rules.validate_quantity(10, 0, 7.5, 8)


@pytest.mark.parametrize(
    "quantity, defects, good",
    [
        pytest.param(100, 0, 100, id="no defects"),
        pytest.param(100, 7, 93, id="defects are not paid"),
        pytest.param(5, 5, 0, id="all defective"),
    ],
)
def test_good_quantity_is_quantity_less_defects(quantity, defects, good):
    assert rules.good_quantity(quantity, defects) == good


@pytest.mark.parametrize("quantity, defects", [(0, 0), (-1, 0), (5, 6), (5, -1)])
def test_good_quantity_refuses_a_count_validation_refuses(quantity, defects):
    with pytest.raises(ValueError):
        rules.good_quantity(quantity, defects)


@pytest.mark.parametrize(
    "good, rate, factor, segment, fen",
    [
        pytest.param(
            1000,
            12,
            100,
            TimeSegment.NORMAL,
            Fraction(12000),
            id="beating the quota in normal hours is paid at 100% (art. 13)",
        ),
        pytest.param(100, 12, 100, TimeSegment.WORKDAY_OVERTIME, Fraction(1800), id="working-day overtime 150%"),
        pytest.param(100, 12, 100, TimeSegment.REST_DAY, Fraction(2400), id="rest day 200%"),
        pytest.param(100, 12, 100, TimeSegment.HOLIDAY, Fraction(3600), id="holiday 300%"),
        pytest.param(100, 12, 110, TimeSegment.NORMAL, Fraction(1320), id="grade factor 1.10"),
        pytest.param(
            3,
            7,
            115,
            TimeSegment.WORKDAY_OVERTIME,
            Fraction(3 * 7 * 115 * 150, 10000),
            id="grade and overtime together stay exact",
        ),
    ],
)
def test_piece_amounts_are_exact_fractions_of_a_fen(good, rate, factor, segment, fen):
    assert rules.piece_amount_exact(good, rate, factor, segment) == fen


@pytest.mark.parametrize(
    "policy, fen",
    [
        pytest.param(DefectPolicy(), Fraction(0), id="not_paid: nothing beyond the unpaid pieces"),
        pytest.param(DefectPolicy("deduct_rate_percent", 50), Fraction(3 * 25, 2), id="half the rate per defect"),
    ],
)
def test_defects_are_deducted_per_policy(policy, fen):
    assert rules.defect_deduction_exact(3, 25, policy) == fen


@pytest.mark.parametrize(
    "kind, percent", [("not_paid", 10), ("deduct_rate_percent", 0), ("deduct_rate_percent", 101), ("fine", 5)]
)
def test_a_defect_policy_out_of_range_is_refused(kind, percent):
    with pytest.raises(ValueError):
        DefectPolicy(kind, percent)


def test_a_rate_is_whole_fen_and_never_float():
    with pytest.raises(TypeError):
        PieceRate(date(2026, 1, 1), 1.5)
    with pytest.raises(ValueError):
        PieceRate(date(2026, 1, 1), -1)


def test_piece_traces_split_a_month_at_a_rate_change_and_carry_the_grade():
    counts = (
        rules.ConfirmedCount("r1", date(2026, 3, 10), "sew", 100, 2, TimeSegment.NORMAL),
        rules.ConfirmedCount("r2", date(2026, 3, 20), "sew", 50, 0, TimeSegment.REST_DAY),
    )
    grades = (GradeFactor(date(2026, 1, 1), "G2", 110),)
    traces = rules.piece_traces(counts, {"sew": HISTORY}, grades)
    assert [(t.report_id, t.good_quantity, t.fen_per_piece, t.rate_from, t.factor_percent) for t in traces] == [
        ("r1", 98, 100, date(2026, 1, 1), 110),
        ("r2", 50, 120, date(2026, 3, 16), 110),
    ]
    assert [t.exact_fen for t in traces] == [Fraction(98 * 100 * 110, 100), Fraction(50 * 120 * 110 * 200, 10000)]
    defects = rules.defect_traces(counts, {"sew": HISTORY}, DefectPolicy("deduct_rate_percent", 50))
    assert [(d.report_id, d.defects, d.fen_per_piece, d.exact_fen) for d in defects] == [("r1", 2, 100, 100)]


def test_a_count_for_an_operation_without_rates_is_refused():
    counts = (rules.ConfirmedCount("r1", date(2026, 3, 10), "cut", 1, 0, TimeSegment.NORMAL),)
    with pytest.raises(rules.NotInForce):
        rules.piece_traces(counts, {"sew": HISTORY}, ())
