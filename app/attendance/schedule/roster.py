"""Who works which shift on which date, and what kind of day it is: loaded once for many people and dates.

A person's shift on a date: a one-day override wins, then the person's own weekly pattern, then
their department's; of the patterns, the one with the most recent effective_from on or before
the date. The day's kind: HR's calendar wins (a holiday or a rest day stays one even if someone
is put on a shift: that work is paid as holiday or rest-day overtime); otherwise a day the
pattern works is a working day and a day it leaves empty a rest day; with no pattern at all,
Saturday and Sunday are rest days. A make-up working day (调休) on a day the pattern leaves
empty is worked on the person's usual shift: the first shift of their week, Monday first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time

from app.attendance import rules
from app.attendance.tables import CalendarDay, Shift, ShiftAssignment, ShiftOverride
from app.db.prepared import Prepared
from app.db.values import json_value

CALENDAR_KINDS = {"holiday": rules.DayKind.HOLIDAY, "rest": rules.DayKind.REST_DAY, "workday": rules.DayKind.WORKDAY}
_NO_OVERRIDE = object()


@dataclass(frozen=True)
class ShiftDef:
    id: int
    code: str
    name: str
    shape: rules.Shift

    @property
    def label(self) -> str:
        """As HR and the kiosk show it: 早班 08:00–17:00."""
        return f"{self.name} {self.shape.start:%H:%M}–{self.shape.end:%H:%M}"


@dataclass(frozen=True)
class DayPlan:
    kind: rules.DayKind
    shift: ShiftDef | None  # the shift to work; None on a day off
    usual: ShiftDef | None  # the person's usual shift: places punches and takes off breaks on days off

    @property
    def shape(self) -> rules.Shift | None:
        """The shift the attendance rules get for this day (the usual one on a day off, see assign_work_date)."""
        chosen = self.shift or self.usual
        return chosen.shape if chosen else None


def _clock(value: str) -> time:
    return time.fromisoformat(value)


def shift_def(row: dict) -> ShiftDef:
    """A Shift row (breaks as JSON text or a list) as the rules' shape."""
    breaks = json_value(row["breaks"]) or []
    shape = rules.Shift(
        start=row["start"],
        end=row["end"],
        breaks=tuple((_clock(start), _clock(end)) for start, end in breaks),
        grace_late_minutes=row["grace_late_minutes"],
        grace_early_minutes=row["grace_early_minutes"],
    )
    return ShiftDef(id=row["id"], code=row["code"], name=row["name"], shape=shape)


def _week(raw: object) -> tuple[int | None, ...]:
    week = list(json_value(raw) or [])[:7]
    return tuple(week + [None] * (7 - len(week)))


@dataclass
class Roster:
    shifts: dict[int, ShiftDef]
    employee_weeks: dict[int, list[tuple[date, tuple]]] = field(default_factory=dict)  # newest first
    department_weeks: dict[int, list[tuple[date, tuple]]] = field(default_factory=dict)
    overrides: dict[tuple[int, date], int | None] = field(default_factory=dict)
    calendar: dict[date, rules.DayKind] = field(default_factory=dict)

    def week(self, employee_id: int, department_id: int | None, day: date) -> tuple | None:
        for patterns in (self.employee_weeks.get(employee_id), self.department_weeks.get(department_id)):
            for effective_from, week in patterns or ():
                if effective_from <= day:
                    return week
        return None

    def usual(self, week: tuple | None) -> ShiftDef | None:
        return next((self.shifts[item] for item in week or () if item in self.shifts), None)

    def plan(self, employee_id: int, department_id: int | None, day: date) -> DayPlan:
        week = self.week(employee_id, department_id, day)
        usual = self.usual(week)
        rest_days = (
            rules.DEFAULT_WEEKLY_REST_DAYS
            if week is None
            else {number for number, item in enumerate(week, start=1) if item not in self.shifts}
        )
        kind = rules.day_kind(day, rest_days, self.calendar)
        override = self.overrides.get((employee_id, day), _NO_OVERRIDE)
        if override is not _NO_OVERRIDE:
            shift = self.shifts.get(override)  # None: HR gave the person the day off
            if day not in self.calendar or (kind is rules.DayKind.WORKDAY and shift is None):
                kind = rules.DayKind.WORKDAY if shift else rules.DayKind.REST_DAY
            return DayPlan(kind, shift, usual)
        shift = self.shifts.get(week[day.weekday()]) if week else None
        if shift is None and kind is rules.DayKind.WORKDAY:
            shift = usual  # a make-up working day on a day the pattern leaves empty
        return DayPlan(kind, shift, usual)


