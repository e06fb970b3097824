"""The pure rules of pay: piece and time pay, overtime, floors, capped deductions, the traced payslip (RULES.md)."""

import math
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from app.payroll import rules
from app.payroll.rules import (
    ComprehensiveHours,
    ConfirmedCount,
    DamageClaim,
    Earning,
    LineKind,
    OvertimeWork,
    PayInputs,
    compute_payslip,
)
from app.piecework.rules import DefectPolicy, GradeFactor, PieceRate, TimeSegment

MIN_WAGE = 250_000  # a plant's local monthly minimum wage setting: 2,500.00 yuan
RATES = {
    "sew": (PieceRate(date(2026, 1, 1), 100), PieceRate(date(2026, 3, 16), 120)),
    "fold": (PieceRate(date(2026, 1, 1), 5),),
}
MONTHLY = 435_000  # 4,350.00 yuan: 435000 ÷ 21.75 ÷ 8 = 2,500 fen an hour exactly
N, OT, REST, HOLIDAY = TimeSegment.NORMAL, TimeSegment.WORKDAY_OVERTIME, TimeSegment.REST_DAY, TimeSegment.HOLIDAY


def count(
    report_id: str, quantity: int, segment: TimeSegment = N, day: int = 10, defects: int = 0, operation: str = "sew"
) -> ConfirmedCount:
    return ConfirmedCount(report_id, date(2026, 3, day), operation, quantity, defects, segment)


def pieces(*counts: ConfirmedCount, **more) -> PayInputs:
    return PayInputs(**{"minimum_wage_fen": MIN_WAGE, "counts": counts, "rates": RATES, **more})


def salaried(**more) -> PayInputs:
    return PayInputs(**{"minimum_wage_fen": MIN_WAGE, "monthly_base_fen": MONTHLY, **more})


def amounts(slip: rules.Payslip) -> dict[str, int]:
    return {line.code: line.amount_fen for line in slip.lines}


# -- rounding -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "exact, fen",
    [
        pytest.param(Fraction(5, 2), 3, id="a half fen rounds up"),
        pytest.param(Fraction(7, 2), 4, id="half-up, not banker's rounding (3.5 -> 4)"),
        pytest.param(Fraction(249, 100), 2, id="below a half rounds down"),
        pytest.param(Fraction(251, 100), 3, id="above a half rounds up"),
        pytest.param(Fraction(-5, 2), -3, id="a negative half rounds away from zero"),
        pytest.param(Fraction(42), 42, id="whole fen stay"),
    ],
)
def test_rounding_is_half_up_to_the_fen(exact, fen):
    assert rules.round_half_up(exact) == fen


def test_piece_pay_rounds_exactly_where_float_would_be_a_fen_short():
    # 10 pieces × 5 fen × 1.15 = 57.5 fen; in float 10 * 5 * 1.15 == 57.49999999999999, half-up gives 57
    assert math.floor(10 * 5 * 1.15 + 0.5) == 57
    slip = compute_payslip(
        pieces(count("r1", 10, operation="fold"), grade_history=(GradeFactor(date(2026, 1, 1), "G3", 115),))
    )
    assert slip.amount("piece.normal") == 58


def test_overtime_pay_rounds_half_up_where_round_would_go_to_even():
    # 300034 ÷ 21.75 ÷ 8 × 1 h × 150% = 2586.5 fen exactly; Python's round() gives 2586
    assert round(300034 / 21.75 / 8 * 1.5) == 2586
    slip = compute_payslip(salaried(monthly_base_fen=300_034, overtime=(OvertimeWork("a1", OT, 60),)))
    assert slip.amount("overtime.workday_overtime") == 2587


def test_a_line_is_rounded_once_not_report_by_report():
    # each report is 1 piece × 1 fen × 150% = 1.5 fen; rounding each would pay 4, the line pays 3
    rates = {"pin": (PieceRate(date(2026, 1, 1), 1),)}
    inputs = PayInputs(
        minimum_wage_fen=0,
        rates=rates,
        counts=(count("r1", 1, OT, operation="pin"), count("r2", 1, OT, operation="pin")),
    )
    assert compute_payslip(inputs).amount("piece.workday_overtime") == 3


def test_the_hourly_wage_is_monthly_over_21_75_over_8_kept_exact():
    assert rules.hourly_wage_exact(MONTHLY) == 2500
    assert rules.hourly_wage_exact(100_000) == Fraction(100_000, 174)


