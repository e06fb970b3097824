"""Parsing the shift, pattern, override, calendar and correction forms and the calendar CSV (pure).

A form parser returns the checked value or raises Refused naming every bad field at once.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.attendance import rules
from app.errors import Refused
from app.forms import parse_date, parse_int  # noqa: F401  the one date parser; attendance's callers import it from here
from app.i18n import N_

MAX_GRACE_MINUTES = 120
CALENDAR_KIND_WORDS = {
    "holiday": "holiday",
    "法定节假日": "holiday",
    "节假日": "holiday",
    "法定假日": "holiday",
    "rest": "rest",
    "rest_day": "rest",
    "休息日": "rest",
    "休息": "rest",
    "放假": "rest",
    "workday": "workday",
    "working_day": "workday",
    "上班": "workday",
    "补班": "workday",
    "调休上班": "workday",
}
_BREAK = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–~至]\s*(\d{1,2}:\d{2})\s*$")


@dataclass(frozen=True)
class ShiftInput:
    code: str
    name: str
    start: time
    end: time
    breaks: tuple[tuple[time, time], ...]
    grace_late_minutes: int
    grace_early_minutes: int

    @property
    def breaks_json(self) -> list[list[str]]:
        return [[f"{start:%H:%M}", f"{end:%H:%M}"] for start, end in self.breaks]


@dataclass(frozen=True)
class PatternInput:
    department_id: int | None
    employee_code: str
    week: tuple[int | None, ...]  # Monday first; None: a rest day
    effective_from: date


@dataclass(frozen=True)
class OverrideInput:
    employee_code: str
    work_date: date
    shift_id: int | None  # None: a day off


@dataclass(frozen=True)
class CorrectionInput:
    employee_id: int
    at: datetime  # plant-local, naive
    direction: str  # in | out
    reason: str


@dataclass(frozen=True)
class CalendarInput:
    day: date
    kind: str  # holiday | rest | workday (CalendarDay.kind)
    name: str


def clock(text: str) -> time | None:
    try:
        return time.fromisoformat(text.strip().zfill(5)) if text.strip() else None
    except ValueError:
        return None


def _minutes(values: dict[str, str], name: str, errors: dict[str, str]) -> int:
    minutes = parse_int(values.get(name, "").strip() or "0")
    if minutes is None or minutes > MAX_GRACE_MINUTES:
        errors[name] = N_("Enter whole minutes from 0 to 120.")
        return 0
    return minutes


def parse_breaks(text: str) -> tuple[tuple[time, time], ...] | None:
    """'12:00-13:00, 18:00-18:30' (commas, semicolons or new lines between breaks); None when unreadable."""
    found = []
    for part in re.split(r"[,，;；\n]", text):
        if not part.strip():
            continue
        match = _BREAK.match(part)
        start, end = (clock(match.group(1)), clock(match.group(2))) if match else (None, None)
        if start is None or end is None:
            return None
        found.append((start, end))
    return tuple(found)


def parse_shift(values: dict[str, str]) -> ShiftInput:
    errors: dict[str, str] = {}
    code = values.get("code", "").strip().upper()
    if not code or len(code) > 20:
        errors["code"] = N_("A shift code has 1 to 20 characters.")
    name = values.get("name", "").strip()
    if not name or len(name) > 40:
        errors["name"] = N_("A shift name has 1 to 40 characters.")
    start, end = clock(values.get("start", "")), clock(values.get("end", ""))
    for field, value in (("start", start), ("end", end)):
        if value is None:
            errors[field] = N_("Enter a time as HH:MM.")
    breaks = parse_breaks(values.get("breaks", ""))
    if breaks is None:
        errors["breaks"] = N_("Write breaks as 12:00-13:00, separated by commas.")
    late, early = _minutes(values, "grace_late_minutes", errors), _minutes(values, "grace_early_minutes", errors)
    if errors:
        raise Refused.fields(errors)
    try:
        rules.Shift(start, end, breaks, late, early)
    except ValueError:
        raise Refused(N_("Breaks must lie inside the shift without overlapping."), field="breaks") from None
    return ShiftInput(code, name, start, end, breaks, late, early)


def _optional_id(text: str) -> int | None:
    return parse_int(text)


def parse_pattern(values: dict[str, str], shift_ids: set[int]) -> PatternInput:
    """A department or one employee (by code), a shift or rest for each weekday, and the first day it applies."""
    errors: dict[str, str] = {}
    department_id = _optional_id(values.get("department_id", ""))
    employee_code = values.get("employee_code", "").strip().upper()
    if (department_id is None) == (not employee_code):
        errors["department_id"] = N_("Choose a department or enter one employee code, not both.")
    week = tuple(_optional_id(values.get(f"day{number}", "")) for number in range(7))
    if any(item is not None and item not in shift_ids for item in week):
        errors["day0"] = N_("Choose shifts from the list.")
    effective_from = parse_date(values.get("effective_from", ""))
    if effective_from is None:
        errors["effective_from"] = N_("Enter a date as YYYY-MM-DD.")
    if errors:
        raise Refused.fields(errors)
    return PatternInput(department_id, employee_code, week, effective_from)


def parse_override(values: dict[str, str], shift_ids: set[int]) -> OverrideInput:
    errors: dict[str, str] = {}
    employee_code = values.get("employee_code", "").strip().upper()
    if not employee_code:
        errors["employee_code"] = N_("Enter the employee code.")
    work_date = parse_date(values.get("work_date", ""))
    if work_date is None:
        errors["work_date"] = N_("Enter a date as YYYY-MM-DD.")
    shift_id = _optional_id(values.get("shift_id", ""))
    if shift_id is not None and shift_id not in shift_ids:
        errors["shift_id"] = N_("Choose shifts from the list.")
    if errors:
        raise Refused.fields(errors)
    return OverrideInput(employee_code, work_date, shift_id)


def parse_calendar_day(values: dict[str, str]) -> CalendarInput:
    errors: dict[str, str] = {}
    day = parse_date(values.get("day", ""))
    if day is None:
        errors["day"] = N_("Enter a date as YYYY-MM-DD.")
    kind = CALENDAR_KIND_WORDS.get(values.get("kind", "").strip().lower())
    if kind is None:
        errors["kind"] = N_("The kind is holiday, rest or workday.")
    name = values.get("name", "").strip()
    if len(name) > 40:
        errors["name"] = N_("A name has at most 40 characters.")
    if errors:
        raise Refused.fields(errors)
    return CalendarInput(day, kind, name)


def parse_calendar_csv(content: bytes) -> tuple[list[CalendarInput], list[tuple[int, str]]]:
    """Rows of date,kind,name (a header row is optional; UTF-8 with or without BOM, or GB18030 from Excel).

    Returns the days and (line, message) problems; a file with any problem is refused whole.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("gb18030", errors="replace")
    days: list[CalendarInput] = []
    problems: list[tuple[int, str]] = []
    seen: set[date] = set()
    for line, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row] + ["", "", ""]
        if (
            not any(cells)
            or cells[0].startswith("#")
            or (line == 1 and parse_date(cells[0]) is None and cells[0].lower() in ("date", "日期"))
        ):
            continue
        try:
            parsed = parse_calendar_day({"day": cells[0], "kind": cells[1], "name": cells[2]})
            if parsed.day in seen:
                raise Refused(N_("This date is in the file twice."), field="day")
        except Refused as refused:
            problems.extend((line, message) for message, _ in refused.messages.values())
            continue
        seen.add(parsed.day)
        days.append(parsed)
    if not days and not problems:
        problems.append((0, N_("The file holds no dates.")))
    return days, problems


