"""The roster planner's problem and its hard rules, pure (RULES.md, "Who may be hired" and "Working time and overtime").

Times are the plant's wall clock: a shift on day d starts at d + start and lasts `minutes` (crossing midnight when
end <= start); every duration is whole minutes. Overtime here is planned overtime: on a working day the minutes of a
shift beyond 8 hours, on a rest day or holiday the whole shift (it counts toward the 36 hours, Labour Law art. 41).
`violations` is the one judge of a plan: the solver's plans, a hand edit and the benchmark all go through it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction


def N_(s: str) -> str:
    return s  # marks a message for translation


STANDARD_DAY_MINUTES = 8 * 60  # Labour Law art. 36
DAILY_OVERTIME_LIMIT = 3 * 60  # Labour Law art. 41, "for special reasons"
MONTHLY_OVERTIME_LIMIT = 36 * 60  # Labour Law art. 41; rest-day and holiday hours count
MINIMUM_REST = 11 * 60  # plant setting planning_minimum_rest_minutes
EARLIER_DAYS = 6  # days before a period whose shifts count for the rest in 7 and the minimum rest
NIGHT_START, NIGHT_END = time(22, 0), time(6, 0)  # minors may not work between these (Provisions on Minor Workers)
WORKDAY, REST, HOLIDAY = "workday", "rest", "holiday"
OVERTIME_RATE_PERCENT = {WORKDAY: 150, REST: 200, HOLIDAY: 300}  # Labour Law art. 44

QUALIFIED = N_("qualification and a valid certificate for the operation")
MINOR_POST = N_("minors never on posts banned for minors")
MINOR_NIGHT = N_("minors never on night shifts")
UNAVAILABLE = N_("not available that day")
ONE_POST = N_("one line and one shift a day")
REST_IN_7 = N_("at least one rest day in 7")
MIN_REST = N_("minimum rest between shifts")
DAY_OVERTIME = N_("at most 3 hours of overtime a day")
MONTH_OVERTIME = N_("at most 36 hours of overtime a month")


@dataclass(frozen=True)
class ShiftSpec:
    code: str
    start: time
    end: time  # end <= start: crosses midnight
    minutes: int  # planned working minutes (breaks taken off)

    def window(self, day: date) -> tuple[datetime, datetime]:
        start = datetime.combine(day, self.start)
        end = datetime.combine(day, self.end)
        return start, end + timedelta(days=1) if end <= start else end

    @property
    def night(self) -> bool:
        """Any minute between 22:00 and 06:00 (checked on a two-day clock)."""
        start, end = self.window(date(2000, 1, 1))
        for base in (date(1999, 12, 31), date(2000, 1, 1)):
            night_start = datetime.combine(base, NIGHT_START)
            night_end = datetime.combine(base + timedelta(days=1), NIGHT_END)
            if start < night_end and night_start < end:
                return True
        return False


@dataclass(frozen=True)
class Operation:
    code: str
    name: str
    banned_for_minors: bool = False


@dataclass(frozen=True)
class Worker:
    id: int
    name: str
    qualified: dict[str, tuple[date | None, date | None]]  # operation code -> valid from/until (inclusive)
    adult_from: date | None = None  # the 18th birthday; None: an adult (or no birth date known)
    lines: frozenset[str] = frozenset()  # lines the worker may be put on; empty: any
    prefers: frozenset[str] = frozenset()  # shift codes the worker asked for; empty: no preference
    days_off: frozenset[int] = frozenset()  # weekdays (Monday 0) the worker asked to have off; a soft goal

    def minor_on(self, day: date) -> bool:
        return self.adult_from is not None and day < self.adult_from

    def qualified_on(self, operation: str, day: date) -> bool:
        window = self.qualified.get(operation)
        return (
            window is not None and (window[0] is None or window[0] <= day) and (window[1] is None or day <= window[1])
        )


@dataclass(frozen=True)
class Unavailable:
    """The worker cannot be planned that day: approved leave, a scheduled absence (reason shown in gaps)."""

    employee_id: int
    day: date
    reason: str


@dataclass(frozen=True)
class Demand:
    line: str
    shift: str
    day: date
    operation: str
    people: int


@dataclass(frozen=True)
class Assignment:
    employee_id: int
    day: date
    shift: str
    line: str
    operation: str


@dataclass(frozen=True)
class Weights:
    """Soft goals, per unit (plant setting planning_weights): coverage dominates the rest."""

    cover: int = 1000  # per position filled
    keep: int = 30  # per published assignment kept on re-planning
    stable: int = 10  # per extra shift kind a worker works in a week
    fair: int = 5  # per night or weekend shift above the fewest anyone does
    preference: int = 4  # per shift against the worker's stated preference
    overtime: int = 1  # per hour of overtime, times the pay rate / 100


@dataclass
class Problem:
    days: list[date]
    shifts: dict[str, ShiftSpec]
    operations: dict[str, Operation]
    workers: list[Worker]
    demand: list[Demand]
    day_kinds: dict[date, str] = field(default_factory=dict)  # missing: workday Mon-Fri, rest Sat/Sun
    unavailable: list[Unavailable] = field(default_factory=list)
    overtime_done: dict[tuple[int, tuple[int, int]], int] = field(default_factory=dict)  # (worker, (y, m)) -> min
    minimum_rest: int = MINIMUM_REST
    weights: Weights = field(default_factory=Weights)
    previous: list[Assignment] = field(default_factory=list)  # the published plan, kept where it still fits
    # worker -> day -> shift code on the EARLIER_DAYS before the period (the schedule already published): the rest
    # in 7 days and the minimum rest hold across the period's start
    earlier: dict[int, dict[date, str]] = field(default_factory=dict)

    @property
    def span(self) -> list[date]:
        """The period with the EARLIER_DAYS before it: the days a rest-in-7 window may cover."""
        if not self.days:
            return []
        return [self.days[0] - timedelta(days=n) for n in range(EARLIER_DAYS, 0, -1)] + list(self.days)

    def rest_after_earlier(self, employee_id: int, day: date, shift: str) -> bool:
        """True when the shift would start sooner than the minimum rest after a shift worked before the period."""
        start = self.shifts[shift].window(day)[0]
        for other_day, other in self.earlier.get(employee_id, {}).items():
            if other in self.shifts and (start - self.shifts[other].window(other_day)[1]) < timedelta(
                minutes=self.minimum_rest
            ):
                return True
        return False

    def kind(self, day: date) -> str:
        return self.day_kinds.get(day) or (REST if day.weekday() >= 5 else WORKDAY)

    def overtime(self, shift: str, day: date) -> int:
        minutes = self.shifts[shift].minutes
        return max(0, minutes - STANDARD_DAY_MINUTES) if self.kind(day) == WORKDAY else minutes

    def away(self) -> dict[tuple[int, date], str]:
        return {(item.employee_id, item.day): item.reason for item in self.unavailable}

    def worker(self, employee_id: int) -> Worker | None:
        return next((item for item in self.workers if item.id == employee_id), None)


@dataclass(frozen=True)
class Violation:
    rule: str
    employee_id: int
    day: date
    detail: str = ""


def post_rule(
    problem: Problem,
    worker: Worker,
    day: date,
    shift: str,
    line: str,
    operation: str,
    away: dict[tuple[int, date], str],
) -> str | None:
    """The first rule that keeps this worker off this one post, looked at alone; None: it may be planned."""
    if not worker.qualified_on(operation, day) or (worker.lines and line not in worker.lines):
        return QUALIFIED
    if worker.minor_on(day) and problem.operations.get(operation, Operation(operation, operation)).banned_for_minors:
        return MINOR_POST
    if worker.minor_on(day) and problem.shifts[shift].night:
        return MINOR_NIGHT
    if (worker.id, day) in away:
        return UNAVAILABLE
    if problem.rest_after_earlier(worker.id, day, shift):
        return MIN_REST
    if problem.kind(day) == WORKDAY and problem.overtime(shift, day) > DAILY_OVERTIME_LIMIT:
        return DAY_OVERTIME
    return None


def violations(problem: Problem, plan: Iterable[Assignment]) -> list[Violation]:
    """Every hard rule the plan breaks, per worker and day; an empty list is a lawful plan."""
    away, found = problem.away(), []
    by_worker: dict[int, list[Assignment]] = defaultdict(list)
    for item in plan:
        by_worker[item.employee_id].append(item)
    for employee_id, items in by_worker.items():
        worker = problem.worker(employee_id)
        if worker is None:
            found += [Violation(QUALIFIED, employee_id, item.day) for item in items]
            continue
        for item in items:
            rule = post_rule(problem, worker, item.day, item.shift, item.line, item.operation, away)
            if rule:
                found.append(Violation(rule, employee_id, item.day, item.operation))
        found += _time_violations(problem, worker, sorted(items, key=lambda item: (item.day, item.shift)))
    return found


def _time_violations(problem: Problem, worker: Worker, items: list[Assignment]) -> list[Violation]:
    found = [Violation(ONE_POST, worker.id, b.day) for a, b in zip(items, items[1:]) if a.day == b.day]
    windows = [problem.shifts[item.shift].window(item.day) for item in items]
    for (a, (_, end)), (b, (start, _)) in zip(zip(items, windows), zip(items[1:], windows[1:])):
        if a.day != b.day and (start - end).total_seconds() / 60 < problem.minimum_rest:
            found.append(Violation(MIN_REST, worker.id, b.day, f"{end:%H:%M} → {start:%H:%M}"))
    worked = {item.day for item in items} | set(problem.earlier.get(worker.id, {}))
    span = problem.span
    for first in range(len(span) - 6):
        window = span[first : first + 7]
        if window[-1] >= problem.days[0] and all(day in worked for day in window):
            found.append(Violation(REST_IN_7, worker.id, window[-1]))
    month: dict[tuple[int, int], int] = defaultdict(int)
    for item in items:
        month[(item.day.year, item.day.month)] += problem.overtime(item.shift, item.day)
    for key, minutes in month.items():
        if minutes + problem.overtime_done.get((worker.id, key), 0) > MONTHLY_OVERTIME_LIMIT:
            found.append(Violation(MONTH_OVERTIME, worker.id, date(key[0], key[1], 1), f"{minutes} min"))
    return found


def edit_violations(
    problem: Problem, plan: list[Assignment], edit: Assignment | None, employee_id: int, day: date
) -> tuple[list[Assignment], list[Violation]]:
    """The plan with the worker's post that day replaced by `edit` (None: a day off), and the rules it breaks."""
    kept = [item for item in plan if not (item.employee_id == employee_id and item.day == day)]
    changed = kept + ([edit] if edit else [])
    mine = [item for item in changed if item.employee_id == employee_id]
    return changed, violations(problem, mine)


def heads_needed(loads: Iterable[tuple[int, int]], shift_minutes: int) -> int:
    """People an operation needs on one shift to make the planned output at standard pace.

    `loads`: (planned pieces, standard pieces an hour per person) for each work order of the line that runs the
    operation on that shift. One person makes standard × shift_minutes / 60 pieces in the shift (the planned
    working minutes, breaks taken off); the orders' shares of a person are added exactly and the sum rounded up
    once, so two orders needing 1.5 and 0.5 people take 2, not 3. A load without a standard (0) or pieces adds
    nothing. Example: 1,200 housings at 50 an hour on an 8-hour shift = 3 people; at 70 an hour = 2.14 → 3.
    """
    if shift_minutes <= 0:
        return 0
    share = sum(
        (Fraction(pieces * 60, standard * shift_minutes) for pieces, standard in loads if pieces > 0 and standard > 0),
        Fraction(0),
    )
    return math.ceil(share)
