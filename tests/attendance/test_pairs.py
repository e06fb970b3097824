"""Every punch pair counts, no-shift overnight pairs, and night shifts into or out of a holiday (issue 16, 1–3).

Each expected figure is worked out in the case from RULES.md ("Working time and overtime"), not read off
the code: minutes of each in→out pair, breaks off, overtime rounded down to 30 minutes per kind.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from app.attendance import rules
from app.attendance.days.placing import place_punches
from app.attendance.rules import DayKind, OvertimeKind, Shift, Status

WORK, REST, HOLIDAY = DayKind.WORKDAY, DayKind.REST_DAY, DayKind.HOLIDAY
MON = date(2026, 3, 2)
DAY = Shift(time(8, 0), time(17, 0), breaks=((time(12, 0), time(13, 0)),), grace_late_minutes=5)
NIGHT = Shift(time(22, 0), time(6, 0), breaks=((time(2, 0), time(2, 30)),))  # 22:00–06:00, half an hour off at 02:00


def at(day: date, clock: str, days_later: int = 0) -> datetime:
    return datetime.combine(day + timedelta(days=days_later), time.fromisoformat(clock))


def minutes(start: str, end: str) -> int:
    """Minutes from start to end on one clock face (an end before the start is on the next day)."""
    a, b = (datetime.combine(MON, time.fromisoformat(c)) for c in (start, end))
    return int(((b - a) if b > a else (b - a + timedelta(days=1))).total_seconds() // 60)


def down(value: int, unit: int = 30) -> int:
    return value // unit * unit


# (case, punches on MON (HH:MM[:SS]), status, worked, normal, overtime)
PAIRS = [
    (
        "an hour out in the evening is neither work nor overtime",
        ["08:00", "20:00", "21:00", "22:00"],
        Status.PRESENT,
        480 + minutes("17:00", "20:00") + minutes("21:00", "22:00"),
        480,
        down(minutes("17:00", "20:00") + minutes("21:00", "22:00")),
    ),
    (
        "a long mid-day exit is not paid",
        ["08:00", "10:00", "15:00", "17:00"],
        Status.PRESENT,
        minutes("08:00", "10:00") + minutes("15:00", "17:00"),
        240,
        0,
    ),
    (
        "lunch clocked out and in is the break it already was",
        ["08:00", "12:00", "13:00", "17:00"],
        Status.PRESENT,
        480,
        480,
        0,
    ),
    ("a double scan at two kiosks is one punch", ["08:00:00", "08:00:40", "17:00"], Status.PRESENT, 480, 480, 0),
    (
        "an unpaired punch is a missing punch, the pair before it counted",
        ["08:00", "12:00", "13:00"],
        Status.MISSING_PUNCH,
        minutes("08:00", "12:00"),
        240,
        0,
    ),
    ("a single punch counts nothing", ["08:00"], Status.MISSING_PUNCH, 0, 0, 0),
]


@pytest.mark.parametrize("case, clocks, status, worked, normal, overtime", PAIRS, ids=[c[0] for c in PAIRS])
def test_worked_time_is_the_sum_of_the_in_out_pairs(case, clocks, status, worked, normal, overtime):
    day = rules.derive_attendance_day(MON, WORK, DAY, [at(MON, c) for c in clocks])
    assert (day.status, day.worked_minutes, day.normal_minutes, day.overtime_minutes) == (
        status,
        worked,
        normal,
        overtime,
    )


def test_a_rest_day_with_an_hour_out_pays_only_the_pairs_as_rest_day_overtime():
    day = rules.derive_attendance_day(MON, REST, None, [at(MON, c) for c in ("08:00", "11:00", "14:00", "17:30")])
    expected = minutes("08:00", "11:00") + minutes("14:00", "17:30")
    assert (day.overtime_minutes, day.overtime_kind) == (down(expected), OvertimeKind.REST_DAY)


# (case, punches as (clock, days after MON), work dates, worked minutes on MON)
NO_SHIFT = [
    (
        "in at 20:00, out at 04:00: 8 hours on the day the pair started",
        [("20:00", 0), ("04:00", 1)],
        [MON, MON],
        minutes("20:00", "04:00"),
    ),
    (
        "an IN left open over 16 hours was a forgotten OUT: the next scan opens a new day",
        [("06:00", 0), ("23:00", 1)],
        [MON, MON + timedelta(1)],
        0,
    ),
    (
        "a day pair then a next-day pair stay on their own days",
        [("08:00", 0), ("17:00", 0), ("08:00", 1)],
        [MON, MON, MON + timedelta(1)],
        minutes("08:00", "17:00"),
    ),
]


@pytest.mark.parametrize("case, punches, dates, worked", NO_SHIFT, ids=[c[0] for c in NO_SHIFT])
def test_without_a_shift_the_office_pairs_punches_as_the_kiosk_did(case, punches, dates, worked):
    times = [at(MON, clock, later) for clock, later in punches]
    placed = place_punches(times, lambda moment: {})
    assert [next(d for d, found in placed.items() if t in found) for t in times] == dates
    day = rules.derive_attendance_day(MON, WORK, None, placed.get(MON, []))
    assert day.worked_minutes == worked
    last = rules.LastPunch(times[0], rules.Direction.IN)  # the kiosk's own guess for the second scan
    kiosk = rules.next_punch_direction(last, times[1], None)
    assert (kiosk is rules.Direction.OUT) == (dates[1] == dates[0])


BEFORE, AFTER = minutes("22:00", "00:00"), minutes("00:00", "06:00") - 30  # the 02:00 break is after midnight

# (case, kind of the start day, kind of the next day, {overtime kind: minutes}, normal minutes)
NIGHTS = [
    (
        "a working night into a holiday: the hours after midnight are holiday hours",
        WORK,
        HOLIDAY,
        {OvertimeKind.HOLIDAY: down(AFTER)},
        BEFORE,
    ),
    (
        "a holiday night into a working day: the hours after midnight are not holiday hours",
        HOLIDAY,
        WORK,
        {OvertimeKind.HOLIDAY: down(BEFORE), OvertimeKind.WORKDAY: down(AFTER)},
        0,
    ),
    (
        "a holiday night into a rest day: rest-day hours after midnight",
        HOLIDAY,
        REST,
        {OvertimeKind.HOLIDAY: down(BEFORE), OvertimeKind.REST_DAY: down(AFTER)},
        0,
    ),
    (
        "a rest-day night into a holiday",
        REST,
        HOLIDAY,
        {OvertimeKind.REST_DAY: down(BEFORE), OvertimeKind.HOLIDAY: down(AFTER)},
        0,
    ),
    (
        "a holiday night into another holiday is all holiday",
        HOLIDAY,
        HOLIDAY,
        {OvertimeKind.HOLIDAY: down(BEFORE + AFTER)},
        0,
    ),
    ("a working night into a working day is all normal", WORK, WORK, {}, BEFORE + AFTER),
    ("a working night into a rest day belongs to its start day", WORK, REST, {}, BEFORE + AFTER),
]


@pytest.mark.parametrize("case, kind, next_kind, parts, normal", NIGHTS, ids=[c[0] for c in NIGHTS])
def test_a_night_shift_s_hours_after_midnight_follow_a_holiday_on_either_side(case, kind, next_kind, parts, normal):
    day = rules.derive_attendance_day(
        MON, kind, NIGHT, [at(MON, "22:00"), at(MON, "06:00", 1)], next_day_kind=next_kind
    )
    assert dict(day.overtime_parts) == parts
    assert day.overtime_minutes == sum(parts.values()) and day.normal_minutes == normal
    assert day.work_date == MON and day.worked_minutes == BEFORE + AFTER  # the shift belongs to its start day


def test_staying_past_midnight_into_a_holiday_splits_working_day_and_holiday_overtime():
    day = rules.derive_attendance_day(MON, WORK, DAY, [at(MON, "08:00"), at(MON, "01:00", 1)], next_day_kind=HOLIDAY)
    assert dict(day.overtime_parts) == {
        OvertimeKind.WORKDAY: down(minutes("17:00", "00:00")),
        OvertimeKind.HOLIDAY: down(minutes("00:00", "01:00")),
    }
    assert day.overtime_kind is OvertimeKind.WORKDAY  # the kind of most of it, for the day lists
