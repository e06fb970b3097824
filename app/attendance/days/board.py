"""Today's board: who is in, late, absent or not due yet, by department; read-only, a few queries a poll.

Today is the plant's work date: a night shift that started yesterday evening is yesterday's.
Punches are placed on work dates exactly as attendance days place them (assign_work_date).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.attendance import rules
from app.attendance.days.compute import PersonDays, people, punches
from app.attendance.schedule.roster import DayPlan, load_roster
from app.timeutil import utcnow

PRESENT, LATE, ABSENT, EXPECTED, OFF = "present", "late", "absent", "expected", "off"
STATES = (PRESENT, LATE, ABSENT, EXPECTED, OFF)


@dataclass(frozen=True)
class BoardEntry:
    employee_id: int
    employee_code: str
    name: str
    state: str
    shift_label: str = ""
    first_in: datetime | None = None  # UTC
    late_minutes: int = 0


@dataclass
class BoardDepartment:
    name: str
    entries: list[BoardEntry] = field(default_factory=list)

    def of(self, state: str) -> list[BoardEntry]:
        return [entry for entry in self.entries if entry.state == state]

    @property
    def counts(self) -> dict[str, int]:
        return {state: len(self.of(state)) for state in STATES}


@dataclass(frozen=True)
class Board:
    work_date: date
    as_of: datetime  # UTC
    departments: list[BoardDepartment]

    @property
    def totals(self) -> dict[str, int]:
        return {state: sum(d.counts[state] for d in self.departments) for state in STATES}


def board_state(plan: DayPlan, work_date: date, first_in: datetime | None, now: datetime) -> tuple[str, int]:
    """(state, late minutes) of one person now (plant-local times): late is judged like attendance days."""
    if first_in is not None:
        if plan.kind is rules.DayKind.WORKDAY and plan.shift is not None:
            late = rules.minutes_late(plan.shift.shape, work_date, first_in)
            return (LATE, late) if late else (PRESENT, 0)
        return PRESENT, 0
    if plan.kind is not rules.DayKind.WORKDAY:
        return OFF, 0
    if plan.shift is None:
        return EXPECTED, 0
    window = rules.shift_window(plan.shift.shape, work_date)
    due = window.start + timedelta(minutes=plan.shift.shape.grace_late_minutes)
    return (ABSENT, 0) if now > due else (EXPECTED, 0)


async def today_board(zone: ZoneInfo, now: datetime | None = None) -> Board:
    """The board for the plant's current work date (now: aware; default the clock)."""
    now = now or utcnow()
    local_now = rules.to_plant_local(now, zone)
    today = local_now.date()
    found = await people(None, today, today)
    roster = await load_roster(None, today - timedelta(days=1), today + timedelta(days=1))
    times = await punches(None, today, today, zone)
    departments: dict[str, BoardDepartment] = {}
    for person in found:
        person_days = PersonDays(person, roster, [at for at in times.get(person.id, []) if at <= local_now])
        plan, todays = person_days.plan(today), person_days.by_date.get(today, [])
        first_in = min(todays) if todays else None
        state, late = board_state(plan, today, first_in, local_now)
        entry = BoardEntry(
            person.id,
            person.code,
            person.name,
            state,
            plan.shift.label if plan.shift else "",
            rules.plant_local_to_utc(first_in, zone) if first_in else None,
            late,
        )
        departments.setdefault(person.department_name, BoardDepartment(person.department_name)).entries.append(entry)
    return Board(today, now, sorted(departments.values(), key=lambda item: (item.name == "", item.name)))
