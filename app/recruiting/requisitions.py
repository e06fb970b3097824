"""Requisitions: a department head asks for people for a post, HR approves or refuses (the approvals inbox
reminds when it waits), and the headcount per department against the plan."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.approvals import registry
from app.approvals import service as approvals
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import date_field, int_field
from app.i18n import N_
from app.people.tables import Department, Employee, Position
from app.recruiting import rules
from app.recruiting.tables import Application, Requisition
from app.timeutil import utcnow

KIND = "requisition"
REASONS = ("new_line", "replacement", "growth")
REASON_LABELS = {"new_line": N_("New line"), "replacement": N_("Replacement"), "growth": N_("More volume")}
MAX_REQUIREMENT_ROWS = 12
NOT_YOUR_DEPARTMENT = N_("You may ask only for the departments you head.")
NOT_PENDING = N_("This requisition has already been decided.")
REFUSAL_REASON = N_("Give a reason for the refusal.")


@dataclass(frozen=True)
class RequisitionInput:
    department_id: int
    position_id: int | None
    title: str
    headcount: int
    duties: str
    requirements: list[dict[str, str]]
    needed_by: date
    reason: str
    replaces_id: int | None
    adult_only: str = ""  # a rules.ADULT_ONLY_KINDS when minor workers may not take the post


def requirement_rows(values: dict[str, str]) -> list[dict[str, str]]:
    """The matrix rows typed in the form (requirement_0, dimension_0, priority_0, ...); empty rows dropped."""
    rows = []
    for index in range(MAX_REQUIREMENT_ROWS):
        text = values.get(f"requirement_{index}", "").strip()[:200]
        if text:
            dimension = values.get(f"dimension_{index}", "")
            priority = values.get(f"priority_{index}", "")
            rows.append(
                {
                    "dimension": dimension if dimension in rules.DIMENSIONS else "other",
                    "requirement": text,
                    "priority": priority if priority in rules.PRIORITIES else "should",
                }
            )
    return rows


async def _replaces(code: str) -> int | None:
    if not code:
        return None
    row = await Employee.select(Employee.id).where(Employee.employee_code == code).first().run()
    if row is None:
        raise Refused(N_("No employee has this code."), field="replaces")
    return row["id"]


async def parse(values: dict[str, str], today: date) -> RequisitionInput:
    """The form checked; a Refused names the first field in error."""
    department = int_field(values.get("department_id"), "department_id", minimum=1)
    if not await Department.exists().where(Department.id == department).run():
        raise Refused(N_("Choose a department from the list."), field="department_id")
    position = int_field(values.get("position_id"), "position_id", minimum=1, required=False)
    if position and not await Position.exists().where(Position.id == position).run():
        raise Refused(N_("Choose a position from the list."), field="position_id")
    title = values.get("title", "").strip()
    if not title or len(title) > 60:
        raise Refused(N_("Enter the post, at most 60 characters."), field="title")
    headcount = int_field(values.get("headcount"), "headcount", minimum=1, maximum=rules.MAX_HEADCOUNT)
    needed_by = date_field(values.get("needed_by"), "needed_by")
    if needed_by < today:
        raise Refused(N_("Enter a date from today on."), field="needed_by")
    reason = values.get("reason", "")
    if reason not in REASONS:
        raise Refused(N_("Choose the reason from the list."), field="reason")
    replaces = await _replaces(values.get("replaces", "").strip())
    if reason == "replacement" and replaces is None:
        raise Refused(N_("Enter the code of the employee this post replaces."), field="replaces")
    requirements = requirement_rows(values)
    adult_only = values.get("adult_only", "")
    if adult_only and adult_only not in rules.ADULT_ONLY_KINDS:
        raise Refused(N_("Choose from the list why the post is banned for minor workers."), field="adult_only")
    return RequisitionInput(
        department,
        position,
        title,
        headcount,
        values.get("duties", "")[:2000],
        requirements,
        needed_by,
        reason,
        replaces,
        adult_only,
    )


async def headed_departments(employee_id: int | None) -> list[int]:
    if employee_id is None:
        return []
    return [row["id"] for row in await Department.select(Department.id).where(Department.head == employee_id).run()]


async def may_ask_for(user, department_id: int) -> bool:
    return user.has_any("hr") or department_id in await headed_departments(user.employee_id)


async def create(data: RequisitionInput, user, actor: audit.Actor) -> int:
    if not await may_ask_for(user, data.department_id):
        raise Refused(NOT_YOUR_DEPARTMENT, field="department_id", status=403)
    async with write_transaction():
        rows = (
            await Requisition.insert(
                Requisition(
                    department=data.department_id,
                    position=data.position_id,
                    title=data.title,
                    headcount=data.headcount,
                    duties=data.duties,
                    requirements=json.dumps(data.requirements, ensure_ascii=False),
                    needed_by=data.needed_by,
                    reason=data.reason,
                    replaces=data.replaces_id,
                    adult_only=data.adult_only,
                    requested_by=actor.name,
                    created_at=utcnow(),
                )
            )
            .returning(Requisition.id)
            .run()
        )
        requisition_id = rows[0]["id"]
        filer = user.employee_id or await _department_head(data.department_id)
        if filer is not None:  # the inbox needs someone the request is about; HR sees every pending one anyway
            summary = f"{data.title} × {data.headcount}"
            await approvals.file(KIND, str(requisition_id), filer, summary, 0, hr_only=True)
        await audit.record(
            actor,
            "requisition.create",
            "requisition",
            requisition_id,
            after={"department": data.department_id, "title": data.title, "headcount": data.headcount},
        )
    return requisition_id


async def _department_head(department_id: int) -> int | None:
    row = await Department.select(Department.head).where(Department.id == department_id).first().run()
    return row["head"] if row else None


async def _set_decision(requisition_id: int, approved: bool, reason: str, actor: audit.Actor) -> None:
    row = await Requisition.select(Requisition.status).where(Requisition.id == requisition_id).first().run()
    if row is None or row["status"] != rules.RequisitionStatus.PENDING:
        raise Refused(NOT_PENDING, status=409)
    status = rules.RequisitionStatus.OPEN if approved else rules.RequisitionStatus.REFUSED
    await (
        Requisition.update(
            {
                Requisition.status: status,
                Requisition.decided_at: utcnow(),
                Requisition.decided_by: actor.name,
                Requisition.decision_reason: reason[:200],
            }
        )
        .where(Requisition.id == requisition_id)
        .run()
    )
    if approved:
        await audit.record(actor, "requisition.approve", "requisition", requisition_id, after={"reason": reason})
    else:
        await audit.record(actor, "requisition.refuse", "requisition", requisition_id, after={"reason": reason})


async def decide(requisition_id: int, approved: bool, reason: str, actor: audit.Actor) -> None:
    """HR decides on the requisition's page; the approvals item, if any, is closed with it."""
    if not approved and not reason.strip():
        raise Refused(REFUSAL_REASON, field="reason")
    async with write_transaction():
        await _set_decision(requisition_id, approved, reason.strip(), actor)
        await approvals.cancel(KIND, str(requisition_id))


