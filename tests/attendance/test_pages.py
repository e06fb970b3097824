"""HR's attendance pages: today's board, days by period, exceptions, the 36-hour flag, shifts, calendar, CSV export."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from app.attendance.tables import AttendanceDay, CalendarDay, Shift, ShiftAssignment
from app.audit.tables import AuditLog
from app.sync.tables import Tombstone
from tests.attendance.factories import PLANT, make_calendar_day, make_pattern, make_scan, make_shift, weekdays
from tests.cast import htmx_target, make_employee, post_form, sign_in

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
async def day_shift(cast) -> int:
    shift = await make_shift("D", "早班", "08:00", "17:00", [["12:00", "13:00"]])
    await make_pattern(weekdays(shift), department_id=cast.line_a)
    return shift


def floorhr(settings, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FLOORHR_DATABASE_URL": settings.database_url, "FLOORHR_DATA_DIR": str(settings.data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


async def test_a_supervisor_may_not_open_the_attendance_pages(client, cast):
    await sign_in(client, "sup-a")
    for url in ("/attendance/today", "/attendance/days", "/attendance/shifts", "/attendance/calendar"):
        assert (await client.get(url)).status_code == 403


async def test_the_board_fragment_shows_who_is_in_and_who_is_late(client, cast):
    now = datetime.now(PLANT)
    shift = await make_shift("ALL", "全天班", "00:00", "23:59", grace_late=0)  # anyone punching today is due
    await make_pattern([shift] * 7, department_id=cast.line_a)
    await make_scan(cast.worker, (now - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S"))
    await sign_in(client, "hr")
    response = await client.get("/attendance/today", headers=htmx_target("today-board"))
    assert response.status_code == 200 and "<html" not in response.text
    assert 'id="today-board"' in response.text and 'hx-trigger="every 30s"' in response.text
    assert "张伟" in response.text and "装配A线" in response.text
    assert "王建国" in response.text  # line A's supervisor has not punched: absent under the same pattern
    page = await client.get("/attendance/today")
    assert "<html" in page.text and "今日看板" in page.text


async def test_the_period_page_computes_the_days_and_filters_them(client, cast, day_shift):
    await make_scan(cast.worker, "2026-03-02 08:20")
    await make_scan(cast.worker, "2026-03-02 17:00")
    await sign_in(client, "hr")
    response = await client.get("/attendance/days", params={**MARCH, "status": "late"})
    assert response.status_code == 200 and "张伟" in response.text and "迟到" in response.text
    assert await AttendanceDay.count().where(AttendanceDay.employee == cast.worker).run() == 31
    fragment = await client.get("/attendance/days", params={**MARCH, "q": "王建国"}, headers=htmx_target("days-table"))
    assert "<html" not in fragment.text and "王建国" in fragment.text and "张伟" not in fragment.text


async def test_exceptions_list_missing_punches_with_a_link_to_correct_them(client, cast, day_shift):
    await make_scan(cast.worker, "2026-03-03 07:58")
    await sign_in(client, "hr")
    response = await client.get(
        "/attendance/exceptions", params={"from": "2026-03-03", "to": "2026-03-03", "department": str(cast.line_a)}
    )
    assert (
        "缺卡" in response.text and f"/attendance/corrections?employee={cast.worker}&date=2026-03-03" in response.text
    )
    assert "出勤" not in response.text.split('id="days-table"')[1]  # present days are not exceptions


async def test_monthly_overtime_over_36_hours_is_flagged_with_rest_day_hours_counted(client, cast, day_shift):
    busy = await make_employee("W0002", "刘洋", cast.line_a)
    for day in ("2026-03-07", "2026-03-14", "2026-03-21", "2026-03-28", "2026-03-01"):  # 4 Saturdays and a Sunday
        await make_scan(busy, f"{day} 08:00")
        await make_scan(busy, f"{day} 17:00")
    for day in ("2026-03-07", "2026-03-14", "2026-03-21", "2026-03-28"):
        await make_scan(cast.worker, f"{day} 08:00")
        await make_scan(cast.worker, f"{day} 17:00")
    await sign_in(client, "hr")
    response = await client.get(
        "/attendance/overtime", params={"month": "2026-03", "over": "1"}, headers=htmx_target("overtime-table")
    )
    assert "<html" not in response.text
    assert "刘洋" in response.text and "40:00" in response.text and "超过36小时" in response.text
    assert "张伟" not in response.text  # 32 hours is within the limit


async def test_hr_adds_a_night_shift_and_a_bad_one_comes_back_with_a_message(client, cast):
    await sign_in(client, "hr")
    good = {
        "code": "n",
        "name": "夜班",
        "start": "22:00",
        "end": "06:00",
        "breaks": "02:00-02:30",
        "grace_late_minutes": "5",
        "grace_early_minutes": "0",
    }
    assert (await post_form(client, "/attendance/shifts", good)).status_code == 200
    saved = await Shift.select().where(Shift.code == "N").first().run()
    assert saved["name"] == "夜班" and saved["change_no"] > 0
    bad = {**good, "code": "X", "breaks": "12:00-13:00"}  # a lunch break outside a night shift
    response = await post_form(client, "/attendance/shifts", bad, headers=htmx_target("shift-form"))
    assert response.status_code == 422 and "<html" not in response.text and "休息时间必须在班次之内" in response.text
    assert await Shift.count().run() == 1
    assert await AuditLog.exists().where(AuditLog.action == "shift.create").run()


async def test_hr_sets_a_departments_weekly_pattern(client, cast, day_shift):
    await sign_in(client, "hr")
    week = {f"day{n}": str(day_shift) for n in range(6)}
    await post_form(
        client, "/attendance/patterns", {"department_id": str(cast.line_b), "effective_from": "2026-01-01", **week}
    )
    saved = (
        await ShiftAssignment.select()
        .where(ShiftAssignment.department == cast.line_b)
        .first()
        .output(load_json=True)
        .run()
    )
    assert saved["week"] == [day_shift] * 6 + [None] and saved["change_no"] > 0
    both = await post_form(
        client,
        "/attendance/patterns",
        {"department_id": str(cast.line_b), "employee_code": "W0001", "effective_from": "2026-01-01"},
        headers=htmx_target("pattern-form"),
    )
    assert both.status_code == 422 and "<html" not in both.text


async def test_hr_imports_the_2026_calendar_and_a_bad_file_changes_nothing(client, cast):
    await sign_in(client, "hr")
    csrf = client.cookies.get("floorhr_csrf")
    bad = b"date,kind,name\n2026-10-01,holiday,\xe5\x9b\xbd\xe5\xba\x86\n2026-13-01,holiday,x\n2026-10-02,party,y\n"
    refused = await client.post(
        "/attendance/calendar/import", files={"file": ("days.csv", bad, "text/csv")}, data={"_csrf_token": csrf}
    )
    assert refused.status_code == 422 and "第 3 行" in refused.text and await CalendarDay.count().run() == 0
    response = await post_form(client, "/attendance/calendar/import", {"bundled": "2026"})
    assert response.status_code == 200 and "39" in response.text
    national_day = await CalendarDay.select().where(CalendarDay.day == date(2026, 10, 1)).first().run()
    assert national_day["kind"] == "holiday" and national_day["change_no"] > 0
    assert await CalendarDay.count().where(CalendarDay.kind == "holiday").run() == 13  # RULES.md: 13 days a year


async def test_deleting_a_calendar_day_leaves_a_tombstone_for_the_kiosks(client, cast):
    await make_calendar_day(date(2026, 4, 5), "holiday", "清明节")
    day = await CalendarDay.select(CalendarDay.id).first().run()
    await sign_in(client, "hr")
    await post_form(client, f"/attendance/calendar/{day['id']}/delete", {"year": "2026"})
    assert await CalendarDay.count().run() == 0
    assert await Tombstone.exists().where(Tombstone.row_id == day["id"]).run()


async def test_export_attendance_writes_a_csv_with_a_bom_a_header_and_the_days(settings, cast, day_shift):
    await make_scan(cast.worker, "2026-03-02 07:55")
    await make_scan(cast.worker, "2026-03-02 17:40")
    done = floorhr(settings, "export", "attendance", "--from", "2026-03-02", "--to", "2026-03-02")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "\ufeffemployee_code,name,department,date,shift,first_in,last_out,worked_minutes,late_minutes,"
        "early_leave_minutes,overtime_minutes,overtime_kind,status"
    )
    assert (
        "W0001,张伟,装配A线,2026-03-02,D,2026-03-02 07:55,2026-03-02 17:40,520,0,0,30,workday_overtime,present" in lines
    )
    assert len(lines) == 4  # the header and the three people of the cast
    assert await AttendanceDay.count().where(AttendanceDay.work_date == date(2026, 3, 2)).run() == 3


async def test_a_hostile_name_is_quoted_in_the_days_csv_from_the_browser(client, cast, day_shift):
    from app.people.tables import Employee

    await Employee.update({Employee.name: "=2+5+cmd|' /C calc'!A0"}).where(Employee.id == cast.worker).run()
    await make_scan(cast.worker, "2026-03-02 07:55")
    await make_scan(cast.worker, "2026-03-02 17:40")
    await sign_in(client, "hr")
    text = (await client.get("/attendance/days.csv?from=2026-03-02&to=2026-03-02")).text
    row = next(line for line in text.splitlines() if line.startswith("W0001"))
    assert row.split(",")[1] == "'=2+5+cmd|' /C calc'!A0" and ",520," in row  # text for Excel; minutes a number


async def test_hr_edits_a_shift_and_the_audit_log_keeps_the_change(client, cast, day_shift):
    await sign_in(client, "hr")
    page = await client.get(f"/attendance/shifts/{day_shift}")
    assert 'value="08:00"' in page.text and 'value="12:00-13:00"' in page.text
    await post_form(
        client,
        f"/attendance/shifts/{day_shift}",
        {
            "code": "D",
            "name": "早班",
            "start": "08:30",
            "end": "17:30",
            "breaks": "12:00-13:00",
            "grace_late_minutes": "10",
            "grace_early_minutes": "0",
        },
    )
    saved = await Shift.select().where(Shift.id == day_shift).first().run()
    assert saved["grace_late_minutes"] == 10 and str(saved["start"]) == "08:30:00"
    log = await AuditLog.select().where(AuditLog.action == "shift.update").first().output(load_json=True).run()
    assert log["before"]["grace_late_minutes"] == 5 and log["after"]["grace_late_minutes"] == 10


async def test_hr_gives_one_worker_a_day_off_and_an_unknown_code_is_refused(client, cast, day_shift):
    await sign_in(client, "hr")
    unknown = await post_form(
        client,
        "/attendance/overrides",
        {"employee_code": "W9999", "work_date": "2026-03-04"},
        headers=htmx_target("override-form"),
    )
    assert unknown.status_code == 422 and "没有这个编号的员工" in unknown.text and "<html" not in unknown.text
    await post_form(client, "/attendance/overrides", {"employee_code": "w0001", "work_date": "2026-03-04"})
    page = await client.get("/attendance/days", params={"from": "2026-03-04", "to": "2026-03-04", "q": "W0001"})
    assert "休息日" in page.text.split('id="days-table"')[1]
