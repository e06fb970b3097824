"""Balances: annual leave entitled and taken, time off in lieu, per person and year, in a few queries for everyone.

Annual leave follows app.leave.rules (years worked from LeavePerson as of 1 January of the year, none before
12 consecutive months of work, pro-rated in the hire year, forfeited by sick leave or paid personal leave of the
rules' lengths; last year's days left carried within the plant's policy, counted with last year's years worked);
a leave across 31 December counts its own days in each year. Time off in lieu is the opening figure plus every LieuEntry (banked +, spent −). LeaveBalance keeps the
result per person and year with a change number, so kiosk nodes pull it and show it offline.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction

from piccolo.query.functions.aggregate import Sum

from app.db.prepared import Prepared
from app.db.tx import write_transaction
from app.leave import rules, types
from app.leave.tables import LeaveBalance, LeavePerson, LeaveRequest, LieuEntry
from app.people import plant_settings
from app.people.tables import Employee
from app.sync.changes import next_change_no
from app.timeutil import utcnow

CHUNK = 5000


@dataclass(frozen=True)
class Balance:
    employee_id: int
    code: str
    name: str
    department: str
    year: int
    years_worked: int
    years_confirmed_on: date | None
    annual_halves: int
    annual_taken_halves: int
    forfeited: bool
    lieu_minutes: int
    sick_halves: int
    personal_halves: int
    carried_halves: int = 0  # from last year, within the plant's policy; included in annual_halves
    medical_months: int | None = None  # the medical period (医疗期) by years worked in all and here, to `today`
    continuous_since: date | None = None  # the unbroken run of work began (the 12 consecutive months)

    @property
    def annual_left_halves(self) -> int:
        return self.annual_halves - self.annual_taken_halves

    @property
    def annual_days(self) -> Fraction:
        return rules.as_days(self.annual_halves)

    @property
    def annual_taken(self) -> Fraction:
        return rules.as_days(self.annual_taken_halves)

    @property
    def annual_left(self) -> Fraction:
        return rules.as_days(self.annual_left_halves)

    @property
    def lieu_hours(self) -> Fraction:
        return Fraction(self.lieu_minutes, 60)


TAKEN_COLUMNS = (
    LeaveRequest.employee,
    LeaveRequest.type_code,
    LeaveRequest.status,
    LeaveRequest.halves,
    LeaveRequest.halves_first_year,
    LeaveRequest.first_day,
    LeaveRequest.last_day,
)


async def _approved(ids: list[int], first_year: int, last_year: int) -> list[dict]:
    """The approved leave of these people that touches first_year to last_year: one query (per CHUNK people)."""
    rows: list[dict] = []
    for start in range(0, len(ids), CHUNK):
        rows += await _APPROVED.run(ids[start : start + CHUNK], date(first_year, 1, 1), date(last_year, 12, 31))
    return rows


# The balance page and My page read these on every open (app.db.prepared: built once per number of people).
_APPROVED = Prepared(
    lambda ids, first, last: LeaveRequest.select(*TAKEN_COLUMNS).where(
        LeaveRequest.employee.is_in(ids)
        & (LeaveRequest.status == "approved")
        & (LeaveRequest.first_day <= last)
        & (LeaveRequest.last_day >= first)
    )
)
_LIEU = Prepared(
    lambda ids: (
        LieuEntry.select(LieuEntry.employee, Sum(LieuEntry.minutes).as_alias("minutes"))
        .where(LieuEntry.employee.is_in(ids))
        .group_by(LieuEntry.employee)
    )
)
_FIELDS = Prepared(
    lambda ids: LeavePerson.select() if ids is None else LeavePerson.select().where(LeavePerson.employee.is_in(ids))
)


def _taken_in(rows: list[dict], year: int) -> dict[int, dict[str, int]]:
    """Half days of approved leave by person and type that fall in year (a leave across 31 December counts its
    own days in each year); sick leave in calendar days within the year (for forfeiture) under sick_calendar.
    rows: TAKEN_COLUMNS of any status and year (those not approved or outside the year count nothing)."""
    taken: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    start, end = date(year, 1, 1), date(year, 12, 31)
    for row in rows:
        first, last = row["first_day"], row["last_day"]
        if row["status"] != "approved" or first > end or last < start:
            continue
        mine = taken[row["employee"]]
        mine[row["type_code"]] += rules.halves_in_year(row["halves"], row["halves_first_year"], first, last, year)
        if row["type_code"] == types.SICK:
            mine["sick_calendar"] += rules.calendar_days_in_year(first, last, year)
    return taken


async def _taken(ids: list[int], year: int) -> dict[int, dict[str, int]]:
    return _taken_in(await _approved(ids, year, year), year)


async def _personal_paid(*takens: dict[int, dict[str, int]]) -> bool:
    """Whether personal leave is paid (then 20 days of it forfeit annual leave): read only when someone has taken
    that much, since below it the answer changes nothing."""
    threshold = rules.PERSONAL_LEAVE_FORFEIT_DAYS * rules.HALVES_PER_DAY
    if not any(mine.get(types.PERSONAL, 0) >= threshold for taken in takens for mine in taken.values()):
        return False
    return (await types.type_info(types.PERSONAL)).paid_percent > 0


async def _lieu(ids: list[int]) -> dict[int, int]:
    """Minutes of time off in lieu left per person: summed by the database (banked +, spent −)."""
    found: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):
        for row in await _LIEU.run(ids[start : start + CHUNK]):
            found[row["employee"]] = int(row["minutes"] or 0)
    return found


PERSON_COLUMNS = (Employee.id, Employee.employee_code, Employee.name, Employee.department.name, Employee.hire_date)


def _staying(ids: list | None):
    query = Employee.select(*PERSON_COLUMNS).where(Employee.status != "left").order_by(Employee.employee_code)
    return query if ids is None else query.where(Employee.id.is_in(ids))


_STAYING = Prepared(_staying)


async def compute(year: int, employee_ids: list[int] | None = None, today: date | None = None) -> list[Balance]:
    """Everyone's (or these people's) balances for year, by employee code: a handful of queries for everyone.
    today: the plant's date (local_today of the plant's zone), for the medical period; see of_people."""
    people = await _STAYING.run(None if employee_ids is None else list(employee_ids) or [0])
    return await of_people(people, year, everyone=employee_ids is None, today=today)


async def of_people(
    people: list[dict], year: int, everyone: bool = False, requests: list[dict] | None = None, today: date | None = None
) -> list[Balance]:
    """The balances of these Employee rows (PERSON_COLUMNS), for a page that has read them already; requests: their
    leave requests (TAKEN_COLUMNS, any status) when the page has read them too, else one query reads them.
    today: the plant's date, from the caller's zone (years here count to it for the medical period); None where no
    medical period is shown (checks, the stored balance, the kiosk): medical_months is None then, never a guess
    from the machine's clock."""
    ids = [row["id"] for row in people]
    fields = {row["employee"]: row for row in await _FIELDS.run(None if everyone else ids or [0])}
    cap = await carry_over_days()
    rows = requests if requests is not None else await _approved(ids, year - 1 if cap else year, year)
    taken, before = _taken_in(rows, year), (_taken_in(rows, year - 1) if cap else {})
    lieu, personal = await _lieu(ids), await _personal_paid(taken, before)
    found = [
        _balance(row, fields.get(row["id"]), taken.get(row["id"], {}), lieu.get(row["id"], 0), year, personal, today)
        for row in people
    ]
    if cap:  # last year's balance, what is left of it carried within the plant's policy
        found = [
            _carry(balance, _balance(row, fields.get(row["id"]), before.get(row["id"], {}), 0, year - 1, personal), cap)
            for balance, row in zip(found, people)
        ]
    return found


