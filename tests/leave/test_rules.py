"""The pure rules of leave, with every vector of RULES.md ("Leave (请假) and time off in lieu")."""

from datetime import date
from fractions import Fraction

import pytest

from app.attendance.rules import DayKind, day_kind
from app.leave import rules
from app.leave.rules import Unit

# 2026 as the State Council published it (static/calendars/2026.csv): the National Day week
NATIONAL_DAY = {
    date(2026, 9, 20): DayKind.WORKDAY,
    date(2026, 9, 25): DayKind.HOLIDAY,
    date(2026, 9, 26): DayKind.REST_DAY,
    date(2026, 9, 27): DayKind.REST_DAY,
    **{date(2026, 10, d): DayKind.HOLIDAY for d in (1, 2, 3)},
    **{date(2026, 10, d): DayKind.REST_DAY for d in (4, 5, 6, 7)},
    date(2026, 10, 10): DayKind.WORKDAY,
}


def working(day: date) -> bool:
    return day_kind(day, calendar_overrides=NATIONAL_DAY) is DayKind.WORKDAY


@pytest.mark.parametrize(
    "years, days", [(0, 0), (1, 5), (8, 5), (9, 5), (10, 10), (12, 10), (19, 10), (20, 15), (35, 15)]
)
def test_annual_leave_follows_cumulative_years_worked(years, days):
    assert rules.annual_entitlement(years) == days


@pytest.mark.parametrize(
    "years, joined, days",
    [
        (8, date(2026, 7, 1), 2),  # RULES.md: floor(184/365 × 5) = 2
        (12, date(2026, 7, 1), 5),  # RULES.md: floor(184/365 × 10) = 5
        (25, date(2026, 1, 1), 15),  # joined on New Year's Day: the whole year
        (8, date(2020, 3, 1), 5),  # not the first year here: the full entitlement
        (8, date(2026, 12, 31), 0),  # floor(1/365 × 5)
        (8, None, 5),
    ],
)
def test_the_first_year_here_is_pro_rated_by_the_remaining_calendar_days(years, joined, days):
    assert rules.annual_leave_for_year(years, 2026, joined) == days


@pytest.mark.parametrize(
    "years, personal, sick, forfeited",
    [
        (5, 19, 0, False),
        (5, 20, 0, True),  # personal leave of 20 days or more not deducted from pay
        (5, 0, 59, False),
        (5, 0, 60, True),  # under 10 years: 2 months of sick leave
        (10, 0, 89, False),
        (10, 0, 90, True),  # 10-19 years: 3 months
        (19, 0, 90, True),
        (20, 0, 119, False),
        (20, 0, 120, True),  # 20 or more: 4 months
    ],
)
def test_annual_leave_is_forfeited_by_long_personal_or_sick_leave(years, personal, sick, forfeited):
    assert rules.forfeits_annual_leave(years, personal_days_not_deducted=personal, sick_days=sick) is forfeited


def test_at_exit_the_days_owed_are_earned_days_less_days_taken():
    # RULES.md: leaves on 2026-04-30 with 15 days' entitlement and 3 taken → floor(120/365 × 15) − 3 = 1
    assert rules.annual_days_owed_at_exit(15, date(2026, 1, 1), date(2026, 4, 30), 3) == 1
    assert rules.annual_days_owed_at_exit(15, date(2026, 1, 1), date(2026, 4, 30), 6) == 0  # never negative
    assert rules.annual_days_owed_at_exit(5, date(2026, 7, 1), date(2026, 12, 31), Fraction(1, 2)) == Fraction(3, 2)


def test_untaken_annual_leave_is_paid_at_300_percent_of_which_200_on_the_settlement():
    pay = rules.untaken_annual_pay(1, 435_000)  # 4,350.00 a month → 200.00 a day
    assert (pay.daily_fen, pay.total_fen, pay.due_fen) == (20_000, 60_000, 40_000)
    odd = rules.untaken_annual_pay(3, 500_000)  # 5,000 ÷ 21.75 = 229.885…; × 3 × 300% = 2,068.97
    assert (odd.total_fen, odd.due_fen) == (206_897, 137_931)


def test_the_average_monthly_wage_takes_the_last_twelve_months():
    assert rules.average_monthly_fen([100_000] * 3 + [400_000] * 12) == 400_000
    assert rules.average_monthly_fen([300_000, 300_001]) == 300_001  # 300,000.5 rounds half up
    assert rules.average_monthly_fen([]) == 0