def _newest_first(rows: list[dict], key: str) -> dict[int, list[tuple[date, tuple]]]:
    grouped: dict[int, list[tuple[date, tuple]]] = defaultdict(list)
    for row in sorted(rows, key=lambda item: (item["effective_from"], item["id"]), reverse=True):
        grouped[row[key]].append((row["effective_from"], _week(row["week"])))
    return dict(grouped)


_PATTERN_COLUMNS = (
    ShiftAssignment.id,
    ShiftAssignment.employee,
    ShiftAssignment.department,
    ShiftAssignment.week,
    ShiftAssignment.effective_from,
)
# Read by every page that shows a schedule (My page on every open): built once (app.db.prepared).
_SHIFTS = Prepared(lambda: Shift.select().order_by(Shift.start))
_CALENDAR = Prepared(
    lambda first, last: CalendarDay.select(CalendarDay.day, CalendarDay.kind).where(
        (CalendarDay.day >= first) & (CalendarDay.day <= last)
    )
)
_PATTERNS = Prepared(
    lambda last: ShiftAssignment.select(*_PATTERN_COLUMNS).where(ShiftAssignment.effective_from <= last)
)
_PATTERNS_OF = Prepared(
    lambda last, ids: ShiftAssignment.select(*_PATTERN_COLUMNS).where(
        (ShiftAssignment.effective_from <= last)
        & (ShiftAssignment.employee.is_null() | ShiftAssignment.employee.is_in(ids))
    )
)
_OVERRIDE_COLUMNS = (ShiftOverride.employee, ShiftOverride.work_date, ShiftOverride.shift)
_OVERRIDES = Prepared(
    lambda first, last: ShiftOverride.select(*_OVERRIDE_COLUMNS).where(
        (ShiftOverride.work_date >= first) & (ShiftOverride.work_date <= last)
    )
)
_OVERRIDES_OF = Prepared(
    lambda first, last, ids: ShiftOverride.select(*_OVERRIDE_COLUMNS).where(
        (ShiftOverride.work_date >= first) & (ShiftOverride.work_date <= last) & ShiftOverride.employee.is_in(ids)
    )
)


async def all_shifts() -> dict[int, ShiftDef]:
    return {row["id"]: shift_def(row) for row in await _SHIFTS.run()}


async def load_roster(employee_ids: list[int] | None, first: date, last: date) -> Roster:
    """Shifts, the patterns in force up to last, overrides and the calendar from first to last: four queries."""
    if employee_ids is None:
        pattern_rows, override_rows = await _PATTERNS.run(last), await _OVERRIDES.run(first, last)
    else:
        ids = list(employee_ids) or [0]
        pattern_rows, override_rows = await _PATTERNS_OF.run(last, ids), await _OVERRIDES_OF.run(first, last, ids)
    calendar = await _CALENDAR.run(first, last)
    return Roster(
        shifts=await all_shifts(),
        employee_weeks=_newest_first([row for row in pattern_rows if row["employee"] is not None], "employee"),
        department_weeks=_newest_first(
            [row for row in pattern_rows if row["employee"] is None and row["department"] is not None], "department"
        ),
        overrides={(row["employee"], row["work_date"]): row["shift"] for row in override_rows},
        calendar={row["day"]: CALENDAR_KINDS[row["kind"]] for row in calendar if row["kind"] in CALENDAR_KINDS},
    )
