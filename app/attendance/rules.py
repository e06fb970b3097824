"""Shifts, the working calendar, kiosk punches and attendance days (RULES.md, "Working time and overtime").

Times in this module are the plant's wall clock: naive datetimes in plant-local time
(Asia/Shanghai for a plant in China). The database keeps aware UTC datetimes; the service
crosses that border with `to_plant_local` and `plant_local_to_utc`. Asia/Shanghai has kept no
daylight saving since 1991, so wall-clock minutes are elapsed minutes.

Every duration is a whole number of minutes (int). Punch times are taken to the minute, seconds
dropped, the way HR sees them; after that nothing is rounded except overtime, which rounds
down to the plant's unit once per day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum


def N_(s: str) -> str:
    return s  # marks a message for translation


REACH_MINUTES = 6 * 60  # a punch belongs to a shift when it is this close to the shift's window
MAX_OPEN_MINUTES = 16 * 60  # without a shift, an IN older than this was a forgotten OUT
DUPLICATE_WINDOW_SECONDS = 60
DEFAULT_OVERTIME_UNIT_MINUTES = 30
DAILY_OVERTIME_LIMIT_MINUTES = 3 * 60  # Labour Law art. 41, "for special reasons"
MONTHLY_OVERTIME_LIMIT_MINUTES = 36 * 60  # Labour Law art. 41
DEFAULT_WEEKLY_REST_DAYS = frozenset({6, 7})  # ISO weekdays: Saturday and Sunday
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
    LEAVE = "leave"  # stored, never derived: an absence an approved leave explains (app.attendance.explained)


class OvertimeKind(_Labelled):
    """Labour Law art. 44: at least 150% on a working day, 200% on a rest day, 300% on a holiday.

    The values match app.piecework.rules.TimeSegment's overtime segments (payroll's OvertimeWork).
    """

    WORKDAY = "workday_overtime"
    REST_DAY = "rest_day"
    HOLIDAY = "holiday"


# Keyed by enum name too: StrEnum members with the same value (DayKind.HOLIDAY, Status.HOLIDAY) are equal.
_LABELS = {
    ("DayKind", "working_day"): N_("Working day"), ("DayKind", "rest_day"): N_("Rest day"),
    ("DayKind", "holiday"): N_("Holiday"),
    ("Direction", "in"): N_("Clocked in"), ("Direction", "out"): N_("Clocked out"),
    ("Status", "present"): N_("Present"), ("Status", "late"): N_("Late"), ("Status", "early_leave"): N_("Left early"),
    ("Status", "absent"): N_("Absent"), ("Status", "leave"): N_("On leave"), ("Status", "missing_punch"): N_("Missing punch"),
    ("Status", "rest_day"): N_("Rest day"), ("Status", "holiday"): N_("Holiday"),
    ("OvertimeKind", "workday_overtime"): N_("Working-day overtime"), ("OvertimeKind", "rest_day"): N_("Rest-day overtime"),
    ("OvertimeKind", "holiday"): N_("Holiday overtime"),
}
_NO_PUNCH_STATUS = {DayKind.WORKDAY: Status.ABSENT, DayKind.REST_DAY: Status.REST_DAY, DayKind.HOLIDAY: Status.HOLIDAY}


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


def shift_window(shift: Shift, work_date: date) -> ShiftWindow:
    """The shift worked for work_date: it starts on that date, and a night shift ends on the next."""
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


def to_plant_local(moment: datetime, tz: tzinfo) -> datetime:
    """A stored moment (aware; a naive one is taken as UTC, as SQLite returns it) as naive plant-local time."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(tz).replace(tzinfo=None)


def plant_local_to_utc(local: datetime, tz: tzinfo) -> datetime:
    """A naive plant-local time as an aware UTC datetime, for storing or querying."""
    return _local(local).replace(tzinfo=tz).astimezone(timezone.utc)


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        raise ValueError("attendance rules take naive plant-local times: convert with to_plant_local")
    return moment


def day_kind(day: date, weekly_rest_days: Iterable[int] = DEFAULT_WEEKLY_REST_DAYS,
             calendar_overrides: Mapping[date, DayKind] | None = None) -> DayKind:
    """What kind of day day is (RULES.md: the State Council publishes holidays; HR enters them).

    HR's calendar wins: a statutory holiday (HOLIDAY, 300%), an extra rest day moved by the
    holiday arrangement (REST_DAY, 200%), or a make-up working day (调休, WORKDAY) even on a
    Saturday. Otherwise the plant's weekly rest days (ISO weekdays, 1 = Monday) are rest days.
    """
    if calendar_overrides and day in calendar_overrides:
        return calendar_overrides[day]
    return DayKind.REST_DAY if day.isoweekday() in set(weekly_rest_days) else DayKind.WORKDAY


