"""Leave requests: counted over the person's own schedule and the plant calendar, filed for approval, decided, cancelled.

A request counts the days of its type (working days of the person's roster, or calendar days), refuses an
overlap with another leave and more annual leave or time off in lieu than is left, and files an approval
item (kind "leave") whose chain comes from the organisation. HR may record leave after the fact: it is
approved at once and audited. When a leave is approved its attendance days are recomputed (the absence
becomes that leave) and the balance is refreshed; time off in lieu is spent then, never before.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from app.approvals import registry
from app.approvals import service as approvals
from app.attendance.days.compute import recompute_days
from app.attendance.rules import DayKind
from app.attendance.schedule.roster import load_roster
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_, gettext
from app.ids import new_id
from app.leave import balances, checks, rules, types
from app.leave.tables import LeavePerson, LeaveRequest, LieuEntry
from app.people.tables import Employee
from app.sync.changes import next_change_no
from app.timeutil import utcnow

KIND = "leave"
MINUTES_PER_DAY = 8 * 60
ENDS_BEFORE = N_("The last day cannot be before the first day.")
NO_DAYS = N_("These dates hold no working day: there is nothing to take.")
NOT_CANCELLABLE = N_("Only leave that has not started yet can be cancelled.")
UNKNOWN_PERSON = N_("Choose an employee.")
MATERNITY_WOMEN = N_(
    "Maternity leave is for women workers: %(name)s is recorded as a man. Correct the person's record if it is wrong."
)
DESCRIBED = N_("%(type)s, %(first)s to %(last)s, %(days)s days. %(reason)s")
DESCRIBED_EVENT = N_("%(label)s: %(date)s.")
DESCRIBED_MONTHS = N_("Months of pregnancy: %(months)s.")


@dataclass(frozen=True)
class RequestInput:
    employee_id: int
    type_code: str
    first: date
    last: date
    half_first: bool = False
    half_last: bool = False
    reason: str = ""
    difficult: bool = False  # maternity: a difficult birth (+15 days)
    babies: int = 1  # maternity: +15 days per additional baby
    pregnancy_months: int | None = None  # maternity after a miscarriage: the months of pregnancy (15 or 42 days)
    event_date: date | None = None  # per-event types: the wedding, the death, the (expected) birth or miscarriage


@dataclass(frozen=True)
class Counted:
    days: list[rules.LeaveDay]
    halves: int
    minutes: int  # time off in lieu spent: 8 hours a day, 4 a half day
    by_year: dict[int, int]  # half days per year: a leave across 31 December counts against each

    @property
    def halves_first_year(self) -> int | None:
        return self.by_year.get(self.days[0].day.year) if len(self.by_year) > 1 else None


async def count(data: RequestInput, info: types.TypeInfo) -> Counted:
    """The days the leave counts on this person's own roster (rest days and holidays skipped for working-day
    types; a make-up working day counts)."""
    if data.last < data.first:
        raise Refused(ENDS_BEFORE, field="last")
    if data.event_date is not None and (refusal := rules.event_date_refusal(data.first, data.event_date)):
        raise Refused(refusal, field="event_date", before=rules.EVENT_LEAD_DAYS)
    person = (
        await Employee.select(Employee.department, Employee.gender, Employee.name)
        .where(Employee.id == data.employee_id)
        .first()
        .run()
    )
    if person is None:
        raise Refused(UNKNOWN_PERSON, field="employee_id")
    if info.code == types.MATERNITY and person["gender"] != "F":
        raise Refused(MATERNITY_WOMEN, field="type_code", name=person["name"])
    roster = await load_roster([data.employee_id], data.first, data.last)

    def working(day: date) -> bool:
        return roster.plan(data.employee_id, person["department"], day).kind is DayKind.WORKDAY

    days = rules.leave_days(data.first, data.last, info.unit, working, data.half_first, data.half_last)
    halves = rules.total_halves(days)
    if not halves:
        raise Refused(NO_DAYS, field="first")
    minutes = halves * MINUTES_PER_DAY // rules.HALVES_PER_DAY if info.code == types.LIEU else 0
    return Counted(days, halves, minutes, rules.by_year(days))


async def stamp() -> int:
    """A change number for a request row (inside the write transaction): kiosk nodes pull its status."""
    return await next_change_no()


def summary(info: types.TypeInfo, data: RequestInput, halves: int) -> str:
    return f"{info.code} {data.first.isoformat()}..{data.last.isoformat()} {rules.as_days(halves)}"


async def request_leave(
    data: RequestInput,
    source: str,
    actor: audit.Actor,
    node: str = "office",
    request_id: uuid.UUID | None = None,
    evidence: str = "",
    zone: ZoneInfo | None = None,
) -> uuid.UUID:
    """Record a request (kiosk or office: pending, filed for approval; record: HR after the fact, approved)."""
    info = await types.type_info(data.type_code)
    counted = await count(data, info)
    await checks.check(data, info, counted)
    request_id, now = request_id or new_id(), utcnow()
    status = "approved" if source == "record" else "pending"
    async with write_transaction():
        await LeaveRequest.insert(
            LeaveRequest(
                id=request_id,
                node_id=node,
                employee=data.employee_id,
                type_code=info.code,
                first_day=data.first,
                last_day=data.last,
                half_first=data.half_first,
                half_last=data.half_last,
                halves=counted.halves,
                halves_first_year=counted.halves_first_year,
                minutes=counted.minutes,
                event_date=data.event_date,
                pregnancy_months=data.pregnancy_months,
                reason=data.reason[:200],
                evidence=evidence,
                source=source,
                status=status,
                requested_at=now,
                requested_by=actor.name,
                decided_at=now if status == "approved" else None,
                change_no=await stamp(),
            )
        ).run()
        await audit.record(
            actor,
            f"leave.{source}",
            "leave_request",
            request_id,
            after={
                "employee": data.employee_id,
                "type": info.code,
                "first": data.first,
                "last": data.last,
                "halves": counted.halves,
                "event_date": data.event_date,
                "status": status,
            },
        )
        if status == "pending":
            await approvals.file(
                KIND,
                str(request_id),
                data.employee_id,
                summary(info, data, counted.halves),
                rules.as_days(counted.halves),
                hr_only=info.hr_only,
            )
        else:
            await _approved(request_id, actor)
    if status == "approved":
        await after_approval(request_id, zone)
    return request_id


async def _approved(request_id: uuid.UUID, actor: audit.Actor) -> None:
    """Inside the decision's transaction: time off in lieu is spent now (never before), as negative entries, each
    against the rest day whose banked overtime it replaces (the opening balance first, then the oldest day)."""
    row = await LeaveRequest.select().where(LeaveRequest.id == request_id).first().run()
    if not row["minutes"]:
        return
    uses = await _lieu_sources(row["employee"], row["minutes"])
    now = utcnow()
    await LieuEntry.insert(
        *[
            LieuEntry(
                employee=row["employee"],
                work_date=use.work_date or row["first_day"],
                minutes=-use.minutes,
                request=request_id,
                created_at=now,
                created_by=actor.name,
            )
            for use in uses
        ]
    ).run()


async def _lieu_sources(employee_id: int, minutes: int) -> list[rules.LieuUse]:
    """What is left of each banked rest day (banked minus what leave spent against it), and of the opening
    balance (spent entries on a day with nothing banked, such as those kept before leave was tied to days)."""
    entries = (
        await LieuEntry.select(LieuEntry.work_date, LieuEntry.minutes).where(LieuEntry.employee == employee_id).run()
    )
    person = (
        await LeavePerson.select(LeavePerson.opening_lieu_minutes)
        .where(LeavePerson.employee == employee_id)
        .first()
        .run()
    )
    net: dict[date, int] = defaultdict(int)
    banked_days = {entry["work_date"] for entry in entries if entry["minutes"] > 0}
    opening = person["opening_lieu_minutes"] if person else 0
    for entry in entries:
        if entry["work_date"] in banked_days:
            net[entry["work_date"]] += entry["minutes"]
        else:
            opening += entry["minutes"]
    uses = rules.allocate_lieu(net.items(), opening, minutes)
    return uses if uses is not None else [rules.LieuUse(None, minutes)]  # checked against the total already


async def after_approval(request_id: uuid.UUID, zone: ZoneInfo | None) -> None:
    """Outside the transaction: the attendance days of the leave recomputed, the balance refreshed."""
    row = await LeaveRequest.select().where(LeaveRequest.id == request_id).first().run()
    if zone is not None:
        await recompute_days([row["employee"]], row["first_day"], row["last_day"], zone)
    for year in range(row["first_day"].year, row["last_day"].year + 1):
        await balances.refresh(row["employee"], year)


async def decided(ref: str, approved: bool, reason: str, actor: audit.Actor) -> None:
    """The approvals registry's callback, inside the decision's transaction."""
    request_id = uuid.UUID(ref)
    await (
        LeaveRequest.update(
            {
                LeaveRequest.status: "approved" if approved else "rejected",
                LeaveRequest.decided_at: utcnow(),
                LeaveRequest.decision_reason: reason,
                LeaveRequest.change_no: await stamp(),
            }
        )
        .where(LeaveRequest.id == request_id)
        .run()
    )
    row = (
        await LeaveRequest.select(LeaveRequest.employee, LeaveRequest.first_day, LeaveRequest.last_day)
        .where(LeaveRequest.id == request_id)
        .first()
        .run()
    )
    await audit.record(
        actor,
        "leave.approved" if approved else "leave.rejected",
        "leave_request",
        request_id,
        after={"status": "approved" if approved else "rejected"},
    )  # attendance days go stale
    if approved:
        await _approved(request_id, actor)
    for year in range(row["first_day"].year, row["last_day"].year + 1):
        await balances.refresh(row["employee"], year)


async def cancel(request_id: uuid.UUID, actor: audit.Actor, today: date, zone: ZoneInfo | None = None) -> None:
    """A pending or approved leave that has not started is withdrawn; time off in lieu spent comes back."""
    async with write_transaction():
        row = await LeaveRequest.select().where(LeaveRequest.id == request_id).first().run()
        if row is None or row["status"] not in ("pending", "approved") or row["first_day"] <= today:
            raise Refused(NOT_CANCELLABLE)
        await (
            LeaveRequest.update({LeaveRequest.status: "cancelled", LeaveRequest.change_no: await stamp()})
            .where(LeaveRequest.id == request_id)
            .run()
        )
        await LieuEntry.delete().where(LieuEntry.request == request_id).run()
        await approvals.cancel(KIND, str(request_id))
        await audit.record(
            actor,
            "leave.cancel",
            "leave_request",
            request_id,
            before={"status": row["status"]},
            after={"status": "cancelled"},
        )
    await after_approval(request_id, zone)


async def describe(refs: list[str]) -> dict[str, str]:
    """The inbox's line for each request: type, dates and days, the event's date and a miscarriage's months of
    pregnancy (what the approver checks the days against), in the reader's language."""
    ids = [uuid.UUID(ref) for ref in refs]
    labels = {info.code: info.label for info in types.NATIONAL}
    rows = (
        await LeaveRequest.select(
            LeaveRequest.id,
            LeaveRequest.type_code,
            LeaveRequest.first_day,
            LeaveRequest.last_day,
            LeaveRequest.halves,
            LeaveRequest.reason,
            LeaveRequest.event_date,
            LeaveRequest.pregnancy_months,
        )
        .where(LeaveRequest.id.is_in(ids or [new_id()]))
        .run()
    )
    return {str(row["id"]): _described(row, labels) for row in rows}


def _described(row: dict, labels: dict[str, str]) -> str:
    months, event = row["pregnancy_months"], row["event_date"]
    told = [
        gettext(DESCRIBED_EVENT)
        % {"label": gettext(types.event_label(row["type_code"], months)), "date": event.isoformat()}
        if event is not None
        else "",
        gettext(DESCRIBED_MONTHS) % {"months": months} if months is not None else "",
        row["reason"],
    ]
    return gettext(DESCRIBED) % {
        "type": gettext(labels.get(row["type_code"], row["type_code"])),
        "first": row["first_day"].isoformat(),
        "last": row["last_day"].isoformat(),
        "days": f"{float(rules.as_days(row['halves'])):g}",
        "reason": " ".join(part for part in told if part),
    }


registry.register(
    registry.Kind(
        KIND,
        N_("Leave"),
        lambda ref: f"/leave/requests/{ref}",
        decided,
        describe,
        decides=N_("The department head; HR too above the plant's number of days (HR alone for some leave types)"),
    )
)
