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

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from app.attendance.shapes import (  # noqa: F401  the shapes live there; callers keep using rules.X
    DayKind,
    Direction,
    OvertimeKind,
    Shift,
    ShiftWindow,
    Span,
    Status,
    planned_minutes,
    shift_window,
)


def N_(s: str) -> str:
    return s  # marks a message for translation


REACH_MINUTES = 6 * 60  # a punch belongs to a shift when it is this close to the shift's window
MAX_OPEN_MINUTES = 16 * 60  # without a shift, an IN older than this was a forgotten OUT
DUPLICATE_WINDOW_SECONDS = 60
DEFAULT_OVERTIME_UNIT_MINUTES = 30
DAILY_OVERTIME_LIMIT_MINUTES = 3 * 60  # Labour Law art. 41, "for special reasons"
MONTHLY_OVERTIME_LIMIT_MINUTES = 36 * 60  # Labour Law art. 41
DEFAULT_WEEKLY_REST_DAYS = frozenset({6, 7})  # ISO weekdays: Saturday and Sunday


_NO_PUNCH_STATUS = {DayKind.WORKDAY: Status.ABSENT, DayKind.REST_DAY: Status.REST_DAY, DayKind.HOLIDAY: Status.HOLIDAY}


def to_plant_local(moment: datetime, tz: tzinfo) -> datetime:
    """A stored moment (aware; a naive one is taken as UTC, as SQLite returns it) as naive plant-local time."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(tz).replace(tzinfo=None)


def plant_local_to_utc(local: datetime, tz: tzinfo) -> datetime:
    """A naive plant-local time as an aware UTC datetime, for storing or querying."""
    return _local(local).replace(tzinfo=tz).astimezone(UTC)


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        raise ValueError("attendance rules take naive plant-local times: convert with to_plant_local")
    return moment


def day_kind(
    day: date,
    weekly_rest_days: Iterable[int] = DEFAULT_WEEKLY_REST_DAYS,
    calendar_overrides: Mapping[date, DayKind] | None = None,
) -> DayKind:
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


def next_punch_direction(
    last: LastPunch | None,
    now: datetime,
    window: ShiftWindow | None,
    *,
    reach_minutes: int = REACH_MINUTES,
    max_open_minutes: int = MAX_OPEN_MINUTES,
) -> Direction:
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


def assign_work_date(at: datetime, shifts: Mapping[date, Shift | None], *, reach_minutes: int = REACH_MINUTES) -> date:
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
    overtime_kind: OvertimeKind | None = None  # the kind of most of the overtime; None when overtime_minutes is 0
    overtime_parts: tuple[tuple[OvertimeKind, int], ...] = ()  # overtime by kind, each rounded; sums to overtime


def round_down(minutes: int, unit_minutes: int) -> int:
    """minutes rounded down to a whole number of units (unit 30: 59 -> 30, 60 -> 60)."""
    if unit_minutes <= 0:
        raise ValueError("the overtime unit must be at least one minute")
    return max(0, minutes) // unit_minutes * unit_minutes


def _beyond_grace(minutes: int, grace: int) -> int:
    """Within the grace it is nothing; beyond it, all of it counts, from the shift's start or end."""
    return minutes if minutes > grace else 0


def distinct_punches(punches: Iterable[datetime], window_s: int = DUPLICATE_WINDOW_SECONDS) -> list[datetime]:
    """Punches in time order with the double scans dropped: one within 60 seconds of the punch kept before it
    (one scan caught by two kiosks, or a badge shown twice) is the same punch (is_duplicate)."""
    kept: list[datetime] = []
    for moment in sorted(_local(p) for p in punches):
        if not kept or not is_duplicate(kept[-1], moment, window_s):
            kept.append(moment)
    return kept


def punch_pairs(times: list[datetime]) -> list[Span]:
    """In→out pairs of distinct punches in time order: the 1st with the 2nd, the 3rd with the 4th…; an odd
    last punch is unpaired (RULES.md: every pair of punches counts, the time between pairs is not work)."""
    return [Span(times[n], times[n + 1]) for n in range(0, len(times) - 1, 2)]


