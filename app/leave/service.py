"""Leave use cases the pages need: who a user may enter leave for, the request lists, a person's fields, banking 调休."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from app.attendance.tables import AttendanceDay
from app.audit import service as audit
from app.auth.service import CurrentUser
from app.db.prepared import Prepared
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.leave import balances, rules, types
from app.leave.tables import LeavePerson, LeaveRequest, LieuEntry
from app.people.tables import Employee
from app.people.team import on_team, team
from app.sync.changes import next_change_no
from app.timeutil import utcnow

NOT_YOUR_TEAM = N_("You may only enter leave for your own team.")
NO_OVERTIME = N_("There is no rest-day overtime on that day.")


@dataclass(frozen=True)
class RequestRow:
    id: uuid.UUID
    employee_id: int
    code: str
    name: str
    type_code: str
    first: date
    last: date
    half_first: bool
    half_last: bool
    days: object
    status: str
    source: str
    reason: str
    evidence: str
    event_date: date | None = None  # per-event types: the wedding, the death, the (expected) birth, the miscarriage
    pregnancy_months: int | None = None  # maternity after a miscarriage

    @property
    def event_label(self) -> str:
        """The message id naming event_date for this type (the wedding date, the date of death, ...)."""
        return types.event_label(self.type_code, self.pregnancy_months)


async def may_enter_for(user: CurrentUser, employee_id: int) -> bool:
    return user.has_any("hr") or await on_team(user, employee_id)


async def require_team(user: CurrentUser, employee_id: int) -> None:
    if not await may_enter_for(user, employee_id):
        raise Refused(NOT_YOUR_TEAM, field="employee_id", status=403)


def _row(row: dict) -> RequestRow:
    return RequestRow(
        row["id"],
        row["employee"],
        row["employee.employee_code"],
        row["employee.name"],
        row["type_code"],
        row["first_day"],
        row["last_day"],
        row["half_first"],
        row["half_last"],
        rules.as_days(row["halves"]),
        row["status"],
        row["source"],
        row["reason"],
        row["evidence"],
        row["event_date"],
        row["pregnancy_months"],
    )


REQUEST_COLUMNS = (  # named, not all_columns(): Piccolo builds that list anew on every call
    LeaveRequest.id,
    LeaveRequest.employee,
    LeaveRequest.type_code,
    LeaveRequest.first_day,
    LeaveRequest.last_day,
    LeaveRequest.half_first,
    LeaveRequest.half_last,
    LeaveRequest.halves,
    LeaveRequest.halves_first_year,
    LeaveRequest.status,
    LeaveRequest.source,
    LeaveRequest.reason,
    LeaveRequest.evidence,
    LeaveRequest.event_date,
    LeaveRequest.pregnancy_months,
)
WHO = (LeaveRequest.employee.employee_code, LeaveRequest.employee.name)


MINE_SHOWN = 10  # a worker's own latest requests on My page
_MINE = Prepared(
    lambda employee: (
        LeaveRequest.select(*REQUEST_COLUMNS, *WHO)
        .where(LeaveRequest.employee == employee)
        .order_by(LeaveRequest.first_day, ascending=False)
        .limit(MINE_SHOWN)
    )
)


async def latest_of(employee_id: int) -> list[RequestRow]:
    """A worker's own latest requests (MINE_SHOWN), newest first: My page, on every open."""
    return [_row(row) for row in await _MINE.run(employee_id)]


async def request_rows(user: CurrentUser | None, employee_id: int | None = None, limit: int = 200) -> list[RequestRow]:
    """One person's requests (employee_id), or everyone's the user may see, newest first."""
    query = LeaveRequest.select(*REQUEST_COLUMNS, *WHO).order_by(LeaveRequest.first_day, ascending=False).limit(limit)
    if employee_id is not None:
        query = query.where(LeaveRequest.employee == employee_id)
    elif user is None or not user.has_any("hr"):
        query = query.where(LeaveRequest.employee.is_in([m.id for m in await team(user)] or [0]))
    return [_row(row) for row in await query.run()]


async def person_requests(employee_id: int) -> list[dict]:
    """All of one person's requests (REQUEST_COLUMNS), newest first, in one query: the balance page lists them and
    counts the balance from the same rows (balances.of_people's requests)."""
    return (
        await LeaveRequest.select(*REQUEST_COLUMNS)
        .where(LeaveRequest.employee == employee_id)
        .order_by(LeaveRequest.first_day, ascending=False)
        .run()
    )


