"""The shapes attendance rules work on: day kinds, punch directions, statuses and overtime kinds (with their
labels), spans of plant-local time, shifts and a shift's window on a work date (RULES.md, "Working time").

Pure, like app/attendance/rules.py, which re-exports these names: naive plant-local datetimes, whole minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache


def N_(s: str) -> str:
    return s  # marks a message for translation


_REFERENCE_DATE = date(2000, 1, 3)  # any date: a shift's shape does not depend on it


class _Labelled(StrEnum):
    """The value is the stable code to store; label is an English name marked for translation."""

    @property
    def label(self) -> str:
        return _LABELS[type(self).__name__, self.value]


class DayKind(_Labelled):
    """The values match app.piecework.rules.DayKind, so one converts to the other by value."""

    WORKDAY = "working_day"
    REST_DAY = "rest_day"
    HOLIDAY = "holiday"


class Direction(_Labelled):
    IN = "in"
    OUT = "out"


class Status(_Labelled):
    PRESENT = "present"
    LATE = "late"
    EARLY_LEAVE = "early_leave"
    ABSENT = "absent"
    MISSING_PUNCH = "missing_punch"
    REST_DAY = "rest_day"
    HOLIDAY = "holiday"
    LEAVE = "leave"  # stored, never derived: an absence an approved leave explains (app.attendance.days.explained)


class OvertimeKind(_Labelled):
    """Labour Law art. 44: at least 150% on a working day, 200% on a rest day, 300% on a holiday.

    The values match app.piecework.rules.TimeSegment's overtime segments (payroll's OvertimeWork).
    """

    WORKDAY = "workday_overtime"
    REST_DAY = "rest_day"
    HOLIDAY = "holiday"


# Keyed by enum name too: StrEnum members with the same value (DayKind.HOLIDAY, Status.HOLIDAY) are equal.
_LABELS = {
    ("DayKind", "working_day"): N_("Working day"),
    ("DayKind", "rest_day"): N_("Rest day"),
    ("DayKind", "holiday"): N_("Holiday"),
    ("Direction", "in"): N_("Clocked in"),
    ("Direction", "out"): N_("Clocked out"),
    ("Status", "present"): N_("Present"),
    ("Status", "late"): N_("Late"),
    ("Status", "early_leave"): N_("Left early"),
    ("Status", "absent"): N_("Absent"),
    ("Status", "leave"): N_("On leave"),
    ("Status", "missing_punch"): N_("Missing punch"),
    ("Status", "rest_day"): N_("Rest day"),
    ("Status", "holiday"): N_("Holiday"),
    ("OvertimeKind", "workday_overtime"): N_("Working-day overtime"),
    ("OvertimeKind", "rest_day"): N_("Rest-day overtime"),
    ("OvertimeKind", "holiday"): N_("Holiday overtime"),
}


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of plant-local wall-clock time from start (inclusive) to end (exclusive)."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        """Whole minutes, seconds dropped; 0 when end is not after start."""
        return max(0, int((self.end - self.start).total_seconds() // 60))

    def overlap_minutes(self, other: Span) -> int:
        return Span(max(self.start, other.start), min(self.end, other.end)).minutes


@dataclass(frozen=True)
class Shift:
    """A shift's shape in plant-local clock times; end <= start means it ends the next day (a night shift).

    A break lies inside the shift and is placed at the first occurrence of its start time after
    the shift starts (a 02:00 break of a 22:00 shift is on the next day). Graces are minutes.
    """

    start: time
    end: time
    breaks: tuple[tuple[time, time], ...] = ()
    grace_late_minutes: int = 0
    grace_early_minutes: int = 0

    def __post_init__(self) -> None:
        if self.grace_late_minutes < 0 or self.grace_early_minutes < 0:
            raise ValueError("grace minutes cannot be negative")
        window = shift_window(self, _REFERENCE_DATE)
        previous_end = window.start
        for item in window.breaks:
            if item.start < previous_end or item.end > window.end:
                raise ValueError(f"breaks must lie inside the shift without overlapping: {self.breaks}")
            previous_end = item.end


@dataclass(frozen=True)
class ShiftWindow:
    """One shift on one work date, in plant-local wall-clock datetimes."""

    work_date: date
    start: datetime
    end: datetime
    breaks: tuple[Span, ...] = ()

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def working_minutes(self, span: Span) -> int:
        """Minutes of span with the overlap of the breaks taken off."""
        return span.minutes - sum(span.overlap_minutes(item) for item in self.breaks)

    def distance(self, at: datetime) -> timedelta:
        """How far at lies outside the window; zero inside it."""
        return max(self.start - at, at - self.end, timedelta(0))


def _next_at_or_after(moment: datetime, clock: time) -> datetime:
    candidate = datetime.combine(moment.date(), clock)
    return candidate if candidate >= moment else candidate + timedelta(days=1)


@lru_cache(maxsize=8192)
def shift_window(shift: Shift, work_date: date) -> ShiftWindow:
    """The shift worked for work_date: it starts on that date, and a night shift ends on the next. Kept (both are
    frozen): placing a month of punches asks for each day's window a few times per punch."""
    start = datetime.combine(work_date, shift.start)
    end = _next_at_or_after(start, shift.end)
    end = end if end > start else end + timedelta(days=1)  # end == start: a 24-hour shift
    breaks = []
    for break_start, break_end in shift.breaks:
        begins = _next_at_or_after(start, break_start)
        ends = _next_at_or_after(begins, break_end)
        breaks.append(Span(begins, ends if ends > begins else ends + timedelta(days=1)))
    return ShiftWindow(work_date, start, end, tuple(sorted(breaks)))


def planned_minutes(shift: Shift) -> int:
    """Minutes of work a shift plans: its length with the breaks taken off (8 hours a day is standard)."""
    window = shift_window(shift, _REFERENCE_DATE)
    return window.working_minutes(window.span)