@dataclass(frozen=True)
class _Tally:
    """Minutes of a set of pairs: worked (breaks off), normal (inside the shift on a working day), overtime
    before rounding. Each is a sum over time, so the tally of a part is the whole's less the other part's."""

    worked: int = 0
    normal: int = 0
    overtime: int = 0

    def __sub__(self, other: _Tally) -> _Tally:
        return _Tally(self.worked - other.worked, self.normal - other.normal, self.overtime - other.overtime)


def _tally(pairs: list[Span], day_kind: DayKind, window: ShiftWindow | None, early_approved: bool) -> _Tally:
    if day_kind is not DayKind.WORKDAY:  # rest-day or holiday work: all of it is overtime (art. 44)
        worked = sum(window.working_minutes(p) if window else p.minutes for p in pairs)
        return _Tally(worked, 0, worked)
    if window is None:  # a working day without a shift counts presence as normal time
        worked = sum(p.minutes for p in pairs)
        return _Tally(worked, worked, 0)
    counted = sum(
        window.working_minutes(Span(p.start if early_approved else max(p.start, window.start), p.end)) for p in pairs
    )
    inside = sum(window.working_minutes(Span(max(p.start, window.start), min(p.end, window.end))) for p in pairs)
    after = sum(Span(max(p.start, window.end), p.end).minutes for p in pairs)
    before = sum(Span(p.start, min(p.end, window.start)).minutes for p in pairs) if early_approved else 0
    return _Tally(counted, inside, after + before)


def _from(pairs: list[Span], moment: datetime) -> list[Span]:
    """The parts of the pairs at or after moment."""
    return [Span(max(p.start, moment), p.end) for p in pairs if p.end > moment]


_OVERTIME_OF = {
    DayKind.WORKDAY: OvertimeKind.WORKDAY,
    DayKind.REST_DAY: OvertimeKind.REST_DAY,
    DayKind.HOLIDAY: OvertimeKind.HOLIDAY,
}


def _split_at_midnight(
    work_date: date,
    day_kind: DayKind,
    next_day_kind: DayKind | None,
    pairs: list[Span],
    tally: Callable[[list[Span]], _Tally],
) -> tuple[int, dict[OvertimeKind, int]]:
    """Normal minutes and unrounded overtime by kind. Work after 00:00 follows the calendar day it falls on when
    exactly one of the two days is a statutory holiday (RULES.md): on the holiday it is holiday hours (300%),
    normal shift time included; after a holiday it is overtime of the next day's kind (a rest day 200%, a
    working day 150%: the holiday's shift was not the working day's own)."""
    whole = tally(pairs)
    holiday_now, holiday_next = day_kind is DayKind.HOLIDAY, next_day_kind is DayKind.HOLIDAY
    if next_day_kind is None or holiday_now == holiday_next:
        return whole.normal, {_OVERTIME_OF[day_kind]: whole.overtime}
    after = tally(_from(pairs, datetime.combine(work_date + timedelta(days=1), time())))
    before = whole - after
    parts = {_OVERTIME_OF[day_kind]: before.overtime}
    if holiday_next:
        parts[OvertimeKind.HOLIDAY] = after.normal + after.overtime
    else:
        parts[_OVERTIME_OF[next_day_kind]] = parts.get(_OVERTIME_OF[next_day_kind], 0) + after.overtime
    return before.normal, parts


