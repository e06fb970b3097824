"""Rows for attendance tests: punches as kiosks would store them, shifts, weekly patterns, calendar days."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from app.attendance.tables import CalendarDay, Scan, Shift, ShiftAssignment
from app.ids import new_id
from app.timeutil import utcnow

PLANT = ZoneInfo("Asia/Shanghai")  # the test settings' default FLOORHR_TZ


def local(text: str) -> datetime:
    """'2026-03-02 08:01' (plant-local) as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=PLANT).astimezone(ZoneInfo("UTC"))


async def make_scan(
    employee_id: int, at_local_str: str, node: str = "office", outcome: str = "punch", direction: str = ""
) -> Scan:
    """A scan as a kiosk stores it; node_seq counts per node like a kiosk's would."""
    scanned_at = local(at_local_str)
    seq = await Scan.count().where(Scan.node_id == node).run() + 1
    scan = Scan(
        id=new_id(),
        node_id=node,
        node_seq=seq,
        scanned_at=scanned_at,
        received_at=utcnow(),
        source="kiosk",
        employee=employee_id,
        outcome=outcome,
        direction=direction,
    )
    await Scan.insert(scan).run()
    return scan


async def make_shift(
    code: str,
    name: str,
    start: str,
    end: str,
    breaks: list[list[str]] | None = None,
    grace_late: int = 5,
    grace_early: int = 0,
) -> int:
    shift = Shift(
        code=code,
        name=name,
        start=time.fromisoformat(start),
        end=time.fromisoformat(end),
        breaks=json.dumps(breaks or []),
        grace_late_minutes=grace_late,
        grace_early_minutes=grace_early,
    )
    await shift.save().run()
    return shift.id


async def make_pattern(
    week: list[int | None],
    effective_from: date = date(2020, 1, 1),
    department_id: int | None = None,
    employee_id: int | None = None,
) -> int:
    pattern = ShiftAssignment(
        department=department_id, employee=employee_id, week=json.dumps(week), effective_from=effective_from
    )
    await pattern.save().run()
    return pattern.id


async def make_calendar_day(day: date, kind: str, name: str = "") -> None:
    await CalendarDay.insert(CalendarDay(day=day, kind=kind, name=name)).run()


def weekdays(shift_id: int, saturday: bool = False) -> list[int | None]:
    """Monday to Friday (and Saturday) on shift_id."""
    return [shift_id] * 5 + [shift_id if saturday else None, None]
