"""Department duties: the responsibility matrix (duty × department) and tasks logged against a duty."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from app.audit import service as audit
from app.db.tx import write_transaction
from app.i18n import N_
from app.people.tables import RESPONSIBILITY_LEVELS, Department, Duty, DutyResponsibility, DutyTask, Employee
from app.sync.changes import next_change_no, record_deletion
from app.timeutil import utcnow


@dataclass(frozen=True)
class DutyRow:
    id: int
    name: str
    description: str


@dataclass(frozen=True)
class Matrix:
    duties: list[DutyRow]
    departments: list[tuple[int, str]]
    levels: dict[tuple[int, int], str]  # (duty id, department id) -> owns | supports | informed


@dataclass(frozen=True)
class Owner:
    department_id: int
    department_name: str
    head_name: str  # "" when the department has no head


@dataclass(frozen=True)
class TaskOutcome:
    errors: dict[str, str] = field(default_factory=dict)
    owner: Owner | None = None  # set when the duty belongs to another department than the one logging
    saved: bool = False


@dataclass(frozen=True)
class TaskRow:
    id: int
    duty_name: str
    department_name: str
    owner_name: str  # the owning department when the task was logged by another one, else ""
    title: str
    logged_by: str
    at: datetime


async def matrix() -> Matrix:
    duties = [
        DutyRow(id=row["id"], name=row["name"], description=row["description"])
        for row in await Duty.select().order_by(Duty.name).run()
    ]
    departments = [
        (row["id"], row["name"])
        for row in await Department.select(Department.id, Department.name).order_by(Department.name).run()
    ]
    levels = {(row["duty"], row["department"]): row["level"] for row in await DutyResponsibility.select().run()}
    return Matrix(duties=duties, departments=departments, levels=levels)


async def create_duty(name: str, description: str, actor: audit.Actor) -> dict[str, str]:
    name, description = name.strip(), description.strip()
    if not name or len(name) > 80:
        return {"name": N_("Enter a name of 1 to 80 characters.")}
    if len(description) > 500:
        return {"description": N_("A description has at most 500 characters.")}
    async with write_transaction():
        if await Duty.exists().where(Duty.name == name).run():
            return {"name": N_("A duty with this name exists already.")}
        duty = Duty(name=name, description=description, created_at=utcnow(), change_no=await next_change_no())
        await duty.save().run()
        await audit.record(actor, "duty.create", "duty", duty.id, after={"name": name, "description": description})
    return {}


async def _owner_name(duty_id: int, department_id: int) -> str:
    """The name of the department other than department_id that owns the duty, or ""."""
    row = (
        await DutyResponsibility.select(DutyResponsibility.department.name)
        .where(
            (DutyResponsibility.duty == duty_id)
            & (DutyResponsibility.level == "owns")
            & (DutyResponsibility.department != department_id)
        )
        .first()
        .run()
    )
    return row["department.name"] if row else ""


async def set_level(duty_id: int, department_id: int, level: str, actor: audit.Actor) -> dict[str, str]:
    """One cell of the matrix; level "" clears it. A duty has one owning department at most."""
    if level and level not in RESPONSIBILITY_LEVELS:
        return {"level": N_("Choose owns, supports or informed.")}
    async with write_transaction():
        if (
            not await Duty.exists().where(Duty.id == duty_id).run()
            or not await Department.exists().where(Department.id == department_id).run()
        ):
            return {"": N_("This duty or department no longer exists.")}
        if level == "owns" and await _owner_name(duty_id, department_id):
            return {"level": N_("Another department owns this duty: change that first.")}
        cell = (DutyResponsibility.duty == duty_id) & (DutyResponsibility.department == department_id)
        before = (
            await DutyResponsibility.select(DutyResponsibility.id, DutyResponsibility.level).where(cell).first().run()
        )
        if before and level:
            await (
                DutyResponsibility.update(
                    {DutyResponsibility.level: level, DutyResponsibility.change_no: await next_change_no()}
                )
                .where(cell)
                .run()
            )
        elif before:
            await DutyResponsibility.delete().where(cell).run()
            await record_deletion(DutyResponsibility._meta.tablename, before["id"])
        elif level:
            await DutyResponsibility.insert(
                DutyResponsibility(
                    duty=duty_id, department=department_id, level=level, change_no=await next_change_no()
                )
            ).run()
        await audit.record(
            actor,
            "duty.responsibility",
            "duty",
            duty_id,
            before={"department": department_id, "level": before["level"] if before else ""},
            after={"department": department_id, "level": level},
        )
    return {}


async def level_of(duty_id: int, department_id: int) -> str:
    row = (
        await DutyResponsibility.select(DutyResponsibility.level)
        .where((DutyResponsibility.duty == duty_id) & (DutyResponsibility.department == department_id))
        .first()
        .run()
    )
    return row["level"] if row else ""


async def owner(duty_id: int) -> Owner | None:
    row = (
        await DutyResponsibility.select(
            DutyResponsibility.department, DutyResponsibility.department.name, DutyResponsibility.department.head
        )
        .where((DutyResponsibility.duty == duty_id) & (DutyResponsibility.level == "owns"))
        .first()
        .run()
    )
    if row is None:
        return None
    head = (
        await Employee.select(Employee.name).where(Employee.id == row["department.head"]).first().run()
        if row["department.head"]
        else None
    )
    return Owner(
        department_id=row["department"], department_name=row["department.name"], head_name=head["name"] if head else ""
    )


async def log_task(
    duty_id: int | None, department_id: int | None, title: str, confirmed: bool, actor: audit.Actor
) -> TaskOutcome:
    """Saved, unless the duty belongs to another department and the person has not confirmed after seeing
    who owns it: then nothing is saved and the outcome names the owner and its head."""
    title = title.strip()
    errors = {}
    if not duty_id or not await Duty.exists().where(Duty.id == duty_id).run():
        errors["duty_id"] = N_("Choose a duty from the list.")
    if not department_id or not await Department.exists().where(Department.id == department_id).run():
        errors["department_id"] = N_("Choose a department from the list.")
    if not title or len(title) > 200:
        errors["title"] = N_("Describe the task in 1 to 200 characters.")
    if errors:
        return TaskOutcome(errors=errors)
    found = await owner(duty_id)
    elsewhere = found if found and found.department_id != department_id else None
    if elsewhere and not confirmed:
        return TaskOutcome(owner=elsewhere)
    async with write_transaction():
        task = DutyTask(
            duty=duty_id,
            department=department_id,
            owner_department=found.department_id if found else None,
            title=title,
            logged_by=actor.name,
            at=utcnow(),
        )
        await task.save().run()
    return TaskOutcome(owner=elsewhere, saved=True)


async def recent_tasks(limit: int = 50) -> list[TaskRow]:
    rows = (
        await DutyTask.select(
            DutyTask.id,
            DutyTask.duty.name,
            DutyTask.department,
            DutyTask.department.name,
            DutyTask.owner_department,
            DutyTask.owner_department.name,
            DutyTask.title,
            DutyTask.logged_by,
            DutyTask.at,
        )
        .order_by(DutyTask.at, ascending=False)
        .limit(limit)
        .run()
    )
    return [
        TaskRow(
            id=row["id"],
            duty_name=row["duty.name"],
            department_name=row["department.name"],
            owner_name=row["owner_department.name"] if row["owner_department"] not in (None, row["department"]) else "",
            title=row["title"],
            logged_by=row["logged_by"],
            at=row["at"],
        )
        for row in rows
    ]


async def department_of(employee_id: int | None) -> int | None:
    """The department of a signed-in user's employee record: where the tasks they log come from by default."""
    if employee_id is None:
        return None
    row = await Employee.select(Employee.department).where(Employee.id == employee_id).first().run()
    return row["department"] if row else None