_DATE = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
_NOTICE_LINE = re.compile(rf"^({_DATE})(?:\s*(?:~|～|\.\.|至|到)\s*({_DATE}))?\s+(\S+)(?:\s+(.*))?$")
MAX_NOTICE_RANGE_DAYS = 31


def parse_notice(text: str) -> tuple[list[CalendarInput], list[tuple[int, str]]]:
    """Lines typed from the State Council's notice: `DATE[~DATE] KIND NAME` (a range: every day in it; kind:
    holiday, rest or workday, in English or Chinese). A later line wins for a date, so a holiday range can
    be written as its days off and then the statutory days. Returns the days in date order and (line,
    message) problems; any problem refuses the whole text."""
    chosen: dict[date, CalendarInput] = {}
    problems: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        found = _NOTICE_LINE.match(line)
        first = parse_date(found.group(1)) if found else None
        last = parse_date(found.group(2)) if found and found.group(2) else first
        if first is None or last is None:
            problems.append((number, N_("Write a date or a range (2027-02-05~2027-02-11), a kind and a name.")))
            continue
        if not 0 <= (last - first).days < MAX_NOTICE_RANGE_DAYS:
            problems.append((number, N_("A range runs forward and covers at most 31 days.")))
            continue
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            try:
                chosen[day] = parse_calendar_day(
                    {"day": day.isoformat(), "kind": found.group(3), "name": found.group(4) or ""}
                )
            except Refused as refused:
                problems.extend((number, message) for message, _ in refused.messages.values())
                break
    if not chosen and not problems:
        problems.append((0, N_("The text holds no dates.")))
    return [chosen[day] for day in sorted(chosen)], problems


def parse_correction(values: dict[str, str], now: datetime) -> CorrectionInput:
    """A missing punch: whose, when (plant-local date and time, not in the future), in or out, and why."""
    errors: dict[str, str] = {}
    employee_id = _optional_id(values.get("employee_id", ""))
    if employee_id is None:
        errors["employee_id"] = N_("Choose an employee from the list.")
    day, at_clock = parse_date(values.get("date", "")), clock(values.get("time", ""))
    if day is None:
        errors["date"] = N_("Enter a date as YYYY-MM-DD.")
    if at_clock is None:
        errors["time"] = N_("Enter a time as HH:MM.")
    elif day is not None and datetime.combine(day, at_clock) > now:
        errors["time"] = N_("A correction cannot be in the future.")
    direction = values.get("direction", "")
    if direction not in ("in", "out"):
        errors["direction"] = N_("Choose clock-in or clock-out.")
    reason = values.get("reason", "").strip()
    if not reason or len(reason) > 200:
        errors["reason"] = N_("Say why the punch is missing, in at most 200 characters.")
    if errors:
        raise Refused.fields(errors)
    return CorrectionInput(employee_id, datetime.combine(day, at_clock), direction, reason)
