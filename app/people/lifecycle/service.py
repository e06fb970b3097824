"""Confirming from probation and transfers (department, position, shift, grade) with an effective date."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date

from app.audit import service as audit
from app.db.tx import write_transaction
from app.i18n import N_
from app.people import shifts
from app.people.lifecycle.events import record_event
from app.people.tables import Department, Employee, EmploymentEvent, Position
from app.sync.changes import next_change_no
from app.timeutil import utcnow

ConfirmationCheck = Callable[[int], Awaitable[list[str]]]
_confirmation_checks: list[ConfirmationCheck] = []
GONE = N_("This employee no longer exists.")


def add_confirmation_check(check: ConfirmationCheck) -> None:
    """Another capability (training: the three-level safety education) adds a reason to refuse a confirmation.
    A check returns English messages marked for translation; an empty list lets the confirmation through."""
    if check not in _confirmation_checks:
        _confirmation_checks.append(check)


async def confirmation_blockers(employee_id: int) -> list[str]:
    """Why the employee cannot be confirmed from probation now: [] when they can."""
    row = await Employee.select(Employee.status).where(Employee.id == employee_id).first().run()
    if row is None:
        return [GONE]
    if row["status"] != "probation":
        return [N_("Only an employee on probation can be confirmed.")]
    blockers: list[str] = []
    for check in _confirmation_checks:
        blockers.extend(await check(employee_id))
    return blockers


@dataclass(frozen=True)
class Outcome:
    """What a lifecycle step did: errors by field ("" for the whole form), or nothing when it worked."""

    errors: dict[str, str] = field(default_factory=dict)
    scheduled: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


async def confirm(employee_id: int, effective_date: date, actor: audit.Actor) -> Outcome:
    async with write_transaction():
        blockers = await confirmation_blockers(employee_id)
        if blockers:
            return Outcome(errors={"": "\n".join(blockers)})
        hired = await Employee.select(Employee.hire_date).where(Employee.id == employee_id).first().run()
        if hired["hire_date"] and effective_date < hired["hire_date"]:
            return Outcome(errors={"effective_date": N_("The date cannot be before the hire date.")})
        await (
            Employee.update(
                {Employee.status: "active", Employee.updated_at: utcnow(), Employee.change_no: await next_change_no()}
            )
            .where(Employee.id == employee_id)
            .run()
        )
        await record_event(employee_id, "confirm", effective_date, {}, actor)
        await audit.record(
            actor,
            "employee.confirm",
            "employee",
            employee_id,
            before={"status": "probation"},
            after={"status": "active", "effective_date": effective_date},
        )
    return Outcome()


@dataclass(frozen=True)
class TransferInput:
    effective_date: date
    department_id: int | None
    position_id: int | None
    skill_grade: int
    shift_id: int | None = None
    note: str = ""


async def _names(department_id: int | None, position_id: int | None) -> tuple[str, str]:
    department = (
        await Department.select(Department.name).where(Department.id == department_id).first().run()
        if department_id
        else None
    )
    position = (
        await Position.select(Position.name).where(Position.id == position_id).first().run() if position_id else None
    )
    return (department or {}).get("name", ""), (position or {}).get("name", "")


async def _transfer_errors(data: TransferInput, current: dict) -> dict[str, str]:
    if current["status"] == "left":
        return {"": N_("This employee has left.")}
    if current["hire_date"] and data.effective_date < current["hire_date"]:
        return {"effective_date": N_("The date cannot be before the hire date.")}
    if data.department_id and not await Department.exists().where(Department.id == data.department_id).run():
        return {"department_id": N_("Choose a department from the list.")}
    if data.position_id:
        position = await Position.select(Position.department).where(Position.id == data.position_id).first().run()
        if position is None:
            return {"position_id": N_("Choose a position from the list.")}
        if position["department"] and position["department"] != data.department_id:
            return {"position_id": N_("This position belongs to another department.")}
    if data.shift_id and not await shifts.shift_exists(data.shift_id):
        return {"shift_id": N_("Choose a shift from the list.")}
    unchanged = (current["department"], current["position"], current["skill_grade"]) == (
        data.department_id,
        data.position_id,
        data.skill_grade,
    )
    if unchanged and not data.shift_id:
        return {"": N_("Nothing changes: choose another department, position, shift or grade.")}
    return {}


async def _details(data: TransferInput, current: dict) -> dict:
    old_department, old_position = await _names(current["department"], current["position"])
    new_department, new_position = await _names(data.department_id, data.position_id)
    return {
        "from": {
            "department_id": current["department"],
            "department": old_department,
            "position_id": current["position"],
            "position": old_position,
            "skill_grade": current["skill_grade"],
        },
        "to": {
            "department_id": data.department_id,
            "department": new_department,
            "position_id": data.position_id,
            "position": new_position,
            "skill_grade": data.skill_grade,
            "shift_id": data.shift_id,
            "shift": await shifts.shift_name(data.shift_id),
        },
        "note": data.note,
    }


async def transfer(employee_id: int, data: TransferInput, today: date, actor: audit.Actor) -> Outcome:
    """Applied now when effective today or earlier; a later date waits as a scheduled event until that day."""
    async with write_transaction():
        current = await Employee.select().where(Employee.id == employee_id).first().run()
        if current is None:
            return Outcome(errors={"": GONE})
        errors = await _transfer_errors(data, current)
        if errors:
            return Outcome(errors=errors)
        details = await _details(data, current)
        scheduled = data.effective_date > today
        event_id = await record_event(
            employee_id, "transfer", data.effective_date, details, actor, status="scheduled" if scheduled else "done"
        )
        if not scheduled:
            await _apply_transfer(employee_id, data.effective_date, details["to"], actor)
        await audit.record(
            actor,
            "employee.transfer",
            "employee",
            employee_id,
            before=details["from"],
            after={**details["to"], "effective_date": data.effective_date, "event": event_id},
        )
    return Outcome(scheduled=scheduled)


async def _apply_transfer(employee_id: int, effective_date: date, target: dict, actor: audit.Actor) -> None:
    await (
        Employee.update(
            {
                Employee.department: target["department_id"],
                Employee.position: target["position_id"],
                Employee.skill_grade: target["skill_grade"],
                Employee.updated_at: utcnow(),
                Employee.change_no: await next_change_no(),
            }
        )
        .where(Employee.id == employee_id)
        .run()
    )
    if target.get("shift_id"):
        code = await Employee.select(Employee.employee_code).where(Employee.id == employee_id).first().run()
        await shifts.assign_shift(
            code["employee_code"], target["department_id"], target["shift_id"], effective_date, actor
        )


async def cancel_transfer(employee_id: int, event_id: int, actor: audit.Actor) -> Outcome:
    async with write_transaction():
        found = (
            await EmploymentEvent.update({EmploymentEvent.status: "cancelled"})
            .where(
                (EmploymentEvent.id == event_id)
                & (EmploymentEvent.employee == employee_id)
                & (EmploymentEvent.kind == "transfer")
                & (EmploymentEvent.status == "scheduled")
            )
            .returning(EmploymentEvent.id)
            .run()
        )
        if not found:
            return Outcome(errors={"": N_("This transfer is no longer scheduled.")})
        await audit.record(actor, "employee.transfer_cancelled", "employee", employee_id, after={"event": event_id})
    return Outcome()


async def apply_due_transfers(today: date, actor: audit.Actor = audit.SYSTEM) -> int:
    """Carry out scheduled transfers whose effective date has come (one for someone who has left meanwhile is
    cancelled); returns how many were carried out."""
    is_due = (
        (EmploymentEvent.kind == "transfer")
        & (EmploymentEvent.status == "scheduled")
        & (EmploymentEvent.effective_date <= today)
    )
    if not await EmploymentEvent.exists().where(is_due).run():
        return 0  # the usual case: no write lock taken
    applied = 0
    async with write_transaction():
        due = (
            await EmploymentEvent.select(*EmploymentEvent.all_columns(), EmploymentEvent.employee.status)
            .where(is_due)
            .order_by(EmploymentEvent.id)
            .output(load_json=True)
            .run()
        )
        for event in due:
            gone = event["employee.status"] == "left"
            if not gone:
                await _apply_transfer(event["employee"], event["effective_date"], event["details"]["to"], actor)
                applied += 1
            await (
                EmploymentEvent.update({EmploymentEvent.status: "cancelled" if gone else "done"})
                .where(EmploymentEvent.id == event["id"])
                .run()
            )
            await audit.record(
                actor,
                "employee.transfer_cancelled" if gone else "employee.transfer_applied",
                "employee",
                event["employee"],
                after={"event": event["id"]},
            )
    return applied
