"""Exits: recording one with its notice, withdrawing it, HR's settlement checklist, and applying due exits.

An exit sets Employee.last_day; badges work through that day. apply_due_exits(today) turns everyone
whose last day is over into 'left' and revokes their credentials (change-numbered, so kiosks pull the
revocation). It runs when an exit is recorded with a last day already past, hourly in `floorhr serve`
(app.people.org.tasks) and on demand with `floorhr exits apply`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.audit import service as audit
from app.db.tx import write_transaction
from app.i18n import N_, format_date, gettext
from app.people import hooks, plant_settings, rules
from app.people.lifecycle.events import record_event
from app.people.lifecycle.service import GONE, Outcome
from app.people.tables import Employee, Separation
from app.sync.changes import next_change_no
from app.timeutil import utcnow


@dataclass(frozen=True)
class ExitInput:
    reason: str
    notice_date: date
    last_day: date
    contract_start: date | None
    contract_end: date | None  # None: open-ended
    note: str = ""
    early_release: bool = False  # the plant agreed to a last day before the notice period ends


@dataclass(frozen=True)
class ExitRecord:
    id: int
    reason: str
    notice_date: date
    last_day: date
    contract_start: date | None
    contract_end: date | None
    note: str
    settlement: dict
    status: str

    @property
    def checklist(self) -> list[tuple[str, dict | None]]:
        """(item, {"by", "at"} when ticked) in the checklist's order."""
        return [(item, self.settlement.get(item)) for item in rules.SETTLEMENT_ITEMS]

    @property
    def settled(self) -> bool:
        return all(item in self.settlement for item in rules.SETTLEMENT_ITEMS)


def _record(row: dict) -> ExitRecord:
    return ExitRecord(
        id=row["id"],
        reason=row["reason"],
        notice_date=row["notice_date"],
        last_day=row["last_day"],
        contract_start=row["contract_start"],
        contract_end=row["contract_end"],
        note=row["note"],
        settlement=row["settlement"] or {},
        status=row["status"],
    )


async def current_exit(employee_id: int) -> ExitRecord | None:
    """The employee's exit that stands (pending or done), not a withdrawn one."""
    row = (
        await Separation.select()
        .where((Separation.employee == employee_id) & (Separation.status != "withdrawn"))
        .order_by(Separation.id, ascending=False)
        .first()
        .output(load_json=True)
        .run()
    )
    return _record(row) if row else None


def _notice_error(data: ExitInput, employee: dict) -> dict[str, str]:
    if employee["hire_date"] and data.last_day < employee["hire_date"]:
        return {"last_day": N_("The last day cannot be before the hire date.")}
    if data.reason == "resignation" and not data.early_release:
        earliest = rules.earliest_resignation_day(data.notice_date, employee["status"] == "probation")
        if data.last_day < earliest:
            # Translated here, with the day in it; the form shows a translated message unchanged.
            return {
                "last_day": gettext(
                    "With this notice the last day is %(day)s at the earliest (30 days' notice, "
                    "3 in probation), unless the plant agrees to release them earlier.",
                    day=format_date(earliest),
                )
            }
    return {}


async def record_exit(employee_id: int, data: ExitInput, today: date, actor: audit.Actor) -> Outcome:
    async with write_transaction():
        employee = await Employee.select().where(Employee.id == employee_id).first().run()
        if employee is None:
            return Outcome(errors={"": GONE})
        if employee["status"] == "left" or await current_exit(employee_id):
            return Outcome(errors={"": N_("An exit is already recorded for this employee.")})
        errors = _notice_error(data, employee)
        if errors:
            return Outcome(errors=errors)
        separation = Separation(
            employee=employee_id,
            reason=data.reason,
            notice_date=data.notice_date,
            last_day=data.last_day,
            contract_start=data.contract_start,
            contract_end=data.contract_end,
            note=data.note,
            actor=actor.name,
            created_at=utcnow(),
        )
        await separation.save().run()
        await (
            Employee.update(
                {
                    Employee.last_day: data.last_day,
                    Employee.updated_at: utcnow(),
                    Employee.change_no: await next_change_no(),
                }
            )
            .where(Employee.id == employee_id)
            .run()
        )
        await record_event(
            employee_id, "exit", data.last_day, {"reason": data.reason, "notice_date": data.notice_date}, actor
        )
        await audit.record(
            actor,
            "employee.exit",
            "employee",
            employee_id,
            after={"last_day": data.last_day, "reason": data.reason, "notice_date": data.notice_date},
        )
    if data.last_day < today:
        await apply_due_exits(today)
    return Outcome()