def is_duplicate(prev_scan_at: datetime | None, now: datetime, window_s: int = DUPLICATE_WINDOW_SECONDS) -> bool:
    """The same credential again within window_s seconds (60 included) is a scan, not a punch.

    Either order counts, so a kiosk clock stepped back a little does not make a punch. Both
    times must be of the same kind (both UTC or both local).
    """
    return prev_scan_at is not None and abs((now - prev_scan_at).total_seconds()) <= window_s


@dataclass(frozen=True)
class LastPunch:
    """The person's latest punch known to this kiosk node (plant-local time)."""

    at: datetime
    direction: Direction


def next_punch_direction(last: LastPunch | None, now: datetime, window: ShiftWindow | None, *,
                         reach_minutes: int = REACH_MINUTES, max_open_minutes: int = MAX_OPEN_MINUTES) -> Direction:
    """The kiosk's guess (the office derives the truth): the second scan of a shift clocks out.

    Check is_duplicate first. window is the person's shift window for the work date now
    belongs to (assign_work_date); the last IN of the same shift or of the shift before gives
    the same answer. An IN is still open when it and now are both within reach of the window
    (6 hours, which covers art. 41's 3 hours of overtime); an older IN was a forgotten OUT, so
    this is a new IN. Without a shift an IN stays open for 16 hours.
    """
    if last is None or last.direction is Direction.OUT:
        return Direction.IN
    last_at, now = _local(last.at), _local(now)
    if window is None:
        still_open = now - last_at <= timedelta(minutes=max_open_minutes)
    else:
        reach = timedelta(minutes=reach_minutes)
        still_open = window.start - reach <= last_at and now <= window.end + reach
    return Direction.OUT if still_open else Direction.IN


def assign_work_date(at: datetime, shifts: Mapping[date, Shift | None], *,
                     reach_minutes: int = REACH_MINUTES) -> date:
    """The work date a punch (plant-local) belongs to: that of the nearest shift window within reach.

    shifts maps the person's roster for the day before, the day of and the day after the punch
    (give the usual shift on rest days too, so rest-day work after a night shift is placed well).
    The morning OUT of a 22:00-06:00 shift belongs to the previous date. A tie goes to the
    earlier shift (staying late is likelier than arriving hours early); with no shift within
    reach the punch belongs to its calendar date.
    """
    at = _local(at)
    best: tuple[timedelta, date] | None = None
    for offset in (-1, 0, 1):
        day = at.date() + timedelta(days=offset)
        shift = shifts.get(day)
        if shift is None:
            continue
        distance = shift_window(shift, day).distance(at)
        if distance <= timedelta(minutes=reach_minutes) and (best is None or distance < best[0]):
            best = (distance, day)
    return best[1] if best else at.date()


@dataclass(frozen=True)
class AttendanceDay:
    """One person's derived day; minutes are whole ints, times plant-local (see derive_attendance_day)."""

    work_date: date
    day_kind: DayKind
    status: Status
    first_in: datetime | None = None
    last_out: datetime | None = None
    planned_minutes: int = 0  # the shift's plan on a working day, else 0
    worked_minutes: int = 0  # counted presence with breaks taken off, overtime unrounded
    normal_minutes: int = 0  # worked inside the shift window on a working day
    late_minutes: int = 0
    early_leave_minutes: int = 0
    overtime_minutes: int = 0  # rounded down to the unit
    overtime_kind: OvertimeKind | None = None  # None when overtime_minutes is 0


def round_down(minutes: int, unit_minutes: int) -> int:
    """minutes rounded down to a whole number of units (unit 30: 59 -> 30, 60 -> 60)."""
    if unit_minutes <= 0:
        raise ValueError("the overtime unit must be at least one minute")
    return max(0, minutes) // unit_minutes * unit_minutes


def _beyond_grace(minutes: int, grace: int) -> int:
    """Within the grace it is nothing; beyond it, all of it counts, from the shift's start or end."""
    return minutes if minutes > grace else 0


