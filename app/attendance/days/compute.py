"""Attendance days, derived from every punch of a person (all kiosks, ordered by time), shifts and the calendar.

recompute_days deletes and inserts the days of a range; it reads each input once for the whole
range (the people, the roster, every punch), derives in memory and writes in short batches, so a
month of a 500-person plant is a handful of queries (bench/attendance_days.py). When it runs:
- ensure_days, before the period, exceptions and overtime pages and payroll read a range:
  only days whose inputs changed since they were computed (new scans received, or a change
  number on shifts, patterns, overrides, the calendar, settings or employees above the one the
  day was computed at: every writer of reference data stamps one, audited or not) or that are
  missing are computed, from the earliest such day to the end of the range;
- the "Recompute" button and `floorhr export attendance` recompute the whole range;
- approving a punch correction recomputes that person's days around it.
Only days that are over are stored, up to yesterday (plant-local): a working day not yet come, or
still going on, is not an absence. Today is on the board (app.attendance.days.board).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from piccolo.query.functions.aggregate import Min

from app.attendance import rules
from app.attendance.corrections import manual_rules
from app.attendance.days import explained
from app.attendance.days.placing import place_punches
from app.attendance.schedule.roster import DayPlan, Roster, load_roster
from app.attendance.tables import (
    AttendanceDay,
    CalendarDay,
    ManualPunch,
    Scan,
    Shift,
    ShiftAssignment,
    ShiftOverride,
)
from app.db.prepared import Prepared
from app.db.tx import write_transaction
from app.db.values import date_value, utc_moment
from app.people import plant_settings
from app.people.tables import Employee
from app.sync.changes import current_change_no, latest_change_no
from app.timeutil import as_utc, local_today, utcnow

OVERTIME_UNIT_KEY = "overtime_unit_minutes"
WRITE_BATCH_ROWS = 1000  # rows per write transaction: kiosks' writes wait at most for one batch
INPUT_TABLES = (
    Employee._meta.tablename,
    Shift._meta.tablename,
    ShiftAssignment._meta.tablename,
    ShiftOverride._meta.tablename,
    CalendarDay._meta.tablename,
    plant_settings.TABLE_NAME,
)
LEAVE = rules.Status.LEAVE.value  # an absence explained by an approved leave (app.attendance.days.explained)


@dataclass(frozen=True)
class Person:
    id: int
    department_id: int | None
    hire_date: date | None
    last_day: date | None
    code: str = ""
    name: str = ""
    department_name: str = ""

    def employed_on(self, day: date) -> bool:
        return (self.hire_date is None or self.hire_date <= day) and (self.last_day is None or day <= self.last_day)


@dataclass(frozen=True)
class Recomputed:
    employees: int
    days: int


def last_stored_day(date_to: date, zone: ZoneInfo, today: date | None = None) -> date:
    """date_to, or yesterday if date_to is later: days are stored once they are over."""
    return min(date_to, (today or local_today(zone)) - timedelta(days=1))


def dates(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


async def overtime_unit() -> int:
    """The plant's overtime unit in minutes (PlantSetting overtime_unit_minutes; 30 by default)."""
    return await plant_settings.read_int(OVERTIME_UNIT_KEY, rules.DEFAULT_OVERTIME_UNIT_MINUTES, minimum=1)


def _ids(employee_ids: list[int] | None) -> list[int] | None:
    """None: everyone; else the ids (none: [0], an id no one has, so the query stays a query)."""
    return None if employee_ids is None else list(employee_ids) or [0]


def _of(query, column, ids: list | None):
    return query if ids is None else query.where(column.is_in(ids))


# Read on every page that derives days (My page on every open): built once per shape (app.db.prepared).
_PEOPLE = Prepared(
    lambda ids: _of(
        Employee.select(
            Employee.id,
            Employee.department,
            Employee.hire_date,
            Employee.last_day,
            Employee.status,
            Employee.employee_code,
            Employee.name,
            Employee.department.name,
        ).order_by(Employee.employee_code),
        Employee.id,
        ids,
    )
)
_PUNCHES = Prepared(
    lambda start, end, ids: _of(
        Scan.select(Scan.employee, Scan.scanned_at)
        .where((Scan.outcome == "punch") & (Scan.scanned_at >= start) & (Scan.scanned_at < end))
        .order_by(Scan.scanned_at),
        Scan.employee,
        ids,
    )
)
_MANUAL = Prepared(
    lambda start, end, ids: _of(
        ManualPunch.select(ManualPunch.employee, ManualPunch.in_at, ManualPunch.out_at).where(
            (ManualPunch.in_at >= start) & (ManualPunch.in_at < end)
        ),
        ManualPunch.employee,
        ids,
    )
)