def rows_of(person: dict, requests: list[dict], limit: int = 200) -> list[RequestRow]:
    """The person's request rows for a page, from person_requests and the person's row (code and name)."""
    who = {"employee.employee_code": person["employee_code"], "employee.name": person["name"]}
    return [_row({**row, **who}) for row in requests[:limit]]


async def request_row(request_id: uuid.UUID) -> RequestRow | None:
    row = await LeaveRequest.select(*REQUEST_COLUMNS, *WHO).where(LeaveRequest.id == request_id).first().run()
    return _row(row) if row else None


async def save_person(
    employee_id: int, years_worked: int, confirmed_on: date, actor: audit.Actor, continuous_since: date | None = None
) -> None:
    """HR confirms the person's cumulative years worked (all employers) on a date, and when their current unbroken
    run of work began (any employer: the 12 consecutive months annual leave needs; none when unknown)."""
    async with write_transaction():
        change_no = await next_change_no()
        before = await LeavePerson.select().where(LeavePerson.employee == employee_id).first().run()
        values = {
            LeavePerson.years_worked: years_worked,
            LeavePerson.years_confirmed_on: confirmed_on,
            LeavePerson.continuous_since: continuous_since,
            LeavePerson.change_no: change_no,
        }
        if before:
            await LeavePerson.update(values).where(LeavePerson.employee == employee_id).run()
        else:
            await LeavePerson.insert(
                LeavePerson(
                    employee=employee_id,
                    years_worked=years_worked,
                    years_confirmed_on=confirmed_on,
                    continuous_since=continuous_since,
                    change_no=change_no,
                )
            ).run()
        await audit.record(
            actor,
            "leave_person.save",
            "leave_person",
            employee_id,
            before={"years_worked": before["years_worked"]} if before else None,
            after={"years_worked": years_worked, "confirmed_on": confirmed_on, "continuous_since": continuous_since},
        )


async def bank_lieu(employee_id: int, work_date: date, minutes: int, actor: audit.Actor) -> None:
    """The worker chose time off in lieu for some of a rest day's overtime: banked, no longer paid at 200%."""
    day = (
        await AttendanceDay.select(AttendanceDay.overtime_kind, AttendanceDay.overtime_minutes)
        .where((AttendanceDay.employee == employee_id) & (AttendanceDay.work_date == work_date))
        .first()
        .run()
    )
    if day is None or not day["overtime_minutes"]:
        raise Refused(NO_OVERTIME, field="work_date")
    async with write_transaction():
        banked = sum(
            row["minutes"]
            for row in await LieuEntry.select(LieuEntry.minutes)
            .where((LieuEntry.employee == employee_id) & (LieuEntry.work_date == work_date) & (LieuEntry.minutes > 0))
            .run()
        )
        refusal = rules.lieu_refusal(day["overtime_kind"], day["overtime_minutes"], banked, minutes)
        if refusal:
            raise Refused(refusal, field="hours")
        await LieuEntry.insert(
            LieuEntry(
                employee=employee_id, work_date=work_date, minutes=minutes, created_at=utcnow(), created_by=actor.name
            )
        ).run()
        await audit.record(
            actor, "leave.bank_lieu", "leave_request", employee_id, after={"work_date": work_date, "minutes": minutes}
        )


async def banked_minutes(employee_ids: list[int], first: date, last: date) -> dict[tuple[int, date], int]:
    """Rest-day overtime minutes given back as time off, per person and day (payroll leaves them unpaid)."""
    found: dict[tuple[int, date], int] = {}
    rows = (
        await LieuEntry.select(LieuEntry.employee, LieuEntry.work_date, LieuEntry.minutes)
        .where(
            LieuEntry.employee.is_in(employee_ids or [0])
            & (LieuEntry.minutes > 0)
            & (LieuEntry.work_date >= first)
            & (LieuEntry.work_date <= last)
        )
        .run()
    )
    for row in rows:
        key = (row["employee"], row["work_date"])
        found[key] = found.get(key, 0) + row["minutes"]
    return found


async def employee_name(employee_id: int) -> dict | None:
    """The person's row for the balance page: balances.PERSON_COLUMNS and the last day (leavers included)."""
    return (
        await Employee.select(*balances.PERSON_COLUMNS, Employee.last_day)
        .where(Employee.id == employee_id)
        .first()
        .run()
    )