# -- piece pay -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "segment, code, fen",
    [
        pytest.param(N, "piece.normal", 10_000, id="normal hours: 100% of the piece rate"),
        pytest.param(OT, "piece.workday_overtime", 15_000, id="working-day overtime pieces at 150% (art. 13)"),
        pytest.param(REST, "piece.rest_day", 20_000, id="rest-day pieces at 200% (art. 13)"),
        pytest.param(HOLIDAY, "piece.holiday", 30_000, id="holiday pieces at 300% (art. 13)"),
    ],
)
def test_pieces_are_paid_at_their_segments_percent(segment, code, fen):
    slip = compute_payslip(pieces(count("r1", 100, segment), minimum_wage_fen=0))
    assert amounts(slip) == {code: fen}
    assert slip.line(code).counts_for_minimum_wage is (segment is N)


def test_beating_the_quota_in_normal_hours_is_paid_at_100_percent_not_as_overtime():
    slip = compute_payslip(pieces(count("r1", 5000, N)))  # far above any quota, inside the shift
    assert amounts(slip) == {"piece.normal": 500_000}


@pytest.mark.parametrize(
    "day, fen",
    [
        pytest.param(15, 100, id="before a mid-month change: the old rate"),
        pytest.param(16, 120, id="from the change's date: the new rate"),
    ],
)
def test_a_rate_change_in_the_middle_of_the_month_splits_pay_by_report_date(day, fen):
    slip = compute_payslip(pieces(count("r1", 100, day=day), minimum_wage_fen=0))
    assert slip.amount("piece.normal") == 100 * fen


def test_a_month_with_a_rate_change_traces_each_report_to_its_rate():
    slip = compute_payslip(pieces(count("r1", 100, day=10), count("r2", 100, day=20), minimum_wage_fen=0))
    line = slip.line("piece.normal")
    assert line.amount_fen == 10_000 + 12_000
    assert [(t.report_id, t.good_quantity, t.fen_per_piece, t.rate_from) for t in line.trace] == [
        ("r1", 100, 100, date(2026, 1, 1)),
        ("r2", 100, 120, date(2026, 3, 16)),
    ]


@pytest.mark.parametrize(
    "grades, fen",
    [
        pytest.param((), 10_000, id="no grade: factor 1.00"),
        pytest.param((GradeFactor(date(2026, 1, 1), "G2", 110),), 11_000, id="grade G2: factor 1.10"),
        pytest.param((GradeFactor(date(2026, 1, 1), "G1", 95),), 9_500, id="trainee grade: factor 0.95"),
    ],
)
def test_the_grade_factor_multiplies_piece_pay(grades, fen):
    slip = compute_payslip(pieces(count("r1", 100), grade_history=grades, minimum_wage_fen=0))
    assert slip.amount("piece.normal") == fen


def test_defective_pieces_are_not_paid():
    slip = compute_payslip(pieces(count("r1", 100, defects=4), minimum_wage_fen=0))
    assert slip.amount("piece.normal") == 9_600 and slip.line("deduction.damage") is None


# -- time pay and overtime -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "segment, minutes, code, fen",
    [
        pytest.param(OT, 120, "overtime.workday_overtime", 7_500, id="2 h on a working day at 150% (art. 44)"),
        pytest.param(REST, 480, "overtime.rest_day", 40_000, id="8 h on a rest day at 200% (art. 44)"),
        pytest.param(HOLIDAY, 480, "overtime.holiday", 60_000, id="8 h on a holiday at 300% (art. 44)"),
        pytest.param(OT, 30, "overtime.workday_overtime", 1_875, id="half an hour at 150%"),
    ],
)
def test_time_rate_overtime_is_priced_on_the_hourly_wage(segment, minutes, code, fen):
    slip = compute_payslip(salaried(overtime=(OvertimeWork("a1", segment, minutes),)))
    assert amounts(slip) == {"base": MONTHLY, code: fen}
    assert not slip.line(code).counts_for_minimum_wage


@pytest.mark.parametrize(
    "paid_days, base",
    [
        pytest.param(None, MONTHLY, id="a full month: the monthly wage"),
        pytest.param(10, 200_000, id="10 paid days: 10 / 21.75 of the month"),
        pytest.param(Decimal("21.75"), MONTHLY, id="21.75 paid days is a full month"),
        pytest.param(23, MONTHLY, id="never more than the monthly wage"),
    ],
)
def test_a_partial_month_pro_rates_the_monthly_wage_by_paid_days(paid_days, base):
    assert compute_payslip(salaried(paid_days=paid_days)).amount("base") == base