CARRY_OVER_KEY = "leave_annual_carry_over_days"


async def carry_over_days() -> int:
    value = await plant_settings.read(CARRY_OVER_KEY)
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 30 else 0


def _carry(balance: Balance, last_year: Balance, cap: int) -> Balance:
    carried = rules.carried_over_halves(last_year.annual_left_halves, cap)
    return replace(balance, annual_halves=balance.annual_halves + carried, carried_halves=carried)


def _balance(
    row: dict,
    person: dict | None,
    taken: dict[str, int],
    lieu: int,
    year: int,
    personal_paid: bool,
    today: date | None = None,
) -> Balance:
    years = rules.years_worked_in(person["years_worked"], person["years_confirmed_on"], year) if person else 0
    opening = person and person["opening_year"] == year
    since = person["continuous_since"] if person else None
    annual = rules.annual_leave_for_year(years, year, row["hire_date"], since) * rules.HALVES_PER_DAY
    personal = taken.get(types.PERSONAL, 0)
    forfeited = rules.forfeits_annual_leave(
        years, rules.as_days(personal) if personal_paid else 0, taken.get("sick_calendar", 0)
    )
    here = rules.full_years(row["hire_date"], min(today, date(year, 12, 31))) if today else 0
    return Balance(
        row["id"],
        row["employee_code"],
        row["name"],
        row["department.name"] or "",
        year,
        years,
        person["years_confirmed_on"] if person else None,
        0 if forfeited else annual,
        taken.get(types.ANNUAL, 0) + (person["opening_annual_taken_halves"] if opening else 0),
        forfeited,
        lieu + (person["opening_lieu_minutes"] if person else 0),
        taken.get(types.SICK, 0),
        personal,
        medical_months=rules.medical_period_months(max(years, here), here) if today else None,
        continuous_since=since,
    )