async def withdraw_exit(employee_id: int, actor: audit.Actor) -> Outcome:
    """A resignation taken back (or a dismissal reversed) before the last day is over."""
    async with write_transaction():
        record = await current_exit(employee_id)
        if record is None or record.status != "pending":
            return Outcome(errors={"": N_("There is no pending exit to withdraw.")})
        await Separation.update({Separation.status: "withdrawn"}).where(Separation.id == record.id).run()
        await (
            Employee.update(
                {Employee.last_day: None, Employee.updated_at: utcnow(), Employee.change_no: await next_change_no()}
            )
            .where(Employee.id == employee_id)
            .run()
        )
        await record_event(employee_id, "exit_withdrawn", record.last_day, {"reason": record.reason}, actor)
        await audit.record(
            actor,
            "employee.exit_withdrawn",
            "employee",
            employee_id,
            before={"last_day": record.last_day},
            after={"last_day": None},
        )
    return Outcome()


async def tick_settlement(employee_id: int, item: str, done: bool, actor: audit.Actor) -> Outcome:
    if item not in rules.SETTLEMENT_ITEMS:
        return Outcome(errors={"": N_("Choose an item of the checklist.")})
    async with write_transaction():
        record = await current_exit(employee_id)
        if record is None:
            return Outcome(errors={"": N_("There is no exit for this employee.")})
        settlement = dict(record.settlement)
        if done:
            settlement[item] = {"by": actor.name, "at": utcnow().isoformat()}
        else:
            settlement.pop(item, None)
        await Separation.update({Separation.settlement: settlement}).where(Separation.id == record.id).run()
        await audit.record(actor, "employee.settlement", "employee", employee_id, after={item: done})
    return Outcome()


async def apply_due_exits(today: date, actor: audit.Actor = audit.SYSTEM) -> list[int]:
    """Everyone whose last day is before today (plant time) becomes 'left' and loses their credentials;
    returns their employee ids. Safe to run any number of times."""
    is_due = Employee.last_day.is_not_null() & (Employee.last_day < today) & (Employee.status != "left")
    if not await Employee.exists().where(is_due).run():
        return []  # the usual case: no write lock taken
    async with write_transaction():
        due = await Employee.select(Employee.id, Employee.last_day).where(is_due).run()
        now = utcnow()
        for employee in due:
            await (
                Employee.update(
                    {Employee.status: "left", Employee.updated_at: now, Employee.change_no: await next_change_no()}
                )
                .where(Employee.id == employee["id"])
                .run()
            )
            revoked = await hooks.left(employee["id"], actor)
            await (
                Separation.update({Separation.status: "left"})
                .where((Separation.employee == employee["id"]) & (Separation.status == "pending"))
                .run()
            )
            await record_event(employee["id"], "left", employee["last_day"], {"credentials_revoked": revoked}, actor)
            await audit.record(
                actor,
                "employee.left",
                "employee",
                employee["id"],
                after={"status": "left", "credentials_revoked": revoked},
            )
    return [employee["id"] for employee in due]


@dataclass(frozen=True)
class Certificate:
    """What a termination certificate states (Labour Contract Law art. 50; implementing regulations art. 24):
    contract term, end date, post and years of service. Deliberately no reason and no evaluation."""

    plant_name: str
    employee_name: str
    employee_code: str
    contract_start: date | None
    contract_end: date | None  # None: open-ended
    end_date: date
    by_expiry: bool  # 终止 (the contract ran its course, or retirement) rather than 解除
    department: str
    position: str
    years: int
    months: int
    issued_on: date


async def certificate(employee_id: int, today: date) -> Certificate | None:
    record = await current_exit(employee_id)
    employee = (
        await Employee.select(
            Employee.name, Employee.employee_code, Employee.hire_date, Employee.department.name, Employee.position.name
        )
        .where(Employee.id == employee_id)
        .first()
        .run()
    )
    if record is None or employee is None:
        return None
    start = employee["hire_date"] or record.contract_start or record.last_day
    years, months = rules.service_length(start, record.last_day)
    return Certificate(
        plant_name=await plant_settings.read_text(plant_settings.PLANT_NAME),
        employee_name=employee["name"],
        employee_code=employee["employee_code"],
        contract_start=record.contract_start,
        contract_end=record.contract_end,
        end_date=record.last_day,
        by_expiry=record.reason in ("contract_end", "retirement"),
        department=employee["department.name"] or "",
        position=employee["position.name"] or "",
        years=years,
        months=months,
        issued_on=today,
    )