@pytest.mark.parametrize(
    "in_all, here, months",
    [
        (3, 2, 3),
        (9, 4, 3),
        (9, 5, 6),
        (9, 9, 6),
        (10, 0, 6),
        (12, 4, 6),
        (12, 5, 9),
        (15, 9, 9),
        (15, 10, 12),
        (20, 14, 12),
        (20, 15, 18),
        (25, 19, 18),
        (25, 20, 24),
        (40, 30, 24),
    ],
)
def test_the_medical_period_follows_years_in_all_and_here(in_all, here, months):
    assert rules.medical_period_months(in_all, here) == months


@pytest.mark.parametrize(
    "difficult, babies, extra, days",
    [
        (False, 1, 0, 98),
        (True, 1, 0, 113),
        (False, 2, 0, 113),
        (True, 3, 0, 143),
        (False, 1, 60, 158),
    ],
)
def test_maternity_leave(difficult, babies, extra, days):
    assert rules.maternity_days(difficult, babies, extra) == days


@pytest.mark.parametrize("months, days", [(1, 15), (3, 15), (4, 42), (6, 42)])
def test_miscarriage_leave_depends_on_four_months_of_pregnancy(months, days):
    assert rules.miscarriage_days(months) == days


def test_a_leave_over_national_day_counts_working_days_and_the_make_up_saturday():
    days = rules.leave_days(date(2026, 9, 28), date(2026, 10, 10), Unit.WORKING, working)
    assert [d.day.day for d in days] == [28, 29, 30, 8, 9, 10]  # 1-7 October off, 10 October a make-up day
    assert rules.as_days(rules.total_halves(days)) == 6


def test_a_calendar_day_leave_counts_every_day():
    days = rules.leave_days(date(2026, 9, 28), date(2026, 10, 10), Unit.CALENDAR, working)
    assert rules.as_days(rules.total_halves(days)) == 13


def test_half_days_at_either_end():
    monday, wednesday = date(2026, 11, 23), date(2026, 11, 25)
    assert (
        rules.as_days(rules.total_halves(rules.leave_days(monday, wednesday, Unit.WORKING, working, True, True))) == 2
    )
    assert rules.as_days(
        rules.total_halves(rules.leave_days(monday, monday, Unit.WORKING, working, half_last=True))
    ) == Fraction(1, 2)


def test_a_leave_over_a_month_end_is_split_where_each_day_falls():
    days = rules.leave_days(date(2026, 11, 26), date(2026, 12, 3), Unit.WORKING, working, half_first=True)
    assert rules.by_month(days) == {(2026, 11): 5, (2026, 12): 6}  # 26 (half), 27, 30 | 1, 2, 3


def test_rest_day_overtime_can_be_given_back_but_holiday_overtime_cannot():
    assert rules.lieu_refusal("rest_day", 480, 0, 480) is None
    assert rules.lieu_refusal("rest_day", 480, 240, 300) == rules.LIEU_TOO_MUCH
    assert rules.lieu_refusal("holiday", 480, 0, 60) == rules.LIEU_HOLIDAY
    assert rules.lieu_refusal("workday_overtime", 120, 0, 60) == rules.LIEU_HOLIDAY


def test_time_off_in_lieu_is_never_both_paid_and_given_back():
    assert rules.paid_rest_day_minutes(480, 300) == 180
    assert rules.lieu_balance([480, 240], [60, 60]) == 600


def test_sick_pay_is_the_plants_share_but_never_below_80_percent_of_the_minimum_wage():
    assert rules.sick_day_fen(435_000, 60, 250_000) == 12_000  # 60% of 200.00 beats 80% of 114.94
    assert rules.sick_day_fen(300_000, 60, 250_000) == Fraction(250_000 * 80, 2175)  # the floor: 91.95…
    assert rules.leave_pay_fen(3, rules.sick_day_fen(300_000, 60, 250_000)) == 13_793  # 1.5 days


def test_personal_leave_is_deducted_at_the_monthly_wage_over_21_75_per_day():
    assert rules.personal_leave_deduction_fen(4, 435_000) == 40_000
    assert rules.personal_leave_deduction_fen(1, 435_000, paid_share_percent=50) == 5_000


@pytest.mark.parametrize("left, cap, carried", [(6, 0, 0), (6, 2, 4), (3, 2, 3), (-2, 5, 0)])
def test_annual_leave_left_is_carried_over_within_the_plant_s_policy(left, cap, carried):
    assert rules.carried_over_halves(left, cap) == carried


@pytest.mark.parametrize(
    "since, on, years",
    [(date(2020, 3, 1), date(2026, 2, 28), 5), (date(2020, 3, 1), date(2026, 3, 1), 6), (None, date(2026, 1, 1), 0)],
)
def test_years_here_are_whole_years(since, on, years):
    assert rules.full_years(since, on) == years