async def decided(ref: str, approved: bool, reason: str, actor: audit.Actor) -> None:
    """The approvals inbox decided (inside its transaction)."""
    await _set_decision(int(ref), approved, reason, actor)


async def describe(refs: list[str]) -> dict[str, str]:
    ids = [int(ref) for ref in refs if ref.isascii() and ref.isdigit()]
    if not ids:
        return {}
    rows = (
        await Requisition.select(Requisition.id, Requisition.title, Requisition.headcount)
        .where(Requisition.id.is_in(ids))
        .run()
    )
    return {str(row["id"]): f"{row['title']} × {row['headcount']}" for row in rows}


registry.register(
    registry.Kind(KIND, N_("Requisition"), lambda ref: f"/recruiting/requisitions/{ref}", decided, describe)
)


def _loaded(row: dict[str, Any]) -> dict[str, Any]:
    requirements = row.get("requirements", "[]")
    row["requirements"] = json.loads(requirements) if isinstance(requirements, str) else requirements
    return row


async def get(requisition_id: int) -> dict[str, Any] | None:
    row = (
        await Requisition.select(
            Requisition.all_columns(),
            Requisition.department.name.as_alias("department_name"),
            Requisition.position.name.as_alias("position_name"),
            Requisition.replaces.name.as_alias("replaces_name"),
            Requisition.replaces.employee_code.as_alias("replaces_code"),
        )
        .where(Requisition.id == requisition_id)
        .first()
        .run()
    )
    return _loaded(row) if row else None


async def listing(user, status: str = "") -> list[dict[str, Any]]:
    """HR sees every requisition; a department head those of the departments they head."""
    query = Requisition.select(
        Requisition.all_columns(exclude=[Requisition.duties, Requisition.requirements]),
        Requisition.department.name.as_alias("department_name"),
    ).order_by(Requisition.id, ascending=False)
    if status:
        query = query.where(Requisition.status == status)
    if not user.has_any("hr"):
        query = query.where(Requisition.department.is_in(await headed_departments(user.employee_id) or [0]))
    rows = await query.run()
    hired = await hired_counts([row["id"] for row in rows])
    return [{**row, "hired": hired.get(row["id"], 0)} for row in rows]


async def hired_counts(requisition_ids: list[int]) -> dict[int, int]:
    if not requisition_ids:
        return {}
    rows = (
        await Application.select(Application.requisition)
        .where(Application.requisition.is_in(requisition_ids) & (Application.stage == rules.Stage.HIRED))
        .run()
    )
    counts: dict[int, int] = {}
    for row in rows:
        counts[row["requisition"]] = counts.get(row["requisition"], 0) + 1
    return counts


async def headcount_by_department() -> list[dict[str, Any]]:
    """Per department: the planned headcount (its positions' plan), people employed now, and people asked for
    in open and pending requisitions, less those already hired on them."""
    departments = await Department.select(Department.id, Department.name).order_by(Department.name).run()
    plans = await Position.select(Position.department, Position.planned_headcount).run()
    staff = await Employee.select(Employee.department).where(Employee.status != "left").run()
    asked = (
        await Requisition.select(Requisition.id, Requisition.department, Requisition.headcount)
        .where(Requisition.status.is_in([rules.RequisitionStatus.OPEN, rules.RequisitionStatus.PENDING]))
        .run()
    )
    hired = await hired_counts([row["id"] for row in asked])
    table = []
    for department in departments:
        key = department["id"]
        plan = [row["planned_headcount"] for row in plans if row["department"] == key and row["planned_headcount"]]
        table.append(
            {
                **department,
                "planned": sum(plan) if plan else None,
                "employed": sum(1 for row in staff if row["department"] == key),
                "asked": sum(row["headcount"] - hired.get(row["id"], 0) for row in asked if row["department"] == key),
            }
        )
    return [row for row in table if row["planned"] or row["employed"] or row["asked"]]


async def choices(user) -> dict[str, list[dict[str, Any]]]:
    departments = Department.select(Department.id, Department.name).order_by(Department.name)
    if not user.has_any("hr"):
        departments = departments.where(Department.id.is_in(await headed_departments(user.employee_id) or [0]))
    return {
        "departments": await departments.run(),
        "positions": await Position.select(Position.id, Position.name).order_by(Position.name).run(),
    }
