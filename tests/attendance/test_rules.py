"""Working time (RULES.md, "Working time and overtime"): shifts, the calendar, kiosk punches, attendance days."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.attendance import rules
from app.attendance.rules import DayKind, Direction, LastPunch, OvertimeKind, Shift, Status

SHANGHAI = ZoneInfo("Asia/Shanghai")
MON = date(2025, 10, 13)  # an ordinary Monday
SAT = date(2025, 10, 18)  # an ordinary Saturday
DAY = Shift(
    time(8, 0), time(17, 0), breaks=((time(12, 0), time(13, 0)),), grace_late_minutes=5, grace_early_minutes=5
)  # 480 minutes planned
NIGHT = Shift(time(22, 0), time(6, 0), breaks=((time(2, 0), time(2, 30)),))  # 450 minutes planned


def at(day: date, clock: str, days_later: int = 0) -> datetime:
    """Plant-local wall-clock time, 'HH:MM' or 'HH:MM:SS'."""
    return datetime.combine(day + timedelta(days=days_later), time.fromisoformat(clock))


def on_monday(*clocks: str) -> list[datetime]:
    return [at(MON, clock) for clock in clocks]


# --- Shifts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shift, start, end, planned",
    [
        pytest.param(DAY, at(MON, "08:00"), at(MON, "17:00"), 480, id="a_day_shift_with_an_hour_s_lunch_plans_8_hours"),
        pytest.param(
            NIGHT,
            at(MON, "22:00"),
            at(MON, "06:00", 1),
            450,
            id="a_night_shift_ends_the_next_morning_with_its_break_after_midnight_taken_off",
        ),
        pytest.param(
            Shift(time(6, 0), time(6, 0)),
            at(MON, "06:00"),
            at(MON, "06:00", 1),
            1440,
            id="a_shift_ending_when_it_starts_lasts_24_hours",
        ),
        pytest.param(
            Shift(time(20, 0), time(8, 0), breaks=((time(23, 30), time(0, 30)),)),
            at(MON, "20:00"),
            at(MON, "08:00", 1),
            660,
            id="a_break_across_midnight_is_taken_off_whole",
        ),
    ],
)
def test_a_shift_s_window_and_planned_minutes(shift, start, end, planned):
    window = rules.shift_window(shift, MON)
    assert (window.start, window.end) == (start, end)
    assert rules.planned_minutes(shift) == planned


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"breaks": ((time(18, 0), time(18, 30)),)}, id="a_break_after_the_shift"),
        pytest.param({"breaks": ((time(12, 0), time(13, 0)), (time(12, 30), time(13, 30)))}, id="overlapping_breaks"),
        pytest.param({"grace_late_minutes": -1}, id="a_negative_grace"),
    ],
)
def test_a_shift_that_cannot_be_worked_is_refused(kwargs):
    with pytest.raises(ValueError):
        Shift(time(8, 0), time(17, 0), **kwargs)


def test_times_cross_between_stored_utc_and_shanghai_wall_clock():
    stored = datetime(2025, 9, 30, 16, 30, tzinfo=UTC)
    assert rules.to_plant_local(stored, SHANGHAI) == datetime(2025, 10, 1, 0, 30)
    assert rules.to_plant_local(stored.replace(tzinfo=None), SHANGHAI) == datetime(2025, 10, 1, 0, 30)
    assert rules.plant_local_to_utc(datetime(2025, 10, 1, 0, 30), SHANGHAI) == stored


# --- The calendar: HR enters the State Council's arrangement (here National Day and Mid-Autumn 2025) --

CALENDAR = {
    date(2025, 9, 28): DayKind.WORKDAY,  # Sunday, make-up working day
    **{date(2025, 10, d): DayKind.HOLIDAY for d in (1, 2, 3, 6)},  # National Day 1-3, Mid-Autumn 6
    **{date(2025, 10, d): DayKind.REST_DAY for d in (7, 8)},  # extra rest days moved by the arrangement
    date(2025, 10, 11): DayKind.WORKDAY,  # Saturday, make-up working day
}


@pytest.mark.parametrize(
    "day, kind",
    [
        pytest.param(MON, DayKind.WORKDAY, id="an_ordinary_monday_is_a_working_day"),
        pytest.param(SAT, DayKind.REST_DAY, id="an_ordinary_saturday_is_a_rest_day"),
        pytest.param(date(2025, 10, 1), DayKind.HOLIDAY, id="national_day_is_a_statutory_holiday"),
        pytest.param(date(2025, 10, 8), DayKind.REST_DAY, id="a_wednesday_moved_off_by_the_arrangement_is_a_rest_day"),
        pytest.param(date(2025, 10, 11), DayKind.WORKDAY, id="a_make_up_saturday_is_a_working_day"),
        pytest.param(date(2025, 9, 28), DayKind.WORKDAY, id="a_make_up_sunday_is_a_working_day"),
    ],
)
def test_hr_s_calendar_decides_the_kind_of_day_before_the_weekly_rest_days(day, kind):
    assert rules.day_kind(day, rules.DEFAULT_WEEKLY_REST_DAYS, CALENDAR) == kind


def test_a_plant_working_six_days_rests_on_sunday_only():
    assert rules.day_kind(SAT, {7}) == DayKind.WORKDAY
    assert rules.day_kind(SAT + timedelta(days=1), {7}) == DayKind.REST_DAY


def test_work_on_a_make_up_saturday_is_an_ordinary_working_day_not_overtime():
    kind = rules.day_kind(date(2025, 10, 11), rules.DEFAULT_WEEKLY_REST_DAYS, CALENDAR)
    day = rules.derive_attendance_day(
        date(2025, 10, 11), kind, DAY, [at(date(2025, 10, 11), "07:55"), at(date(2025, 10, 11), "17:05")]
    )
    assert (day.status, day.normal_minutes, day.overtime_minutes) == (Status.PRESENT, 480, 0)


# --- The kiosk: duplicates and the IN/OUT guess ---------------------------------------------------

T = at(MON, "07:55")


@pytest.mark.parametrize(
    "prev, now, duplicate",
    [
        pytest.param(None, T, False, id="a_first_scan_is_a_punch"),
        pytest.param(T, T, True, id="the_same_second_is_a_duplicate"),
        pytest.param(T, T + timedelta(seconds=59), True, id="59_seconds_later_is_a_duplicate"),
        pytest.param(T, T + timedelta(seconds=60), True, id="60_seconds_later_is_still_a_duplicate"),
        pytest.param(T, T + timedelta(seconds=61), False, id="61_seconds_later_is_a_punch"),
        pytest.param(T, T - timedelta(seconds=30), True, id="a_clock_stepped_back_30_seconds_still_sees_a_duplicate"),
    ],
)
def test_the_same_credential_within_60_seconds_is_a_scan_not_a_punch(prev, now, duplicate):
    assert rules.is_duplicate(prev, now) is duplicate


DAY_WINDOW = rules.shift_window(DAY, MON)
NIGHT_WINDOW = rules.shift_window(NIGHT, MON)
TUESDAY_WINDOW = rules.shift_window(DAY, MON + timedelta(days=1))


@pytest.mark.parametrize(
    "last, now, window, direction",
    [
        pytest.param(None, at(MON, "07:55"), DAY_WINDOW, Direction.IN, id="a_first_scan_clocks_in"),
        pytest.param(
            LastPunch(at(MON, "07:55"), Direction.IN),
            at(MON, "17:02"),
            DAY_WINDOW,
            Direction.OUT,
            id="the_second_scan_of_the_shift_clocks_out",
        ),
        pytest.param(
            LastPunch(at(MON, "17:02"), Direction.OUT),
            at(MON, "17:10"),
            DAY_WINDOW,
            Direction.IN,
            id="a_scan_after_an_out_clocks_in_again",
        ),
        pytest.param(
            LastPunch(at(MON, "07:55"), Direction.IN),
            at(MON, "20:00"),
            DAY_WINDOW,
            Direction.OUT,
            id="leaving_after_three_hours_overtime_clocks_out",
        ),
        pytest.param(
            LastPunch(at(MON, "07:55"), Direction.IN),
            at(MON, "07:50", 1),
            TUESDAY_WINDOW,
            Direction.IN,
            id="a_forgotten_out_from_yesterday_is_stale_so_today_clocks_in",
        ),
        pytest.param(
            LastPunch(at(MON, "07:55"), Direction.IN),
            at(MON, "07:50", 1),
            DAY_WINDOW,
            Direction.IN,
            id="given_yesterday_s_window_the_forgotten_out_is_stale_too",
        ),
        pytest.param(
            LastPunch(at(MON, "21:50"), Direction.IN),
            at(MON, "06:05", 1),
            NIGHT_WINDOW,
            Direction.OUT,
            id="the_morning_scan_after_a_night_shift_clocks_out",
        ),
        pytest.param(
            LastPunch(at(MON, "09:00"), Direction.IN),
            at(MON, "18:00"),
            None,
            Direction.OUT,
            id="without_a_shift_an_in_stays_open_for_16_hours",
        ),
        pytest.param(
            LastPunch(at(MON, "09:00"), Direction.IN),
            at(MON, "09:01", 1),
            None,
            Direction.IN,
            id="without_a_shift_an_in_a_day_old_is_stale",
        ),
    ],
)
def test_the_kiosk_guesses_in_or_out_from_what_it_knows(last, now, window, direction):
    assert rules.next_punch_direction(last, now, window) is direction


# --- Which work date a punch belongs to ----------------------------------------------------------


@pytest.mark.parametrize(
    "shifts, punch, work_date",
    [
        pytest.param(
            {MON: NIGHT, MON + timedelta(1): NIGHT},
            at(MON, "06:10", 1),
            MON,
            id="a_night_shift_s_morning_out_belongs_to_the_previous_date",
        ),
        pytest.param(
            {MON: NIGHT, MON + timedelta(1): NIGHT},
            at(MON, "21:50", 1),
            MON + timedelta(1),
            id="the_evening_in_belongs_to_the_night_that_starts",
        ),
        pytest.param(
            {MON: NIGHT, MON + timedelta(1): NIGHT},
            at(MON, "02:00", 1),
            MON,
            id="a_scan_in_the_middle_of_the_night_belongs_to_the_night_shift",
        ),
        pytest.param(
            {MON: NIGHT}, at(MON, "09:00", 1), MON, id="three_hours_overtime_after_a_night_stays_on_that_night"
        ),
        pytest.param({MON: DAY}, at(MON, "07:50"), MON, id="a_day_shift_s_punches_belong_to_their_own_date"),
        pytest.param({MON: DAY}, at(MON, "22:30"), MON, id="no_shift_within_reach_means_the_calendar_date"),
        pytest.param({}, at(SAT, "09:00"), SAT, id="rest_day_work_without_a_shift_belongs_to_its_date"),
        pytest.param(
            {MON: Shift(time(0, 0), time(8, 0))},
            at(MON, "23:50", -1),
            MON,
            id="arriving_before_midnight_for_a_midnight_shift_belongs_to_the_next_date",
        ),
    ],
)
def test_a_punch_belongs_to_the_nearest_shift_within_reach(shifts, punch, work_date):
    assert rules.assign_work_date(punch, shifts) == work_date


# --- Attendance days ---------------------------------------------------------------------------


def derive(punches, kind=DayKind.WORKDAY, shift=DAY, unit=30, approved=False, work_date=MON):
    return rules.derive_attendance_day(
        work_date, kind, shift, punches, overtime_unit_minutes=unit, early_overtime_approved=approved
    )


def summary(day):
    return (
        day.status,
        day.worked_minutes,
        day.late_minutes,
        day.early_leave_minutes,
        day.overtime_minutes,
        day.overtime_kind,
    )


@pytest.mark.parametrize(
    "punches, expected",
    [
        pytest.param(
            on_monday("07:55", "17:05"),
            (Status.PRESENT, 485, 0, 0, 0, None),
            id="a_full_shift_is_present_with_lunch_taken_off_and_five_minutes_too_few_for_overtime",
        ),
        pytest.param(
            on_monday("08:04", "17:00"), (Status.PRESENT, 476, 0, 0, 0, None), id="late_by_grace_minus_one_is_not_late"
        ),
        pytest.param(
            on_monday("08:05", "17:00"),
            (Status.PRESENT, 475, 0, 0, 0, None),
            id="late_by_exactly_the_grace_is_not_late",
        ),
        pytest.param(
            on_monday("08:06", "17:00"),
            (Status.LATE, 474, 6, 0, 0, None),
            id="late_by_grace_plus_one_counts_every_minute_from_the_start",
        ),
        pytest.param(
            on_monday("08:05:59", "17:00"),
            (Status.PRESENT, 475, 0, 0, 0, None),
            id="seconds_are_dropped_from_punch_times",
        ),
        pytest.param(
            on_monday("08:00", "16:55"),
            (Status.PRESENT, 475, 0, 0, 0, None),
            id="leaving_within_the_early_grace_is_not_early",
        ),
        pytest.param(
            on_monday("08:00", "16:54"),
            (Status.EARLY_LEAVE, 474, 0, 6, 0, None),
            id="leaving_beyond_the_early_grace_is_an_early_leave",
        ),
        pytest.param(
            on_monday("08:10", "16:50"),
            (Status.LATE, 460, 10, 10, 0, None),
            id="late_and_early_both_are_late_with_both_minutes",
        ),
        pytest.param(
            on_monday("08:00", "12:30"),
            (Status.EARLY_LEAVE, 240, 0, 240, 0, None),
            id="leaving_during_lunch_counts_no_break_as_work_or_as_missed",
        ),
        pytest.param(
            on_monday("12:30", "17:00"),
            (Status.LATE, 240, 240, 0, 0, None),
            id="arriving_during_lunch_is_late_by_the_working_minutes_missed",
        ),
        pytest.param(
            on_monday("08:00", "10:00", "10:05", "17:00"),
            (Status.PRESENT, 475, 0, 0, 0, None),
            id="five_minutes_out_between_two_pairs_are_not_work",
        ),
    ],
)
def test_a_working_day_counts_work_lateness_and_early_leave(punches, expected):
    assert summary(derive(punches)) == expected


@pytest.mark.parametrize(
    "out, unit, overtime",
    [
        pytest.param("17:29", 30, 0, id="29_minutes_after_the_shift_round_down_to_nothing"),
        pytest.param("17:30", 30, 30, id="30_minutes_after_the_shift_are_one_unit"),
        pytest.param("18:29", 30, 60, id="89_minutes_round_down_to_60"),
        pytest.param("20:00", 30, 180, id="three_hours_after_the_shift_are_180"),
        pytest.param("17:29", 15, 15, id="a_plant_counting_in_quarter_hours_rounds_down_to_15"),
        pytest.param("17:29", 1, 29, id="a_plant_counting_every_minute_keeps_29"),
    ],
)
def test_working_day_overtime_starts_at_the_shift_s_end_and_rounds_down_to_the_unit(out, unit, overtime):
    day = derive(on_monday("07:58", out), unit=unit)
    assert (day.overtime_minutes, day.overtime_kind) == (overtime, OvertimeKind.WORKDAY if overtime else None)
    assert day.normal_minutes == 480


@pytest.mark.parametrize(
    "approved, worked, overtime",
    [
        pytest.param(False, 480, 0, id="arriving_two_hours_early_is_not_overtime_by_default"),
        pytest.param(True, 600, 120, id="arriving_two_hours_early_is_overtime_when_a_supervisor_approved_it"),
    ],
)
def test_arriving_early_is_overtime_only_when_approved(approved, worked, overtime):
    day = derive(on_monday("06:00", "17:00"), approved=approved)
    assert (day.status, day.worked_minutes, day.overtime_minutes) == (Status.PRESENT, worked, overtime)


def test_a_night_shift_s_morning_out_completes_the_previous_date():
    punches = [at(MON, "21:55"), at(MON, "07:10", 1)]
    roster = {MON: NIGHT, MON + timedelta(1): NIGHT}
    assert {rules.assign_work_date(p, roster) for p in punches} == {MON}
    day = derive(punches, shift=NIGHT)
    assert (day.first_in, day.last_out) == (at(MON, "21:55"), at(MON, "07:10", 1))
    assert summary(day) == (Status.PRESENT, 450 + 70, 0, 0, 60, OvertimeKind.WORKDAY)


def test_two_kiosks_punches_in_any_order_give_the_same_day():
    kiosk_a = on_monday("07:57", "12:59", "18:03:40")
    kiosk_b = on_monday("07:57:30", "12:01", "18:03")  # 07:57:30 and 18:03: the same scans caught twice
    expected = derive(kiosk_a + kiosk_b)
    for order in itertools.permutations(kiosk_a + kiosk_b):
        assert derive(list(order)) == expected
    assert (expected.first_in, expected.last_out, expected.overtime_minutes) == (at(MON, "07:57"), at(MON, "18:03"), 60)


@pytest.mark.parametrize(
    "kind, shift, punches, expected",
    [
        pytest.param(
            DayKind.REST_DAY,
            DAY,
            [at(SAT, "08:00"), at(SAT, "17:00")],
            (Status.REST_DAY, 480, 0, 0, 480, OvertimeKind.REST_DAY),
            id="a_worked_rest_day_is_all_overtime",
        ),
        pytest.param(
            DayKind.REST_DAY,
            DAY,
            [at(SAT, "06:00"), at(SAT, "10:45")],
            (Status.REST_DAY, 285, 0, 0, 270, OvertimeKind.REST_DAY),
            id="rest_day_overtime_counts_early_hours_and_rounds_down",
        ),
        pytest.param(
            DayKind.REST_DAY,
            None,
            [at(SAT, "08:00"), at(SAT, "12:00")],
            (Status.REST_DAY, 240, 0, 0, 240, OvertimeKind.REST_DAY),
            id="rest_day_work_without_a_shift_takes_no_break_off",
        ),
        pytest.param(
            DayKind.HOLIDAY,
            DAY,
            [at(SAT, "08:00"), at(SAT, "17:00")],
            (Status.HOLIDAY, 480, 0, 0, 480, OvertimeKind.HOLIDAY),
            id="a_worked_holiday_is_holiday_overtime",
        ),
        pytest.param(
            DayKind.REST_DAY,
            DAY,
            [at(SAT, "08:00"), at(SAT, "08:20")],
            (Status.REST_DAY, 20, 0, 0, 0, None),
            id="twenty_minutes_on_a_rest_day_round_down_to_nothing",
        ),
        pytest.param(DayKind.REST_DAY, DAY, [], (Status.REST_DAY, 0, 0, 0, 0, None), id="a_rest_day_not_worked"),
        pytest.param(DayKind.HOLIDAY, DAY, [], (Status.HOLIDAY, 0, 0, 0, 0, None), id="a_holiday_not_worked"),
    ],
)
def test_rest_days_and_holidays(kind, shift, punches, expected):
    assert summary(derive(punches, kind=kind, shift=shift, work_date=SAT)) == expected


@pytest.mark.parametrize(
    "kind, punches, status",
    [
        pytest.param(DayKind.WORKDAY, [], Status.ABSENT, id="no_punch_on_a_working_day_is_absent"),
        pytest.param(DayKind.WORKDAY, on_monday("07:55"), Status.MISSING_PUNCH, id="a_single_punch_is_a_missing_punch"),
        pytest.param(
            DayKind.REST_DAY,
            on_monday("07:55"),
            Status.MISSING_PUNCH,
            id="a_single_punch_on_a_rest_day_is_a_missing_punch_too",
        ),
        pytest.param(
            DayKind.WORKDAY,
            on_monday("07:55:10", "07:56:10"),
            Status.MISSING_PUNCH,
            id="one_scan_at_two_kiosks_within_60_seconds_is_still_a_missing_punch",
        ),
    ],
)
def test_absent_and_missing_punches(kind, punches, status):
    day = derive(punches, kind=kind)
    assert day.status is status
    assert (day.worked_minutes, day.overtime_minutes) == (0, 0)
    assert day.first_in == (punches[0].replace(second=0) if punches else None)
    assert day.planned_minutes == (480 if kind is DayKind.WORKDAY else 0)


def test_attendance_rules_refuse_utc_times_that_were_not_converted():
    with pytest.raises(ValueError, match="plant-local"):
        derive([datetime(2025, 10, 13, 0, 0, tzinfo=UTC), datetime(2025, 10, 13, 9, 0, tzinfo=UTC)])


def test_an_overtime_unit_of_zero_is_refused():
    with pytest.raises(ValueError):
        derive(on_monday("08:00", "17:00"), unit=0)


# --- Overtime limits (Labour Law art. 41) -------------------------------------------------------


@pytest.mark.parametrize(
    "minutes, flagged",
    [
        pytest.param(36 * 60, False, id="exactly_36_hours_a_month_is_not_flagged"),
        pytest.param(36 * 60 + 1, True, id="a_minute_over_36_hours_is_flagged"),
    ],
)
def test_over_36_hours_of_overtime_a_month_is_flagged(minutes, flagged):
    assert rules.monthly_overtime_flag(minutes) is flagged


def test_rest_day_and_holiday_hours_count_toward_the_36():
    weekday = derive(on_monday("08:00", "20:00"))  # 180 working-day overtime
    saturday = derive([at(SAT, "08:00"), at(SAT, "17:00")], kind=DayKind.REST_DAY, work_date=SAT)  # 480
    holiday = derive([at(SAT, "08:00"), at(SAT, "17:00")], kind=DayKind.HOLIDAY, work_date=SAT)  # 480
    total = rules.monthly_overtime_minutes([weekday] * 5 + [saturday, holiday, saturday])
    assert total == 5 * 180 + 3 * 480 == 36 * 60 + 180
    assert rules.monthly_overtime_flag(total)


@pytest.mark.parametrize(
    "minutes, exceeds",
    [
        pytest.param(180, False, id="three_hours_in_a_day_is_the_limit"),
        pytest.param(181, True, id="more_than_three_hours_in_a_day_exceeds_it"),
    ],
)
def test_the_daily_overtime_limit_is_three_hours(minutes, exceeds):
    assert rules.exceeds_daily_overtime(minutes) is exceeds


def test_every_code_has_its_own_english_label():
    assert DayKind.HOLIDAY.label == "Holiday" and OvertimeKind.HOLIDAY.label == "Holiday overtime"
    assert all(member.label for enum in (DayKind, Direction, Status, OvertimeKind) for member in enum)
