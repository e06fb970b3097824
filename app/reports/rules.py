"""Pure formulas of HR's dashboard. No database, no HTTP; table-tested in tests/reports/test_rules.py.

Definitions (the plant's local calendar days; a last day is a day still employed):
- Employed on day D: hire_date <= D and (no last_day or last_day >= D).
- Headcount of a month: average of the headcount on its first and on its last day, (start + end) / 2.
- Monthly turnover rate = leavers whose last day falls in the month / average headcount, in percent.
  A department's rate uses the person's current department (transfers do not move past leavers).
- 90-day retention = hires still employed 90 days after their hire date / hires whose 90 days have
  elapsed (hired at least 90 days before today); recent hires are not yet counted either way.
- Time to onboard = days from the hire date to the first attendance day with a punch.
- Attendance rate = days attended (present, late, early leave, missing a punch) / scheduled working
  days (those plus absent); rest days and holidays are not scheduled.
- Overtime over the limit: more than 36 hours in a month (Labour Law art. 41), every kind counted.
- Output per head = good pieces counted this month (supervisor-confirmed or adjusted, minus defects) /
  people who had pieces counted, per department.
- Output per hour on an operation = good pieces / hours worked on the days they were made (the
  attendance day's worked minutes, once per person, day and operation); "trained" = a passed practical
  sign-off of the course that teaches the operation on or before that day.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.attendance.rules import MONTHLY_OVERTIME_LIMIT_MINUTES, monthly_overtime_flag

RETENTION_DAYS = 90
ATTENDED = ("present", "late", "early_leave", "missing_punch")
SCHEDULED = (*ATTENDED, "absent")


@dataclass(frozen=True)
class Tenure:
    """One person's employment as the reports see it."""

    hire_date: date | None
    last_day: date | None = None
    department: str = ""
    reason: str = ""  # exit reason category when the person has a last day


def employed_on(tenure: Tenure, day: date) -> bool:
    if tenure.hire_date is None or tenure.hire_date > day:
        return False
    return tenure.last_day is None or tenure.last_day >= day


def headcount_on(tenures: Iterable[Tenure], day: date) -> int:
    return sum(1 for tenure in tenures if employed_on(tenure, day))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def recent_months(today: date, count: int) -> list[tuple[int, int]]:
    """The last `count` months up to and including today's, oldest first."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def turnover_rate(leavers: int, start_headcount: int, end_headcount: int) -> float | None:
    """Leavers / ((start + end) / 2) in percent, one decimal; None when nobody was employed."""
    average = (start_headcount + end_headcount) / 2
    if average == 0:
        return None
    return round(leavers * 100 / average, 1)


@dataclass(frozen=True)
class Turnover:
    year: int
    month: int
    department: str  # "" for the whole plant
    start: int
    end: int
    leavers: int
    by_reason: dict[str, int]

    @property
    def rate(self) -> float | None:
        return turnover_rate(self.leavers, self.start, self.end)


def monthly_turnover(tenures: Sequence[Tenure], year: int, month: int, department: str = "") -> Turnover:
    first, last = month_bounds(year, month)
    scope = [t for t in tenures if not department or t.department == department]
    leavers = [
        t
        for t in scope
        if t.last_day is not None
        and first <= t.last_day <= last
        and t.hire_date is not None
        and t.hire_date <= t.last_day
    ]
    by_reason: dict[str, int] = {}
    for tenure in leavers:
        by_reason[tenure.reason or "other"] = by_reason.get(tenure.reason or "other", 0) + 1
    return Turnover(
        year, month, department, headcount_on(scope, first), headcount_on(scope, last), len(leavers), by_reason
    )


@dataclass(frozen=True)
class Retention:
    eligible: int  # hires whose 90 days have elapsed
    retained: int

    @property
    def rate(self) -> float | None:
        return round(self.retained * 100 / self.eligible, 1) if self.eligible else None


def retention(
    tenures: Iterable[Tenure], today: date, hired_from: date | None = None, days: int = RETENTION_DAYS
) -> Retention:
    """Hires (on or after hired_from) with `days` elapsed by today; retained if employed on hire + days."""
    eligible = retained = 0
    for tenure in tenures:
        if tenure.hire_date is None or (hired_from and tenure.hire_date < hired_from):
            continue
        mark = tenure.hire_date + timedelta(days=days)
        if mark > today:
            continue
        eligible += 1
        retained += employed_on(tenure, mark)
    return Retention(eligible, retained)


def days_to_onboard(hire_date: date | None, first_attendance: date | None) -> int | None:
    """Days from hire to the first attended day; None until the person has one."""
    if hire_date is None or first_attendance is None or first_attendance < hire_date:
        return None
    return (first_attendance - hire_date).days


def median(values: Sequence[int]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def attendance_rate(statuses: Iterable[str]) -> tuple[int, int, float | None]:
    """(attended, scheduled, percent) from attendance-day statuses."""
    attended = scheduled = 0
    for status in statuses:
        if status in SCHEDULED:
            scheduled += 1
            attended += status in ATTENDED
    return attended, scheduled, (round(attended * 100 / scheduled, 1) if scheduled else None)


def over_overtime_limit(minutes: int, limit_minutes: int = MONTHLY_OVERTIME_LIMIT_MINUTES) -> bool:
    """More than 36 hours (2160 minutes) in the month; exactly 36 hours is within the limit."""
    return monthly_overtime_flag(minutes, limit_minutes)


@dataclass(frozen=True)
class PieceDay:
    """One person's counted good pieces of one operation on one day, with that day's worked minutes."""

    employee: int
    operation: str
    work_date: date
    good: int
    worked_minutes: int
    trained: bool


def output_per_head(good_by_person: dict[int, int]) -> tuple[int, int, float | None]:
    """(people, good pieces, pieces per head rounded to 0.1) for one group of people."""
    people, good = len(good_by_person), sum(good_by_person.values())
    return people, good, round(good / people, 1) if people else None


def output_per_hour(days: Iterable[PieceDay]) -> dict[tuple[str, bool], tuple[int, int, float | None]]:
    """{(operation, trained): (people, good pieces, pieces an hour rounded to 0.1)}; a day without worked minutes
    (no punches) is left out, since its pieces cannot be set against hours."""
    pieces: dict[tuple[str, bool], int] = {}
    minutes: dict[tuple[str, bool], int] = {}
    people: dict[tuple[str, bool], set[int]] = {}
    for day in days:
        if day.worked_minutes <= 0:
            continue
        key = (day.operation, day.trained)
        pieces[key] = pieces.get(key, 0) + day.good
        minutes[key] = minutes.get(key, 0) + day.worked_minutes
        people.setdefault(key, set()).add(day.employee)
    return {key: (len(people[key]), pieces[key], round(pieces[key] * 60 / minutes[key], 1)) for key in pieces}