@pytest.mark.parametrize(
    "worked_h, holiday_h, expected",
    [
        pytest.param(510, 0, {"overtime.comprehensive": 37_500}, id="10 h above the period's standard at 150%"),
        pytest.param(490, 8, {"overtime.holiday": 60_000}, id="below the standard: only holiday hours, at 300%"),
        pytest.param(500, 0, {}, id="exactly the standard: no overtime"),
    ],
)
def test_comprehensive_hours_pay_hours_above_the_period_standard(worked_h, holiday_h, expected):
    period = ComprehensiveHours(
        "q1", standard_minutes=500 * 60, worked_minutes=worked_h * 60, holiday_minutes=holiday_h * 60
    )
    slip = compute_payslip(salaried(comprehensive=period))
    assert amounts(slip) == {"base": MONTHLY, **expected}


def test_overtime_hours_without_a_monthly_wage_are_refused():
    with pytest.raises(ValueError):
        compute_payslip(pieces(overtime=(OvertimeWork("a1", OT, 60),)))


def test_normal_hours_are_not_overtime():
    with pytest.raises(ValueError):
        OvertimeWork("a1", N, 60)


# -- probation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "agreed, minimum, lowest, floor",
    [
        pytest.param(500_000, MIN_WAGE, None, 400_000, id="80% of the agreed wage (art. 20)"),
        pytest.param(300_000, MIN_WAGE, None, MIN_WAGE, id="never below the minimum wage (art. 20)"),
        pytest.param(500_001, 0, None, 400_001, id="80% rounds up: 400000.8 -> 400001"),
        pytest.param(500_000, MIN_WAGE, 600_000, 480_000, id="80% of the position's lowest wage when higher"),
    ],
)
def test_the_probation_floor(agreed, minimum, lowest, floor):
    assert rules.probation_floor_fen(agreed, minimum, lowest) == floor


@pytest.mark.parametrize(
    "probation, expected",
    [
        pytest.param(350_000, {"base": 350_000, "probation_topup": 50_000}, id="70% is raised to 80% (art. 20)"),
        pytest.param(400_000, {"base": 400_000}, id="80% stands"),
        pytest.param(450_000, {"base": 450_000}, id="above 80% stands"),
    ],
)
def test_probation_pay_is_not_below_80_percent_of_the_agreed_wage(probation, expected):
    slip = compute_payslip(salaried(monthly_base_fen=500_000, probation_monthly_fen=probation))
    assert amounts(slip) == expected


def test_probation_below_the_minimum_wage_is_topped_up_to_it_too():
    slip = compute_payslip(salaried(monthly_base_fen=300_000, probation_monthly_fen=200_000))
    assert amounts(slip) == {"base": 200_000, "probation_topup": 40_000, "minimum_wage_topup": 10_000}


def test_probation_overtime_is_priced_on_the_raised_wage():
    slip = compute_payslip(
        salaried(monthly_base_fen=500_000, probation_monthly_fen=350_000, overtime=(OvertimeWork("a1", OT, 120),))
    )
    assert slip.amount("overtime.workday_overtime") == rules.round_half_up(Fraction(400_000 * 3, 174))  # 6897


# -- minimum wage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inputs, topup",
    [
        pytest.param(pieces(count("r1", 2000)), 50_000, id="full month below the minimum: topped up (Pay)"),
        pytest.param(
            pieces(count("r1", 2000), count("r2", 1000, OT)),
            50_000,
            id="overtime pay does not count toward the minimum (Pay)",
        ),
        pytest.param(pieces(count("r1", 2600)), 0, id="at or above the minimum: no top-up"),
        pytest.param(
            pieces(count("r1", 2000), earnings=(Earning("hazard", "Hazard", 60_000, False),)),
            50_000,
            id="a hazard allowance does not count toward the minimum (Pay)",
        ),
        pytest.param(
            pieces(count("r1", 2000), earnings=(Earning("attendance", "Attendance", 60_000, True),)),
            0,
            id="an attendance bonus counts toward the minimum",
        ),
        pytest.param(
            pieces(count("r1", 1000), paid_days=10),
            14_943,
            id="a partial month pro-rates the floor: 250000 x 10 / 21.75 = 114942.53 -> 114943",
        ),
    ],
)
def test_the_minimum_wage_is_a_floor_without_overtime_and_allowances(inputs, topup):
    slip = compute_payslip(inputs)
    assert slip.amount("minimum_wage_topup") == topup
    if topup:
        assert slip.line("minimum_wage_topup").trace[0].floor_fen == slip.minimum_wage_floor_fen


