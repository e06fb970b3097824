"""Attendance days derived from real Scan rows: night shifts, two kiosks, the calendar, grace, missing punches."""

from __future__ import annotations

from datetime import date

import pytest

from app.attendance.days.compute import ensure_days, recompute_days
from app.attendance.tables import AttendanceDay, CalendarDay, ShiftOverride
from app.audit.tables import AuditLog
from app.db.tx import write_transaction
from app.people.tables import PlantSetting
from app.sync.changes import next_change_no, record_deletion
from tests.attendance.factories import PLANT, local, make_calendar_day, make_pattern, make_scan, make_shift, weekdays

MONDAY = date(2026, 3, 2)
LATER = date(2026, 6, 1)  # "today" in these tests: every day of March is over


@pytest.fixture
async def day_shift(cast) -> int:
    shift = await make_shift("D", "早班", "08:00", "17:00", [["12:00", "13:00"]], grace_late=5)
    await make_pattern(weekdays(shift), department_id=cast.line_a)
    return shift


async def day_of(employee_id: int, work_date: date) -> dict:
    return (
        await AttendanceDay.select()
        .where((AttendanceDay.employee == employee_id) & (AttendanceDay.work_date == work_date))
        .first()
        .run()
    )


async def recompute(first: date, last: date | None = None, employee_ids=None):
    return await recompute_days(employee_ids, first, last or first, PLANT, today=LATER)


async def test_a_night_shift_across_midnight_is_one_day_from_real_scans(cast):
    night = await make_shift("N", "夜班", "22:00", "06:00", grace_late=5)
    await make_pattern(weekdays(night), employee_id=cast.worker)
    await make_scan(cast.worker, "2026-03-02 21:58")
    await make_scan(cast.worker, "2026-03-03 06:02")
    await recompute(MONDAY, date(2026, 3, 3))
    monday = await day_of(cast.worker, MONDAY)
    assert monday["status"] == "present" and monday["shift"] == night
    assert monday["first_in"] == local("2026-03-02 21:58") and monday["last_out"] == local("2026-03-03 06:02")
    assert monday["worked_minutes"] == 482 and monday["late_minutes"] == 0
    assert (await day_of(cast.worker, date(2026, 3, 3)))["status"] == "absent"  # Tuesday's night: nobody came


async def test_two_kiosks_punches_interleaved_and_stored_out_of_order_give_the_right_day(cast, day_shift):
    await make_scan(cast.worker, "2026-03-02 17:05", node="kiosk-2")  # kiosk 2 synced first
    await make_scan(cast.worker, "2026-03-02 12:01", node="kiosk-2")
    await make_scan(cast.worker, "2026-03-02 07:55", node="kiosk-1")
    await make_scan(cast.worker, "2026-03-02 12:58", node="kiosk-1")
    await recompute(MONDAY)
    day = await day_of(cast.worker, MONDAY)
    assert day["status"] == "present"
    assert day["first_in"] == local("2026-03-02 07:55") and day["last_out"] == local("2026-03-02 17:05")
    assert day["worked_minutes"] == 485 and day["overtime_minutes"] == 0  # lunch off; 5 minutes is under the unit


async def test_recomputing_twice_gives_the_same_days_and_no_doubles(cast, day_shift):
    await make_scan(cast.worker, "2026-03-02 07:58")
    await make_scan(cast.worker, "2026-03-02 17:01")
    await recompute(MONDAY, date(2026, 3, 8))
    await recompute(MONDAY, date(2026, 3, 8))
    assert await AttendanceDay.count().where(AttendanceDay.employee == cast.worker).run() == 7
    assert (await day_of(cast.worker, date(2026, 3, 7)))["status"] == "rest_day"


async def test_a_statutory_holiday_and_a_make_up_working_day_follow_the_calendar(cast, day_shift):
    await make_calendar_day(date(2026, 5, 1), "holiday", "劳动节")
    await make_calendar_day(date(2026, 5, 4), "rest", "劳动节假期")
    await make_calendar_day(date(2026, 5, 9), "workday", "劳动节调休上班")
    await make_scan(cast.worker, "2026-05-01 08:00")
    await make_scan(cast.worker, "2026-05-01 17:00")
    await recompute(date(2026, 5, 1), date(2026, 5, 9))
    holiday = await day_of(cast.worker, date(2026, 5, 1))
    assert holiday["status"] == "holiday" and holiday["overtime_kind"] == "holiday"
    assert holiday["overtime_minutes"] == 480  # the shift's lunch is taken off
    assert (await day_of(cast.worker, date(2026, 5, 4)))["status"] == "rest_day"  # a Monday off
    saturday = await day_of(cast.worker, date(2026, 5, 9))
    assert saturday["status"] == "absent" and saturday["shift"] == day_shift  # a Saturday to work


async def test_arriving_within_the_grace_is_not_late_and_after_it_all_of_it_counts(cast, day_shift):
    for text in ("2026-03-02 08:04", "2026-03-02 17:00", "2026-03-03 08:06", "2026-03-03 17:00"):
        await make_scan(cast.worker, text)
    await recompute(MONDAY, date(2026, 3, 3))
    on_time, late = await day_of(cast.worker, MONDAY), await day_of(cast.worker, date(2026, 3, 3))
    assert on_time["status"] == "present" and on_time["late_minutes"] == 0
    assert late["status"] == "late" and late["late_minutes"] == 6


