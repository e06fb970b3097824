"""The demo plant's shifts (a day shift with lunch, a night shift), a weekly pattern per workshop and the
calendars that ship with floorhr (idempotent)."""

from __future__ import annotations

import json
from datetime import date, time

from app.attendance.schedule import calendar as plant_calendar
from app.attendance.schedule.forms import parse_calendar_csv
from app.attendance.tables import CalendarDay, Shift, ShiftAssignment
from app.audit.service import Actor
from app.people.tables import Department
from app.sync.changes import next_change_no

SHIFTS = {
    "DAY": ("早班", time(8), time(17), [["12:00", "13:00"]]),
    "NIGHT": ("夜班", time(22), time(6), [["02:00", "02:30"]]),
}
PATTERNS = {  # department: (shift code, working weekdays, Monday = 0)
    "冲压车间": ("DAY", range(6)),  # Monday to Saturday
    "装配车间": ("DAY", range(5)),
    "质检部": ("NIGHT", range(5)),
}
FROM = date(2020, 1, 1)


async def _shift_ids() -> dict[str, int]:
    ids = {}
    for code, (name, start, end, breaks) in SHIFTS.items():
        row = await Shift.select(Shift.id).where(Shift.code == code).first().run()
        if row is None:
            row = (
                await Shift.insert(
                    Shift(
                        code=code,
                        name=name,
                        start=start,
                        end=end,
                        breaks=json.dumps(breaks),
                        grace_late_minutes=5,
                        change_no=await next_change_no(),
                    )
                )
                .returning(Shift.id)
                .run()
            )[0]
        ids[code] = row["id"]
    return ids


async def _calendars() -> None:
    for year in plant_calendar.bundled_years():
        if (
            not await CalendarDay.exists()
            .where((CalendarDay.day >= date(year, 1, 1)) & (CalendarDay.day <= date(year, 12, 31)))
            .run()
        ):
            days, _ = parse_calendar_csv(plant_calendar.bundled_file(year).read_bytes())
            await plant_calendar.import_days(days, Actor(name="demo"))


async def load_demo_shifts() -> None:
    """Call inside the demo's write transaction; adds only what is missing."""
    await _calendars()
    ids = await _shift_ids()
    for department_name, (code, weekdays) in PATTERNS.items():
        department = await Department.select(Department.id).where(Department.name == department_name).first().run()
        if (
            department is None
            or await ShiftAssignment.exists().where(ShiftAssignment.department == department["id"]).run()
        ):
            continue
        week = [ids[code] if day in weekdays else None for day in range(7)]
        await ShiftAssignment.insert(
            ShiftAssignment(
                department=department["id"],
                week=json.dumps(week),
                effective_from=FROM,
                change_no=await next_change_no(),
            )
        ).run()
