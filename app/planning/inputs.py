"""The planner's Problem read from what floorhr knows: people, training, the attendance schedule and calendar."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from app.attendance import rules as attendance_rules
from app.attendance.schedule.roster import all_shifts, load_roster
from app.attendance.tables import AttendanceDay, CalendarDay
from app.db.values import json_value
from app.i18n import N_, gettext
from app.leave.tables import LeaveRequest
from app.people import plant_settings
from app.people.rules import birthday_in
from app.people.tables import Employee
from app.piecework.tables import Operation as OperationRow
from app.planning import rules
from app.planning.tables import DemandCell, PlanPreference
from app.timeutil import to_local
from app.training.tables import Certificate, PracticalSignoff

MINIMUM_REST_KEY = "planning_minimum_rest_minutes"
WEIGHTS_KEY = "planning_weights"
PLANNED_STATUSES = ("probation", "active")
NOT_EMPLOYED = N_("not employed that day")
ON_LEAVE = N_("on approved leave")
ANY_WORK = "*"  # a position any worker of the line may take: demand without a named operation
ANY_WORK_NAME = N_("Line work (no qualification needed)")


async def unavailable_days(employees: list[dict], first: date, last: date) -> list[rules.Unavailable]:
    """THE place that says who cannot be planned on which day, and why: days before the hire date or after the
    last day, and approved leave (a half day too: a shift is not planned in halves)."""
    found = []
    for row in employees:
        day = first
        while day <= last:
            if (row["hire_date"] and day < row["hire_date"]) or (row["last_day"] and day > row["last_day"]):
                found.append(rules.Unavailable(row["id"], day, NOT_EMPLOYED))
            day += timedelta(days=1)
    leave = (
        await LeaveRequest.select(LeaveRequest.employee, LeaveRequest.first_day, LeaveRequest.last_day)
        .where(
            (LeaveRequest.status == "approved")
            & (LeaveRequest.first_day <= last)
            & (LeaveRequest.last_day >= first)
            & LeaveRequest.employee.is_in([row["id"] for row in employees] or [0])
        )
        .run()
    )
    for row in leave:
        day = max(row["first_day"], first)
        while day <= min(row["last_day"], last):
            found.append(rules.Unavailable(row["employee"], day, ON_LEAVE))
            day += timedelta(days=1)
    return found


async def shift_specs() -> dict[str, rules.ShiftSpec]:
    """Every shift, keyed by its id as text (the planner names shifts by that key)."""
    return {
        str(shift.id): rules.ShiftSpec(
            str(shift.id), shift.shape.start, shift.shape.end, attendance_rules.planned_minutes(shift.shape)
        )
        for shift in (await all_shifts()).values()
    }


async def operations() -> dict[str, dict]:
    """Active operations by code: name, banned for minors, the courses that teach it, the certificate kind."""
    found: dict[str, dict] = {ANY_WORK: {"name": gettext(ANY_WORK_NAME), "banned": False, "courses": set(), "kind": ""}}
    for row in await OperationRow.select().where(OperationRow.active.eq(True)).order_by(OperationRow.id).run():
        item = found.setdefault(row["code"], {"name": row["name"], "banned": False, "courses": set(), "kind": ""})
        item["banned"] = item["banned"] or row["banned_for_minors"]
        item["kind"] = item["kind"] or row["certificate_kind"]
        if row["course"]:
            item["courses"].add(row["course"])
    return found


def _adult_from(birth: date | None) -> date | None:
    """The day after the 18th birthday (app.people.rules.age_on counts a year from the next day)."""
    return birthday_in(birth, birth.year + 18) + timedelta(days=1) if birth else None


def _ids(raw: object) -> frozenset[int]:
    return frozenset(int(item) for item in (json_value(raw) or []) if str(item).lstrip("-").isdigit())


async def stated(employee_ids: list[int]) -> dict[int, tuple[frozenset[int], frozenset[int]]]:
    """{employee: (shift ids, weekdays off)} for those who stated any."""
    rows = await PlanPreference.select().where(PlanPreference.employee.is_in(employee_ids or [0])).run()
    return {row["employee"]: (_ids(row["shifts"]), _ids(row["days_off"])) for row in rows}


async def workers(employees: list[dict], ops: dict[str, dict], zone: ZoneInfo) -> list[rules.Worker]:
    """Each worker's operations with the window they are valid in: signed off (from that day) and, where the
    operation names a certificate kind, holding one (issued_on .. expires_on; the latest expiry wins)."""
    ids = [row["id"] for row in employees] or [0]
    signed: dict[tuple[int, int], date] = {}
    for row in (
        await PracticalSignoff.select()
        .where(PracticalSignoff.employee.is_in(ids) & PracticalSignoff.passed.eq(True))
        .run()
    ):
        day = to_local(row["signed_at"], zone).date()
        key = (row["employee"], row["course"])
        signed[key] = min(day, signed.get(key, day))
    certs: dict[tuple[int, str], tuple[date | None, date]] = {}
    for row in await Certificate.select().where(Certificate.employee.is_in(ids)).order_by(Certificate.expires_on).run():
        certs[(row["employee"], row["kind"])] = (row["issued_on"], row["expires_on"])
    preferences, found = await stated(ids), []
    for row in employees:
        qualified = {}
        for code, op in ops.items():
            days = [signed[(row["id"], course)] for course in op["courses"] if (row["id"], course) in signed]
            if op["courses"] and not days:
                continue
            window: tuple[date | None, date | None] = (min(days) if days else None, None)
            if op["kind"]:
                if (row["id"], op["kind"]) not in certs:
                    continue
                issued, expires = certs[(row["id"], op["kind"])]
                window = (max((d for d in (window[0], issued) if d), default=None), expires)
            qualified[code] = window
        shifts, days_off = preferences.get(row["id"], (frozenset(), frozenset()))
        found.append(
            rules.Worker(
                row["id"],
                row["name"],
                qualified,
                _adult_from(row["birth_date"]),
                frozenset({str(row["department"])}),
                frozenset(str(shift) for shift in shifts),
                days_off,
            )
        )
    return found


async def overtime_done(ids: list[int], first: date) -> dict[tuple[int, tuple[int, int]], int]:
    """Overtime already worked in the first day's month, before the period starts (attendance days)."""
    month_start = first.replace(day=1)
    rows = (
        await AttendanceDay.select(AttendanceDay.employee, AttendanceDay.overtime_minutes)
        .where(
            AttendanceDay.employee.is_in(ids or [0])
            & (AttendanceDay.work_date >= month_start)
            & (AttendanceDay.work_date < first)
        )
        .run()
    )
    done: dict[tuple[int, tuple[int, int]], int] = defaultdict(int)
    for row in rows:
        done[(row["employee"], (first.year, first.month))] += row["overtime_minutes"] or 0
    return dict(done)