def derive_attendance_day(work_date: date, day_kind: DayKind, shift: Shift | None, punches: Iterable[datetime],
                          overtime_unit_minutes: int = DEFAULT_OVERTIME_UNIT_MINUTES,
                          early_overtime_approved: bool = False) -> AttendanceDay:
    """The attendance of one person on one work date, from all their punches assigned to it.

    Punches are plant-local, from every kiosk, in any order: they are sorted by time and what a
    kiosk guessed (IN/OUT) is ignored. The first is first_in, the last is last_out; punches in
    between (going out for lunch) change nothing; times are taken to the minute.

    Status, in this order: no punch is ABSENT on a working day, REST_DAY or HOLIDAY otherwise;
    a single punch (or punches all within 60 seconds) is MISSING_PUNCH, kept as first_in with
    nothing counted; on a rest day or holiday it is REST_DAY or HOLIDAY and every worked minute
    is overtime of that kind (RULES.md); on a working day, late beyond grace is LATE (with the
    early-leave minutes too, if any), an early leave alone is EARLY_LEAVE, else PRESENT. A
    working day without a shift counts presence as normal time, with no lateness or overtime.
    """
    if overtime_unit_minutes <= 0:
        raise ValueError("the overtime unit must be at least one minute")
    exact = sorted(_local(p) for p in punches)
    times = [p.replace(second=0, microsecond=0) for p in exact]
    window = shift_window(shift, work_date) if shift is not None else None
    planned = window.working_minutes(window.span) if window and day_kind is DayKind.WORKDAY else 0
    day = AttendanceDay(work_date, day_kind, Status.ABSENT, planned_minutes=planned)
    if not times:
        return replace(day, status=_NO_PUNCH_STATUS[day_kind])
    if is_duplicate(exact[0], exact[-1]):  # one scan caught by two kiosks is still one punch
        return replace(day, status=Status.MISSING_PUNCH, first_in=times[0])
    day = replace(day, first_in=times[0], last_out=times[-1])
    present = Span(times[0], times[-1])
    if day_kind is not DayKind.WORKDAY:
        return _day_off(day, present, window, overtime_unit_minutes)
    if window is None or shift is None:
        return replace(day, status=Status.PRESENT, worked_minutes=present.minutes, normal_minutes=present.minutes)
    return _working_day(day, present, window, shift, overtime_unit_minutes, early_overtime_approved)


def _day_off(day: AttendanceDay, present: Span, window: ShiftWindow | None, unit: int) -> AttendanceDay:
    """Rest-day or holiday work: all of it is overtime (art. 44), the shift's breaks taken off if it has one."""
    worked = window.working_minutes(present) if window else present.minutes
    overtime = round_down(worked, unit)
    holiday = day.day_kind is DayKind.HOLIDAY
    kind = OvertimeKind.HOLIDAY if holiday else OvertimeKind.REST_DAY
    return replace(day, status=Status.HOLIDAY if holiday else Status.REST_DAY, worked_minutes=worked,
                   overtime_minutes=overtime, overtime_kind=kind if overtime else None)


def _working_day(day: AttendanceDay, present: Span, window: ShiftWindow, shift: Shift, unit: int,
                 early_approved: bool) -> AttendanceDay:
    """Working-day overtime starts at the end of the shift; arriving early counts only if approved (RULES.md).

    Late and early-leave minutes are the shift's working minutes missed (breaks not counted).
    """
    counted = Span(present.start if early_approved else max(present.start, window.start), present.end)
    inside = Span(max(present.start, window.start), min(present.end, window.end))
    after = Span(max(present.start, window.end), present.end).minutes
    before = Span(present.start, min(present.end, window.start)).minutes if early_approved else 0
    late = window.working_minutes(Span(window.start, min(present.start, window.end)))
    early = window.working_minutes(Span(max(present.end, window.start), window.end))
    late = _beyond_grace(late, shift.grace_late_minutes)
    early = _beyond_grace(early, shift.grace_early_minutes)
    overtime = round_down(after + before, unit)
    status = Status.LATE if late else Status.EARLY_LEAVE if early else Status.PRESENT
    return replace(day, status=status, worked_minutes=window.working_minutes(counted),
                   normal_minutes=window.working_minutes(inside), late_minutes=late, early_leave_minutes=early,
                   overtime_minutes=overtime, overtime_kind=OvertimeKind.WORKDAY if overtime else None)


def exceeds_daily_overtime(overtime_minutes: int, limit_minutes: int = DAILY_OVERTIME_LIMIT_MINUTES) -> bool:
    """More than 3 hours of overtime in a day (Labour Law art. 41: 1 hour normally, 3 for special reasons)."""
    return overtime_minutes > limit_minutes


def monthly_overtime_minutes(days: Iterable[AttendanceDay]) -> int:
    """A month's overtime of every kind: rest-day and holiday hours count toward the 36 too (RULES.md)."""
    return sum(day.overtime_minutes for day in days)


def monthly_overtime_flag(total_overtime_minutes: int,
                          limit_minutes: int = MONTHLY_OVERTIME_LIMIT_MINUTES) -> bool:
    """Over 36 hours of overtime in a month (Labour Law art. 41); exactly 36 hours is not flagged."""
    return total_overtime_minutes > limit_minutes


def minutes_late(shift: Shift, work_date: date, first_in: datetime) -> int:
    """Lateness as derive_attendance_day counts it, from the first punch alone: for a day still going on."""
    window = shift_window(shift, work_date)
    first_in = _local(first_in).replace(second=0, microsecond=0)
    late = window.working_minutes(Span(window.start, min(first_in, window.end)))
    return _beyond_grace(late, shift.grace_late_minutes)