async def test_a_single_punch_is_a_missing_punch_and_no_punch_is_an_absence(cast, day_shift):
    await make_scan(cast.worker, "2026-03-02 07:59")
    await make_scan(cast.worker, "2026-03-02 08:00", node="kiosk-2")  # the same scan caught by two kiosks
    await recompute(MONDAY, date(2026, 3, 3))
    missing = await day_of(cast.worker, MONDAY)
    assert missing["status"] == "missing_punch" and missing["first_in"] == local("2026-03-02 07:59")
    assert missing["last_out"] is None and missing["worked_minutes"] == 0
    assert (await day_of(cast.worker, date(2026, 3, 3)))["status"] == "absent"


async def test_refused_and_duplicate_scans_are_not_punches(cast, day_shift):
    await make_scan(cast.worker, "2026-03-02 07:59")
    await make_scan(cast.worker, "2026-03-02 17:00", outcome="refused")
    await make_scan(cast.worker, "2026-03-02 17:01", outcome="duplicate")
    await recompute(MONDAY)
    assert (await day_of(cast.worker, MONDAY))["status"] == "missing_punch"


async def test_an_override_and_the_employees_own_pattern_win_over_the_department(cast, day_shift):
    night = await make_shift("N", "夜班", "22:00", "06:00")
    await make_pattern(weekdays(night), effective_from=date(2026, 3, 3), employee_id=cast.worker)
    await ShiftOverride.insert(ShiftOverride(employee=cast.worker, work_date=date(2026, 3, 4), shift=None)).run()
    await recompute(MONDAY, date(2026, 3, 4))
    assert (await day_of(cast.worker, MONDAY))["shift"] == day_shift  # before the worker's own pattern
    assert (await day_of(cast.worker, date(2026, 3, 3)))["shift"] == night
    assert (await day_of(cast.worker, date(2026, 3, 4)))["status"] == "rest_day"


async def test_overtime_rounds_down_to_the_plants_unit(cast, day_shift):
    await PlantSetting.insert(PlantSetting(key="overtime_unit_minutes", value="60")).run()
    await make_scan(cast.worker, "2026-03-02 08:00")
    await make_scan(cast.worker, "2026-03-02 18:50")
    await recompute(MONDAY)
    day = await day_of(cast.worker, MONDAY)
    assert day["overtime_minutes"] == 60 and day["overtime_kind"] == "workday_overtime"


async def test_days_not_yet_over_are_not_stored(cast, day_shift):
    result = await recompute_days(None, MONDAY, date(2026, 3, 8), PLANT, today=date(2026, 3, 4))
    assert result.days == 2 * 3  # Monday and Tuesday, for the three people of the cast
    assert await day_of(cast.worker, date(2026, 3, 4)) is None


async def test_ensure_days_recomputes_only_when_a_new_punch_arrives(cast, day_shift):
    first = await ensure_days(MONDAY, date(2026, 3, 6), PLANT, today=LATER)
    again = await ensure_days(MONDAY, date(2026, 3, 6), PLANT, today=LATER)
    await make_scan(cast.worker, "2026-03-05 08:00")
    await make_scan(cast.worker, "2026-03-05 17:00")
    after_punch = await ensure_days(MONDAY, date(2026, 3, 6), PLANT, today=LATER)
    assert first.days == 15 and again.days == 0
    assert 0 < after_punch.days < 15  # from the day before the punch on, not the whole range
    assert (await day_of(cast.worker, date(2026, 3, 5)))["status"] == "present"


async def test_days_before_anyone_was_hired_do_not_make_every_page_recompute(cast, day_shift):
    await ensure_days(date(2024, 2, 1), date(2024, 3, 31), PLANT, today=LATER)  # the cast was hired 2024-03-01
    again = await ensure_days(date(2024, 2, 1), date(2024, 3, 31), PLANT, today=LATER)
    assert again.days == 0
    assert await AttendanceDay.count().where(AttendanceDay.work_date < date(2024, 3, 1)).run() == 0


async def test_a_calendar_change_nobody_audited_still_makes_the_day_stale(cast, day_shift):
    """Staleness follows the change numbers every reference write stamps (a kiosk's pull and the office's appliers
    write without an audit entry), not the audit log."""
    await ensure_days(MONDAY, date(2026, 3, 6), PLANT, today=LATER)
    assert (await day_of(cast.worker, MONDAY))["status"] == "absent"
    async with write_transaction():
        await CalendarDay.insert(
            CalendarDay(day=MONDAY, kind="rest", name="停电", change_no=await next_change_no())
        ).run()
    assert not await AuditLog.exists().where(AuditLog.entity == "calendar_day").run()
    after = await ensure_days(MONDAY, date(2026, 3, 6), PLANT, today=LATER)
    assert after.days > 0 and (await day_of(cast.worker, MONDAY))["status"] == "rest_day"
    assert (await ensure_days(MONDAY, date(2026, 3, 6), PLANT, today=LATER)).days == 0  # and then fresh again


async def test_deleting_a_calendar_day_makes_the_day_stale_through_its_tombstone(cast, day_shift):
    await make_calendar_day(MONDAY, "rest", "停电")
    await ensure_days(MONDAY, date(2026, 3, 6), PLANT, today=LATER)
    assert (await day_of(cast.worker, MONDAY))["status"] == "rest_day"
    async with write_transaction():
        row = await CalendarDay.select(CalendarDay.id).where(CalendarDay.day == MONDAY).first().run()
        await CalendarDay.delete().where(CalendarDay.id == row["id"]).run()
        await record_deletion(CalendarDay._meta.tablename, row["id"])
    await ensure_days(MONDAY, date(2026, 3, 6), PLANT, today=LATER)
    assert (await day_of(cast.worker, MONDAY))["status"] == "absent"
