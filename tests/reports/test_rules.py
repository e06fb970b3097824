"""The dashboard's formulas on a small known history."""

from datetime import date

import pytest

from app.reports import rules
from app.reports.rules import Tenure

# March 2026: A and B there all month, C leaves 10 March (resignation), D hired 16 March,
# E in another department leaves 31 March (dismissal), F hired 1 April.
HISTORY = [
    Tenure(date(2025, 1, 1), None, "A线"),
    Tenure(date(2025, 6, 1), None, "A线"),
    Tenure(date(2025, 6, 1), date(2026, 3, 10), "A线", "resignation"),
    Tenure(date(2026, 3, 16), None, "A线"),
    Tenure(date(2024, 1, 1), date(2026, 3, 31), "B线", "dismissal"),
    Tenure(date(2026, 4, 1), None, "B线"),
]


@pytest.mark.parametrize(
    "leavers,start,end,rate",
    [
        (1, 4, 4, 25.0),
        (2, 4, 3, 57.1),
        (0, 10, 12, 0.0),
        (1, 0, 0, None),
        (1, 0, 1, 200.0),
    ],
)
def test_turnover_rate_is_leavers_over_the_average_of_start_and_end_headcount(leavers, start, end, rate):
    assert rules.turnover_rate(leavers, start, end) == rate


def test_monthly_turnover_counts_leavers_by_last_day_and_reason():
    plant = rules.monthly_turnover(HISTORY, 2026, 3)
    # 1 March: A, B, C, E employed = 4; 31 March: A, B, D, E (last day still employed) = 4
    assert (plant.start, plant.end, plant.leavers) == (4, 4, 2)
    assert plant.rate == 50.0 and plant.by_reason == {"resignation": 1, "dismissal": 1}
    line_a = rules.monthly_turnover(HISTORY, 2026, 3, "A线")
    assert (line_a.start, line_a.end, line_a.leavers, line_a.rate) == (3, 3, 1, 33.3)
    april = rules.monthly_turnover(HISTORY, 2026, 4)
    assert (april.start, april.leavers, april.rate) == (4, 0, 0.0)  # E's last day was 31 March


@pytest.mark.parametrize(
    "today,eligible,retained",
    [
        (date(2026, 3, 1), 4, 4),  # A, B, C (left after her 90 days), E; D and F not hired yet
        (date(2026, 6, 13), 4, 4),  # D hired 16 March: day 90 is 14 June
        (date(2026, 6, 14), 5, 5),
        (date(2026, 7, 1), 6, 6),
    ],
)
def test_retention_counts_only_hires_whose_90_days_have_elapsed(today, eligible, retained):
    result = rules.retention(HISTORY, today)
    assert (result.eligible, result.retained) == (eligible, retained)


def test_a_hire_leaving_before_90_days_lowers_retention():
    hires = [
        Tenure(date(2026, 1, 5), date(2026, 2, 20)),
        Tenure(date(2026, 1, 5), None),
        Tenure(date(2026, 1, 10), date(2026, 4, 10)),  # left after day 90 (9 April): retained
        Tenure(date(2026, 4, 1), None),
    ]  # too recent
    result = rules.retention(hires, date(2026, 5, 1), hired_from=date(2026, 1, 1))
    assert (result.eligible, result.retained, result.rate) == (3, 2, 66.7)
    assert rules.retention([], date(2026, 5, 1)).rate is None


@pytest.mark.parametrize(
    "minutes,flagged", [(0, False), (36 * 60 - 1, False), (36 * 60, False), (36 * 60 + 1, True), (50 * 60, True)]
)
def test_over_36_hours_of_overtime_in_a_month_is_flagged_exactly_36_is_not(minutes, flagged):
    assert rules.over_overtime_limit(minutes) is flagged


def test_attendance_rate_counts_attended_over_scheduled_days_ignoring_rest_days():
    statuses = ["present", "late", "absent", "rest_day", "holiday", "missing_punch", "early_leave"]
    assert rules.attendance_rate(statuses) == (4, 5, 80.0)
    assert rules.attendance_rate(["rest_day"]) == (0, 0, None)


def test_days_to_onboard_and_median():
    assert rules.days_to_onboard(date(2026, 3, 1), date(2026, 3, 4)) == 3
    assert rules.days_to_onboard(date(2026, 3, 1), None) is None
    assert rules.median([5, 1, 3]) == 3.0 and rules.median([1, 2, 3, 10]) == 2.5 and rules.median([]) is None


def test_recent_months_cross_the_year_oldest_first():
    assert rules.recent_months(date(2026, 2, 15), 3) == [(2025, 12), (2026, 1), (2026, 2)]


def test_output_per_hour_groups_trained_and_untrained_and_skips_days_without_hours():
    days = [
        rules.PieceDay(1, "绕线", date(2026, 11, 2), 120, 480, True),
        rules.PieceDay(1, "绕线", date(2026, 11, 3), 100, 400, True),
        rules.PieceDay(2, "绕线", date(2026, 11, 2), 60, 480, False),
        rules.PieceDay(3, "绕线", date(2026, 11, 2), 90, 0, False),
    ]  # no punches that day: no hours to divide by
    assert rules.output_per_hour(days) == {("绕线", True): (1, 220, 15.0), ("绕线", False): (1, 60, 7.5)}


def test_output_per_head():
    assert rules.output_per_head({1: 120, 2: 60}) == (2, 180, 90.0)
    assert rules.output_per_head({}) == (0, 0, None)