async def day_kinds(first: date, last: date) -> dict[date, str]:
    rows = await CalendarDay.select().where((CalendarDay.day >= first) & (CalendarDay.day <= last)).run()
    return {row["day"]: {"holiday": rules.HOLIDAY, "rest": rules.REST}.get(row["kind"], rules.WORKDAY) for row in rows}


async def weights() -> rules.Weights:
    value = await plant_settings.read(WEIGHTS_KEY)
    known = rules.Weights.__dataclass_fields__
    return (
        rules.Weights(**{k: int(v) for k, v in (value or {}).items() if k in known})
        if isinstance(value, dict)
        else rules.Weights()
    )


async def earlier_shifts(employees: list[dict], first: date) -> dict[int, dict[date, str]]:
    """The shift each worker is scheduled on in the EARLIER_DAYS before the period (the one-day changes a published
    plan wrote, else their weekly pattern), on days they were employed: the rest in 7 days and the minimum rest
    hold across the period's start."""
    start = first - timedelta(days=rules.EARLIER_DAYS)
    roster = await load_roster([row["id"] for row in employees], start, first - timedelta(days=1))
    found: dict[int, dict[date, str]] = {}
    for row in employees:
        for day in (start + timedelta(days=n) for n in range(rules.EARLIER_DAYS)):
            if (row["hire_date"] and day < row["hire_date"]) or (row["last_day"] and day > row["last_day"]):
                continue
            shift = roster.plan(row["id"], row["department"], day).shift
            if shift is not None:
                found.setdefault(row["id"], {})[day] = str(shift.id)
    return found


async def load_problem(line_ids: list[int], first: date, last: date, zone: ZoneInfo) -> rules.Problem:
    """Everything the planner needs for these lines (departments) from first to last, inclusive."""
    employees = (
        await Employee.select()
        .where(Employee.department.is_in(line_ids or [0]) & Employee.status.is_in(list(PLANNED_STATUSES)))
        .order_by(Employee.employee_code)
        .run()
    )
    ops = await operations()
    cells = (
        await DemandCell.select()
        .where(
            DemandCell.line.is_in(line_ids or [0])
            & (DemandCell.day >= first)
            & (DemandCell.day <= last)
            & (DemandCell.people > 0)
        )
        .run()
    )
    demand = [rules.Demand(str(c["line"]), str(c["shift"]), c["day"], c["operation"], c["people"]) for c in cells]
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    rest = await plant_settings.read(MINIMUM_REST_KEY)
    ids = [row["id"] for row in employees]
    return rules.Problem(
        days,
        await shift_specs(),
        {code: rules.Operation(code, op["name"], op["banned"]) for code, op in ops.items()},
        await workers(employees, ops, zone),
        demand,
        await day_kinds(first, last),
        await unavailable_days(employees, first, last),
        await overtime_done(ids, first),
        int(rest) if isinstance(rest, int) else rules.MINIMUM_REST,
        await weights(),
        earlier=await earlier_shifts(employees, first),
    )
