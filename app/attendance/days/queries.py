"""Reading attendance days: by period with filters, exceptions, monthly overtime against 36 hours, the CSV export."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.attendance import rules
from app.attendance.tables import AttendanceDay
from app.db.search import contains
from app.people.tables import Employee
from app.spreadsheets import csv_text
from app.timeutil import as_utc

PER_PAGE = 50
EXCEPTIONS = (rules.Status.LATE, rules.Status.EARLY_LEAVE, rules.Status.MISSING_PUNCH, rules.Status.ABSENT)
EXPORT_COLUMNS = (
    "employee_code",
    "name",
    "department",
    "date",
    "shift",
    "first_in",
    "last_out",
    "worked_minutes",
    "late_minutes",
    "early_leave_minutes",
    "overtime_minutes",
    "overtime_kind",
    "status",
)


@dataclass(frozen=True)
class DayFilter:
    date_from: date
    date_to: date
    department_id: int | None = None
    query: str = ""
    statuses: tuple[str, ...] = ()  # empty: any


@dataclass(frozen=True)
class DayRow:
    employee_id: int
    employee_code: str
    name: str
    department_name: str
    work_date: date
    shift_code: str
    shift_name: str
    first_in: datetime | None  # UTC
    last_out: datetime | None
    worked_minutes: int
    late_minutes: int
    early_leave_minutes: int
    overtime_minutes: int
    overtime_kind: str
    status: str
    leave_code: str = ""


@dataclass(frozen=True)
class DayPage:
    items: list[DayRow]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class OvertimeRow:
    employee_id: int
    employee_code: str
    name: str
    department_name: str
    minutes: dict[str, int]  # by OvertimeKind value

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())

    @property
    def over_limit(self) -> bool:
        """Over 36 hours in the month (Labour Law art. 41); rest-day and holiday hours count too."""
        return rules.monthly_overtime_flag(self.total_minutes)


_COLUMNS = (
    AttendanceDay.employee,
    AttendanceDay.employee.employee_code,
    AttendanceDay.employee.name,
    AttendanceDay.employee.department.name,
    AttendanceDay.work_date,
    AttendanceDay.shift.code,
    AttendanceDay.shift.name,
    AttendanceDay.first_in,
    AttendanceDay.last_out,
    AttendanceDay.worked_minutes,
    AttendanceDay.late_minutes,
    AttendanceDay.early_leave_minutes,
    AttendanceDay.overtime_minutes,
    AttendanceDay.overtime_kind,
    AttendanceDay.status,
    AttendanceDay.leave_code,
)


def _row(raw: dict) -> DayRow:
    return DayRow(
        raw["employee"],
        raw["employee.employee_code"],
        raw["employee.name"],
        raw["employee.department.name"] or "",
        raw["work_date"],
        raw["shift.code"] or "",
        raw["shift.name"] or "",
        as_utc(raw["first_in"]) if raw["first_in"] else None,
        as_utc(raw["last_out"]) if raw["last_out"] else None,
        raw["worked_minutes"],
        raw["late_minutes"],
        raw["early_leave_minutes"],
        raw["overtime_minutes"],
        raw["overtime_kind"],
        raw["status"],
        raw["leave_code"],
    )


def _where(selection: DayFilter):
    condition = (AttendanceDay.work_date >= selection.date_from) & (AttendanceDay.work_date <= selection.date_to)
    if selection.department_id:
        condition &= AttendanceDay.employee.department == selection.department_id
    if selection.query:
        condition &= contains(AttendanceDay.employee.name, selection.query) | contains(
            AttendanceDay.employee.employee_code, selection.query
        )
    if selection.statuses:
        condition &= AttendanceDay.status.is_in(list(selection.statuses))
    return condition


async def list_days(selection: DayFilter, page: int = 1, per_page: int = PER_PAGE) -> DayPage:
    """Newest day first, then by employee code; one page."""
    where = _where(selection)
    total = await AttendanceDay.count().where(where).run()
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    raws = (
        await AttendanceDay.select(*_COLUMNS)
        .where(where)
        .order_by(AttendanceDay.work_date, ascending=False)
        .order_by(AttendanceDay.employee.employee_code)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .run()
    )
    return DayPage([_row(raw) for raw in raws], total, page, pages)


async def all_days(selection: DayFilter) -> list[DayRow]:
    raws = (
        await AttendanceDay.select(*_COLUMNS)
        .where(_where(selection))
        .order_by(AttendanceDay.employee.employee_code)
        .order_by(AttendanceDay.work_date)
        .run()
    )
    return [_row(raw) for raw in raws]


def overtime_by_kind(row: dict) -> dict[str, int]:
    """A stored day's overtime minutes by kind: its parts (a night shift into or out of a holiday has two),
    or its one kind for a day computed before parts were kept."""
    parts = row.get("overtime_parts")
    parts = json.loads(parts) if isinstance(parts, str) else parts
    if parts:
        return {str(kind): int(minutes) for kind, minutes in parts.items() if minutes}
    return {row["overtime_kind"]: row["overtime_minutes"]} if row["overtime_kind"] and row["overtime_minutes"] else {}


async def monthly_overtime(first: date, last: date, department_id: int | None = None) -> list[OvertimeRow]:
    """Each person's overtime in the range by kind, most first: one grouped query and one for the names."""
    where = (
        (AttendanceDay.work_date >= first) & (AttendanceDay.work_date <= last) & (AttendanceDay.overtime_minutes > 0)
    )
    if department_id:
        where &= AttendanceDay.employee.department == department_id
    rows = (
        await AttendanceDay.select(
            AttendanceDay.employee,
            AttendanceDay.overtime_kind,
            AttendanceDay.overtime_minutes,
            AttendanceDay.overtime_parts,
        )
        .where(where)
        .run()
    )
    minutes: dict[int, dict[str, int]] = {}
    for row in rows:
        into = minutes.setdefault(row["employee"], {})
        for kind, amount in overtime_by_kind(row).items():
            into[kind] = into.get(kind, 0) + amount
    if not minutes:
        return []
    names = (
        await Employee.select(Employee.id, Employee.employee_code, Employee.name, Employee.department.name)
        .where(Employee.id.is_in(list(minutes)))
        .run()
    )
    rows = [
        OvertimeRow(row["id"], row["employee_code"], row["name"], row["department.name"] or "", minutes[row["id"]])
        for row in names
    ]
    return sorted(rows, key=lambda item: (-item.total_minutes, item.employee_code))


def local_text(moment: datetime | None, zone: ZoneInfo) -> str:
    """Plant-local 'YYYY-MM-DD HH:MM' (a night shift's OUT is on the next date), '' when missing."""
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def days_csv(rows: list[DayRow], zone: ZoneInfo) -> str:
    """One row per person and day; times plant-local 'YYYY-MM-DD HH:MM'; UTF-8 with a BOM for Excel."""
    return csv_text(
        EXPORT_COLUMNS,
        (
            (
                row.employee_code,
                row.name,
                row.department_name,
                row.work_date.isoformat(),
                row.shift_code,
                local_text(row.first_in, zone),
                local_text(row.last_out, zone),
                row.worked_minutes,
                row.late_minutes,
                row.early_leave_minutes,
                row.overtime_minutes,
                row.overtime_kind,
                row.status,
            )
            for row in rows
        ),
    )