async def of_person(employee_id: int, year: int) -> Balance:
    found = await compute(year, [employee_id])
    if not found:
        return Balance(employee_id, "", "", "", year, 0, None, 0, 0, False, 0, 0, 0)
    return found[0]


async def refresh(employee_id: int, year: int) -> None:
    """Store the person's balance for year with a new change number (kiosks pull it)."""
    balance = await of_person(employee_id, year)
    async with write_transaction():
        change_no, now = await next_change_no(), utcnow()
        values = {
            LeaveBalance.annual_halves: balance.annual_halves,
            LeaveBalance.annual_taken_halves: balance.annual_taken_halves,
            LeaveBalance.lieu_minutes: balance.lieu_minutes,
            LeaveBalance.computed_at: now,
            LeaveBalance.change_no: change_no,
        }
        updated = (
            await LeaveBalance.update(values)
            .where((LeaveBalance.employee == employee_id) & (LeaveBalance.year == year))
            .returning(LeaveBalance.id)
            .run()
        )
        if not updated:
            await LeaveBalance.insert(
                LeaveBalance(
                    employee=employee_id, year=year, **{column._meta.name: value for column, value in values.items()}
                )
            ).run()


async def owed_at_exit(employee_ids: list[int], year: int) -> dict[int, Fraction]:
    """Days of annual leave owed to people whose last day is in year: floor(calendar days worked this year ÷ 365
    × the full entitlement) − days taken (RULES.md; 0 when forfeited). Payroll pays them in the last month."""
    rows = (
        await Employee.select(Employee.id, Employee.hire_date, Employee.last_day)
        .where(
            Employee.id.is_in(employee_ids or [0])
            & (Employee.last_day >= date(year, 1, 1))
            & (Employee.last_day <= date(year, 12, 31))
        )
        .run()
    )
    ids = [row["id"] for row in rows]
    fields = {
        row["employee"]: row for row in await LeavePerson.select().where(LeavePerson.employee.is_in(ids or [0])).run()
    }
    taken = await _taken(ids, year)
    owed = {}
    for row in rows:
        person, mine = fields.get(row["id"]), taken.get(row["id"], {})
        years = rules.years_worked_in(person["years_worked"], person["years_confirmed_on"], year) if person else 0
        if rules.forfeits_annual_leave(years, 0, mine.get("sick_calendar", 0)):
            continue
        start = max(date(year, 1, 1), row["hire_date"] or date(year, 1, 1))
        opening = person["opening_annual_taken_halves"] if person and person["opening_year"] == year else 0
        days = rules.annual_days_owed_at_exit(
            rules.annual_entitlement(years), start, row["last_day"], rules.as_days(mine.get(types.ANNUAL, 0) + opening)
        )
        if days:
            owed[row["id"]] = days
    return owed