def test_the_minimum_wage_top_up_is_its_own_line():
    slip = compute_payslip(pieces(count("r1", 2000), count("r2", 1000, OT)))
    assert amounts(slip) == {"piece.normal": 200_000, "piece.workday_overtime": 150_000, "minimum_wage_topup": 50_000}
    assert slip.gross_fen == 400_000 and slip.net_fen == 400_000


# -- deductions for damage ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inputs, deducted, carried",
    [
        pytest.param(
            pieces(count("r1", 5000), damage_claims=(DamageClaim("d1", 200_000),)),
            100_000,
            100_000,
            id="at most 20% of the month's wage (art. 16)",
        ),
        pytest.param(
            pieces(count("r1", 5000), damage_claims=(DamageClaim("d1", 30_000),)),
            30_000,
            0,
            id="a claim under the cap is deducted whole",
        ),
        pytest.param(
            pieces(count("r1", 2600), count("r2", 1600, OT), damage_claims=(DamageClaim("d1", 50_000),)),
            10_000,
            40_000,
            id="never below the minimum wage, overtime aside (art. 16)",
        ),
        pytest.param(
            pieces(count("r1", 2000), damage_claims=(DamageClaim("d1", 1_000),)),
            0,
            1_000,
            id="pay topped up to the minimum leaves nothing to deduct (art. 16)",
        ),
        pytest.param(
            pieces(count("r1", 5000), damage_claims=(DamageClaim("d1", 60_000), DamageClaim("d2", 60_000))),
            100_000,
            20_000,
            id="claims are collected in order up to the cap",
        ),
    ],
)
def test_damage_deductions_are_capped_at_20_percent_and_by_the_minimum_wage(inputs, deducted, carried):
    slip = compute_payslip(inputs)
    assert slip.amount("deduction.damage") == deducted == slip.deductions_fen
    assert slip.carried_over_fen == carried
    assert slip.net_fen == slip.gross_fen - deducted
    assert slip.line("deduction.damage").kind is LineKind.DEDUCTION


def test_defects_deducted_at_a_percent_of_the_rate_are_a_capped_damage_deduction():
    inputs = pieces(
        count("r1", 5000, defects=3),
        count("r2", 100, defects=1, day=20),
        defect_policy=DefectPolicy("deduct_rate_percent", 50),
    )
    slip = compute_payslip(inputs)
    line = slip.line("deduction.damage")
    assert line.amount_fen == 3 * 50 + 1 * 60  # half of 100 fen on the 10th, half of 120 fen on the 20th
    assert [t.report_id for t in line.trace if isinstance(t, rules.DefectTrace)] == ["r1", "r2"]


def test_the_cap_is_20_percent_rounded_down():
    assert rules.damage_cap_fen(100_004) == 20_000


# -- the payslip as a whole ------------------------------------------------------------------------


def test_every_figure_drills_down_to_what_it_came_from():
    inputs = pieces(
        count("r1", 2000),
        count("r2", 300, OT),
        count("r3", 100, HOLIDAY, day=20),
        grade_history=(GradeFactor(date(2026, 1, 1), "G2", 110),),
        earnings=(Earning("hazard", "Hazard", 10_000, False, ref="h-2026-03"),),
        damage_claims=(DamageClaim("d1", 5_000),),
    )
    slip = compute_payslip(inputs)
    earnings = [line for line in slip.lines if line.kind is LineKind.EARNING]
    assert slip.gross_fen == sum(line.amount_fen for line in earnings)
    assert slip.net_fen == slip.gross_fen - slip.deductions_fen
    for line in earnings:
        if line.code.startswith("piece."):
            assert abs(sum(t.exact_fen for t in line.trace) - line.amount_fen) <= Fraction(1, 2)
    assert [t.report_id for t in slip.line("piece.holiday").trace] == ["r3"]
    assert slip.line("piece.holiday").trace[0].segment is HOLIDAY
    assert slip.line("earning.hazard").trace[0].ref == "h-2026-03"


def test_money_inputs_are_never_float():
    with pytest.raises(TypeError):
        compute_payslip(salaried(paid_days=10.5))
    with pytest.raises(TypeError):
        compute_payslip(salaried(monthly_base_fen=4350.0))


def test_a_probation_wage_without_an_agreed_wage_is_refused():
    with pytest.raises(ValueError):
        compute_payslip(pieces(probation_monthly_fen=200_000))