async def people(employee_ids: list[int] | None, first: date, last: date) -> list[Person]:
    """Everyone employed at some point of the range (a person who left without a last day is out)."""
    rows = await _PEOPLE.run(_ids(employee_ids))
    found = [
        Person(
            row["id"],
            row["department"],
            row["hire_date"],
            row["last_day"],
            row["employee_code"],
            row["name"],
            row["department.name"] or "",
        )
        for row in rows
        if not (row["status"] == "left" and row["last_day"] is None)
    ]
    return [
        person
        for person in found
        if (person.hire_date is None or person.hire_date <= last)
        and (person.last_day is None or person.last_day >= first)
    ]


def punch_window(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC bounds of the punches that can belong to work dates first..last: a night shift's OUT is on the
    next day, and an early IN can be on the day before."""
    return (
        datetime.combine(first - timedelta(days=1), time(), zone).astimezone(UTC),
        datetime.combine(last + timedelta(days=2), time(), zone).astimezone(UTC),
    )


async def punches(employee_ids: list[int] | None, first: date, last: date, zone: ZoneInfo) -> dict[int, list[datetime]]:
    """Plant-local punch times per employee, from every node, in time order, with the shifts entered by hand
    that no real scan supersedes (app.attendance.corrections.manual_rules): two queries."""
    start, end = punch_window(first, last, zone)
    real: dict[int, list[datetime]] = defaultdict(list)
    for row in await _PUNCHES.run(start, end, _ids(employee_ids)):
        if row["employee"] is not None:
            real[row["employee"]].append(as_utc(row["scanned_at"]))
    spans = await manual_spans(employee_ids, start, end)
    found: dict[int, list[datetime]] = defaultdict(list)
    for employee in {*real, *spans}:
        found[employee] = [
            rules.to_plant_local(moment, zone)
            for moment in manual_rules.counted_punches(spans.get(employee, ()), real.get(employee, []))
        ]
    return found


async def manual_spans(
    employee_ids: list[int] | None, start: datetime, end: datetime
) -> dict[int, list[tuple[datetime, datetime]]]:
    """Shifts entered by hand (after a kiosk outage) starting in [start, end), UTC, per employee."""
    spans: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for row in await _MANUAL.run(start, end, _ids(employee_ids)):
        spans[row["employee"]].append((as_utc(row["in_at"]), as_utc(row["out_at"])))
    return spans


class PersonDays:
    """One person's plans (memoised) and punches grouped by the work date each belongs to."""

    def __init__(self, person: Person, roster: Roster, times: list[datetime]):
        self.person, self.roster = person, roster
        self._plans: dict[date, DayPlan] = {}
        self.by_date: dict[date, list[datetime]] = place_punches(times, self._around)

    def _around(self, at: datetime) -> dict[date, rules.Shift | None]:
        return {
            day: self.plan(day).shape
            for day in (at.date() - timedelta(days=1), at.date(), at.date() + timedelta(days=1))
        }

    def plan(self, day: date) -> DayPlan:
        if day not in self._plans:
            self._plans[day] = self.roster.plan(self.person.id, self.person.department_id, day)
        return self._plans[day]

    def derive(self, day: date, unit: int, early_approved: bool = False) -> tuple[DayPlan, rules.AttendanceDay]:
        plan = self.plan(day)
        after = self.plan(day + timedelta(days=1)).kind  # a shift across midnight into or out of a holiday
        return plan, rules.derive_attendance_day(
            day, plan.kind, plan.shape, self.by_date.get(day, ()), unit, early_approved, next_day_kind=after
        )


def _row(
    person: Person, plan: DayPlan, day: rules.AttendanceDay, zone: ZoneInfo, now: datetime, mark: int, leave: str = ""
) -> AttendanceDay:
    def utc(moment: datetime | None) -> datetime | None:
        return rules.plant_local_to_utc(moment, zone) if moment else None

    return AttendanceDay(
        employee=person.id,
        work_date=day.work_date,
        shift=plan.shift.id if plan.shift else None,
        first_in=utc(day.first_in),
        last_out=utc(day.last_out),
        worked_minutes=day.worked_minutes,
        late_minutes=day.late_minutes,
        early_leave_minutes=day.early_leave_minutes,
        overtime_minutes=day.overtime_minutes,
        overtime_kind=day.overtime_kind.value if day.overtime_kind else "",
        overtime_parts=json.dumps({kind.value: minutes for kind, minutes in day.overtime_parts}),
        status=LEAVE if leave and day.status is rules.Status.ABSENT else day.status.value,
        leave_code=leave if day.day_kind is rules.DayKind.WORKDAY else "",
        computed_at=now,
        inputs_change_no=mark,
    )


async def _write(batch: list[tuple[int, list[AttendanceDay]]], first: date, last: date) -> None:
    async with write_transaction():
        await (
            AttendanceDay.delete()
            .where(
                AttendanceDay.employee.is_in([person_id for person_id, _ in batch])
                & (AttendanceDay.work_date >= first)
                & (AttendanceDay.work_date <= last)
            )
            .run()
        )
        rows = [row for _, person_rows in batch for row in person_rows]
        if rows:
            await AttendanceDay.insert(*rows).run()


async def recompute_days(
    employee_ids: list[int] | None, date_from: date, date_to: date, zone: ZoneInfo, today: date | None = None
) -> Recomputed:
    """Derive and store the days date_from..date_to (up to yesterday) of the people (None: everyone); idempotent."""
    now = utcnow()  # before reading: a scan received while this runs makes the days stale, not lost
    mark = await current_change_no()  # likewise: a change committed while this runs has a higher number
    last = last_stored_day(date_to, zone, today)
    if date_from > last:
        return Recomputed(0, 0)
    found = await people(employee_ids, date_from, last)
    ids = [person.id for person in found] if employee_ids is not None else None
    roster = await load_roster(ids, date_from - timedelta(days=1), last + timedelta(days=1))
    times, unit = await punches(ids, date_from, last, zone), await overtime_unit()
    on_leave = await explained.explained(ids, date_from, last)
    early = await explained.early_overtime(ids, date_from, last)
    batch: list[tuple[int, list[AttendanceDay]]] = []
    total = pending = 0
    for person in found:
        person_days = PersonDays(person, roster, times.get(person.id, []))
        rows = [
            _row(
                person,
                *person_days.derive(day, unit, (person.id, day) in early),
                zone,
                now,
                mark,
                on_leave.get((person.id, day), ""),
            )
            for day in dates(date_from, last)
            if person.employed_on(day)
        ]
        batch.append((person.id, rows))
        total, pending = total + len(rows), pending + len(rows)
        if pending >= WRITE_BATCH_ROWS:
            await _write(batch, date_from, date_to)
            batch, pending = [], 0
    if batch:
        await _write(batch, date_from, date_to)
    return Recomputed(len(found), total)


async def _first_hire_date() -> date | None:
    """The first day anyone was employed (date.min when someone has no hire date); None with nobody."""
    if not await Employee.exists().run():
        return None
    if await Employee.exists().where(Employee.hire_date.is_null()).run():
        return date.min
    row = await Employee.select(Min(Employee.hire_date, alias="first")).first().run()
    return date_value(row["first"])


async def _stale_dates(first: date, last: date, zone: ZoneInfo) -> set[date]:
    """Days of the range that are missing or older than an input: cheap aggregate queries."""
    computed = (
        await AttendanceDay.select(
            AttendanceDay.work_date,
            Min(AttendanceDay.computed_at, alias="at"),
            Min(AttendanceDay.inputs_change_no, alias="mark"),
        )
        .where((AttendanceDay.work_date >= first) & (AttendanceDay.work_date <= last))
        .group_by(AttendanceDay.work_date)
        .run()
    )
    at = {row["work_date"]: utc_moment(row["at"]) for row in computed}
    marks = {row["work_date"]: row["mark"] or 0 for row in computed}
    employed_from = await _first_hire_date()
    if employed_from is None:
        return set()
    stale = {day for day in dates(max(first, employed_from), last) if day not in at}  # before it: nobody to compute
    if not at:
        return stale
    oldest = min(at.values())
    latest = await latest_change_no((*INPUT_TABLES, *sorted(explained.ENTITIES)))  # leave's requests too
    stale |= {day for day, mark in marks.items() if mark < latest}
    start, end = punch_window(first, last, zone)
    arrived = (
        await Scan.select(Scan.scanned_at, Scan.received_at)
        .where(
            (Scan.scanned_at >= start)
            & (Scan.scanned_at < end)
            & (Scan.received_at > oldest)
            & (Scan.outcome == "punch")
        )
        .run()
    )
    for row in arrived:
        local = rules.to_plant_local(row["scanned_at"], zone).date()
        for day in (local - timedelta(days=1), local, local + timedelta(days=1)):
            if day in at and at[day] < as_utc(row["received_at"]):
                stale.add(day)
    return stale


async def mark_stale(employee_id: int, work_date: date) -> None:
    """A capability above changed what this person's stored day derives from (an approved overtime request):
    ensure_days derives it again when it is next read (a mark below every change number is stale)."""
    await (
        AttendanceDay.update({AttendanceDay.inputs_change_no: -1})
        .where((AttendanceDay.employee == employee_id) & (AttendanceDay.work_date == work_date))
        .run()
    )


async def ensure_days(date_from: date, date_to: date, zone: ZoneInfo, today: date | None = None) -> Recomputed:
    """Recompute what is stale in the range (see the module docstring); nothing when all is fresh."""
    last = last_stored_day(date_to, zone, today)
    if date_from > last:
        return Recomputed(0, 0)
    stale = await _stale_dates(date_from, last, zone)
    if not stale:
        return Recomputed(0, 0)
    return await recompute_days(None, min(stale), last, zone, today=today)