def derive_attendance_day(
    work_date: date,
    day_kind: DayKind,
    shift: Shift | None,
    punches: Iterable[datetime],
    overtime_unit_minutes: int = DEFAULT_OVERTIME_UNIT_MINUTES,
    early_overtime_approved: bool = False,
    next_day_kind: DayKind | None = None,
) -> AttendanceDay:
    """The attendance of one person on one work date, from all their punches assigned to it.

    Punches are plant-local, from every kiosk, in any order: they are sorted by time, double scans
    dropped (distinct_punches) and what a kiosk guessed (IN/OUT) is ignored; times are taken to the
    minute. Worked time is the sum of the in→out pairs (punch_pairs): an hour out is neither work
    nor overtime. The first punch is first_in, the last last_out; lateness runs from the first,
    early leave to the end of the last pair.

    Status, in this order: no punch is ABSENT on a working day, REST_DAY or HOLIDAY otherwise; a
    single punch (or punches all within 60 seconds) is MISSING_PUNCH with nothing counted, and so
    is any unpaired punch, with the pairs before it counted; on a rest day or holiday it is REST_DAY
    or HOLIDAY and every worked minute is overtime of that kind (RULES.md); on a working day, late
    beyond grace is LATE, an early leave alone is EARLY_LEAVE, else PRESENT. A working day without a
    shift counts presence as normal time. next_day_kind (the kind of the next calendar day) splits a
    shift across midnight into or out of a statutory holiday (_split_at_midnight); each overtime
    kind rounds down to the unit on its own.
    """
    if overtime_unit_minutes <= 0:
        raise ValueError("the overtime unit must be at least one minute")
    times = [p.replace(second=0, microsecond=0) for p in distinct_punches(punches)]
    window = shift_window(shift, work_date) if shift is not None else None
    planned = window.working_minutes(window.span) if window and day_kind is DayKind.WORKDAY else 0
    day = AttendanceDay(work_date, day_kind, Status.ABSENT, planned_minutes=planned)
    if not times:
        return replace(day, status=_NO_PUNCH_STATUS[day_kind])
    pairs = punch_pairs(times)
    day = replace(day, first_in=times[0], last_out=times[-1] if pairs else None)
    if not pairs:
        return replace(day, status=Status.MISSING_PUNCH)
    worked = _tally(pairs, day_kind, window, early_overtime_approved).worked
    normal, raw = _split_at_midnight(
        work_date, day_kind, next_day_kind, pairs, lambda some: _tally(some, day_kind, window, early_overtime_approved)
    )
    parts = tuple(
        (kind, minutes)
        for kind, minutes in ((k, round_down(m, overtime_unit_minutes)) for k, m in raw.items())
        if minutes
    )
    overtime = sum(minutes for _, minutes in parts)
    main = max(parts, key=lambda part: part[1])[0] if parts else None
    day = replace(
        day,
        worked_minutes=worked,
        normal_minutes=normal,
        overtime_minutes=overtime,
        overtime_kind=main,
        overtime_parts=parts,
        status=_NO_PUNCH_STATUS[day_kind],
    )
    if day_kind is DayKind.WORKDAY:
        day = _working_day(day, pairs, window, shift)
    return replace(day, status=Status.MISSING_PUNCH) if len(times) % 2 else day


def _working_day(
    day: AttendanceDay, pairs: list[Span], window: ShiftWindow | None, shift: Shift | None
) -> AttendanceDay:
    """Late and early-leave minutes are the shift's working minutes missed (breaks not counted), beyond grace."""
    if window is None or shift is None:
        return replace(day, status=Status.PRESENT)
    late = window.working_minutes(Span(window.start, min(pairs[0].start, window.end)))
    early = window.working_minutes(Span(max(pairs[-1].end, window.start), window.end))
    late = _beyond_grace(late, shift.grace_late_minutes)
    early = _beyond_grace(early, shift.grace_early_minutes)
    status = Status.LATE if late else Status.EARLY_LEAVE if early else Status.PRESENT
    return replace(day, status=status, late_minutes=late, early_leave_minutes=early)


def exceeds_daily_overtime(overtime_minutes: int, limit_minutes: int = DAILY_OVERTIME_LIMIT_MINUTES) -> bool:
    """More than 3 hours of overtime in a day (Labour Law art. 41: 1 hour normally, 3 for special reasons)."""
    return overtime_minutes > limit_minutes


def monthly_overtime_minutes(days: Iterable[AttendanceDay]) -> int:
    """A month's overtime of every kind: rest-day and holiday hours count toward the 36 too (RULES.md)."""
    return sum(day.overtime_minutes for day in days)


def monthly_overtime_flag(total_overtime_minutes: int, limit_minutes: int = MONTHLY_OVERTIME_LIMIT_MINUTES) -> bool:
    """Over 36 hours of overtime in a month (Labour Law art. 41); exactly 36 hours is not flagged."""
    return total_overtime_minutes > limit_minutes


def minutes_late(shift: Shift, work_date: date, first_in: datetime) -> int:
    """Lateness as derive_attendance_day counts it, from the first punch alone: for a day still going on."""
    window = shift_window(shift, work_date)
    first_in = _local(first_in).replace(second=0, microsecond=0)
    late = window.working_minutes(Span(window.start, min(first_in, window.end)))
    return _beyond_grace(late, shift.grace_late_minutes)
