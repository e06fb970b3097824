"""Pure pieces: whose shift applies on a date and what kind of day it is, the board's states, the forms and the CSV."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app.attendance import rules
from app.attendance.days.board import ABSENT, EXPECTED, LATE, OFF, PRESENT, board_state
from app.attendance.schedule.forms import parse_breaks, parse_calendar_csv, parse_correction, parse_shift
from app.attendance.schedule.roster import DayPlan, Roster, ShiftDef
from app.errors import Refused

DAY = ShiftDef(1, "D", "早班", rules.Shift(time(8), time(17), ((time(12), time(13)),), grace_late_minutes=5))
NIGHT = ShiftDef(2, "N", "夜班", rules.Shift(time(22), time(6)))
WORKER, LINE_A = 7, 3


def roster(**values) -> Roster:
    week = (1, 1, 1, 1, 1, None, None)
    return Roster(shifts={1: DAY, 2: NIGHT}, department_weeks={LINE_A: [(date(2020, 1, 1), week)]}, **values)


@pytest.mark.parametrize(
    "day, values, kind, shift",
    [
        (date(2026, 3, 2), {}, rules.DayKind.WORKDAY, DAY),  # a Monday on the department's pattern
        (date(2026, 3, 7), {}, rules.DayKind.REST_DAY, None),  # Saturday: the pattern leaves it empty
        (date(2026, 3, 2), {"overrides": {(WORKER, date(2026, 3, 2)): 2}}, rules.DayKind.WORKDAY, NIGHT),
        (date(2026, 3, 2), {"overrides": {(WORKER, date(2026, 3, 2)): None}}, rules.DayKind.REST_DAY, None),
        (date(2026, 3, 7), {"overrides": {(WORKER, date(2026, 3, 7)): 1}}, rules.DayKind.WORKDAY, DAY),
        (date(2026, 3, 2), {"employee_weeks": {WORKER: [(date(2026, 3, 1), (2,) * 7)]}}, rules.DayKind.WORKDAY, NIGHT),
        (date(2026, 2, 27), {"employee_weeks": {WORKER: [(date(2026, 3, 1), (2,) * 7)]}}, rules.DayKind.WORKDAY, DAY),
        (date(2026, 5, 1), {"calendar": {date(2026, 5, 1): rules.DayKind.HOLIDAY}}, rules.DayKind.HOLIDAY, DAY),
        (date(2026, 5, 9), {"calendar": {date(2026, 5, 9): rules.DayKind.WORKDAY}}, rules.DayKind.WORKDAY, DAY),
        # put on a shift on a statutory holiday: still a holiday (art. 44, 300%)
        (
            date(2026, 10, 1),
            {"calendar": {date(2026, 10, 1): rules.DayKind.HOLIDAY}, "overrides": {(WORKER, date(2026, 10, 1)): 1}},
            rules.DayKind.HOLIDAY,
            DAY,
        ),
        # given the day off on a make-up working day: a rest day
        (
            date(2026, 5, 9),
            {"calendar": {date(2026, 5, 9): rules.DayKind.WORKDAY}, "overrides": {(WORKER, date(2026, 5, 9)): None}},
            rules.DayKind.REST_DAY,
            None,
        ),
    ],
)
def test_the_plan_of_a_day(day, values, kind, shift):
    plan = roster(**values).plan(WORKER, LINE_A, day)
    assert (plan.kind, plan.shift) == (kind, shift)


def test_without_any_pattern_weekends_are_rest_days_and_weekdays_have_no_shift():
    plan = roster().plan(WORKER, None, date(2026, 3, 2))
    assert (plan.kind, plan.shift, plan.shape) == (rules.DayKind.WORKDAY, None, None)
    assert roster().plan(WORKER, None, date(2026, 3, 8)).kind is rules.DayKind.REST_DAY


def test_a_rest_day_still_gives_the_usual_shift_to_place_punches():
    plan = roster().plan(WORKER, LINE_A, date(2026, 3, 7))
    assert plan.shift is None and plan.shape == DAY.shape


WORKING = DayPlan(rules.DayKind.WORKDAY, DAY, DAY)
MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    "plan, first_in, now, expected",
    [
        (WORKING, datetime(2026, 3, 2, 7, 58), datetime(2026, 3, 2, 9), (PRESENT, 0)),
        (WORKING, datetime(2026, 3, 2, 8, 5, 59), datetime(2026, 3, 2, 9), (PRESENT, 0)),  # within the 5-minute grace
        (WORKING, datetime(2026, 3, 2, 8, 20), datetime(2026, 3, 2, 9), (LATE, 20)),
        (WORKING, None, datetime(2026, 3, 2, 7, 30), (EXPECTED, 0)),
        (WORKING, None, datetime(2026, 3, 2, 8, 5), (EXPECTED, 0)),
        (WORKING, None, datetime(2026, 3, 2, 8, 6), (ABSENT, 0)),
        (DayPlan(rules.DayKind.REST_DAY, None, DAY), None, datetime(2026, 3, 7, 10), (OFF, 0)),
        (DayPlan(rules.DayKind.REST_DAY, None, DAY), datetime(2026, 3, 7, 9), datetime(2026, 3, 7, 10), (PRESENT, 0)),
    ],
)
def test_the_boards_state_of_a_person(plan, first_in, now, expected):
    assert board_state(plan, MONDAY if now.day == 2 else date(2026, 3, 7), first_in, now) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", ()),
        ("12:00-13:00", ((time(12), time(13)),)),
        ("12:00 - 13:00，17:30~18:00", ((time(12), time(13)), (time(17, 30), time(18)))),
        ("2:00-2:30", ((time(2), time(2, 30)),)),
        ("noon", None),
        ("12:00-25:00", None),
    ],
)
def test_breaks_as_typed(text, expected):
    assert parse_breaks(text) == expected


def test_a_night_shift_with_a_break_after_midnight_is_valid_and_a_lunch_break_is_not():
    night = {"code": "n", "name": "夜班", "start": "22:00", "end": "06:00", "breaks": "02:00-02:30"}
    parsed = parse_shift(night)
    assert parsed.code == "N" and parsed.breaks_json == [["02:00", "02:30"]]
    with pytest.raises(Refused) as lunch:
        parse_shift({**night, "breaks": "12:00-13:00"})
    assert lunch.value.messages.keys() == {"breaks"}
    with pytest.raises(Refused) as negative:
        parse_shift({**night, "grace_late_minutes": "-5"})
    assert negative.value.messages.keys() == {"grace_late_minutes"}


def test_the_calendar_csv_takes_a_bom_a_header_and_chinese_kinds():
    content = "\ufeffdate,kind,name\n2026-10-01,法定节假日,国庆节\n2026/10/4,休息日,国庆节假期\n2026-10-10,上班,调休\n"
    days, problems = parse_calendar_csv(content.encode("utf-8"))
    assert problems == []
    assert [(d.day, d.kind) for d in days] == [
        (date(2026, 10, 1), "holiday"),
        (date(2026, 10, 4), "rest"),
        (date(2026, 10, 10), "workday"),
    ]


def test_a_calendar_csv_from_excel_in_gb18030_is_read_too():
    days, problems = parse_calendar_csv("日期,类型,名称\n2026-01-01,holiday,元旦\n".encode("gb18030"))
    assert problems == [] and days[0].name == "元旦"


def test_every_bad_line_of_a_calendar_csv_is_reported():
    content = b"2026-02-30,holiday,x\n2026-03-01,party,y\n2026-03-02,rest,z\n2026-03-02,rest,z\n"
    days, problems = parse_calendar_csv(content)
    assert [line for line, _ in problems] == [1, 2, 4]
    assert parse_calendar_csv(b"date,kind,name\n")[1] == [(0, "The file holds no dates.")]


def test_the_bundled_2026_calendar_has_the_13_statutory_holidays():
    from app.attendance.schedule.calendar import bundled_file

    days, problems = parse_calendar_csv(bundled_file(2026).read_bytes())
    holidays = [d.day for d in days if d.kind == "holiday"]
    assert problems == [] and len(holidays) == 13  # RULES.md: 13 statutory days a year from 2025
    assert date(2026, 2, 17) in holidays and date(2026, 10, 3) in holidays
    assert {d.day for d in days if d.kind == "workday"} == {
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    }


def test_a_correction_cannot_be_in_the_future():
    now = datetime(2026, 3, 2, 12, 0)
    values = {"employee_id": "7", "date": "2026-03-02", "time": "17:00", "direction": "out", "reason": "忘打卡"}
    with pytest.raises(Refused) as future:
        parse_correction(values, now)
    assert future.value.messages == {"time": ("A correction cannot be in the future.", {})}
    assert parse_correction({**values, "time": "11:59"}, now).at == datetime(2026, 3, 2, 11, 59)


def test_every_bad_field_of_a_correction_is_refused_at_once_so_the_form_shows_them_together():
    with pytest.raises(Refused) as refused:
        parse_correction(
            {"employee_id": "x", "date": "2026-02-30", "time": "25:00", "direction": "up"}, datetime(2026, 3, 2, 12)
        )
    assert refused.value.messages.keys() == {"employee_id", "date", "time", "direction", "reason"}


def test_lateness_from_the_first_punch_alone_matches_the_attendance_day():
    day = rules.derive_attendance_day(
        MONDAY, rules.DayKind.WORKDAY, DAY.shape, [datetime(2026, 3, 2, 8, 20), datetime(2026, 3, 2, 17)]
    )
    assert rules.minutes_late(DAY.shape, MONDAY, datetime(2026, 3, 2, 8, 20)) == day.late_minutes == 20
    assert rules.minutes_late(DAY.shape, MONDAY, datetime(2026, 3, 2, 13, 30)) == 4 * 60 + 30  # lunch not counted
