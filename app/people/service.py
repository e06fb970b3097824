"""Use cases for people: search, read, create and edit employees; departments and positions."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date

from piccolo.query.functions.aggregate import Count

from app.audit import service as audit
from app.db.search import contains
from app.db.tx import write_transaction
from app.i18n import N_
from app.people import plant_settings, rules
from app.people.lifecycle.events import record_event
from app.people.tables import Department, Employee, Position
from app.sync.changes import next_change_no
from app.timeutil import utcnow

PER_PAGE = 25
CODE_TAKEN = N_("This employee code is already in use.")


@dataclass(frozen=True)
class EmployeeInput:
    """Validated values of the employee form (see app.people.forms)."""

    employee_code: str
    name: str
    gender: str
    birth_date: date | None
    phone: str
    status: str
    hire_date: date | None
    department_id: int | None
    position_id: int | None
    supervisor_id: int | None
    skill_grade: int


@dataclass(frozen=True)
class EmployeeRow:
    id: int
    employee_code: str
    name: str
    gender: str
    birth_date: date | None
    phone: str
    status: str
    hire_date: date | None
    department_id: int | None
    department_name: str
    position_id: int | None
    position_name: str
    supervisor_id: int | None
    supervisor_name: str
    skill_grade: int


@dataclass(frozen=True)
class EmployeePage:
    items: list[EmployeeRow]
    total: int
    page: int
    pages: int
    query: str


@dataclass(frozen=True)
class SaveResult:
    employee_id: int | None = None
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DepartmentRow:
    id: int
    name: str
    code: str
    parent_id: int | None
    headcount: int


@dataclass(frozen=True)
class PositionRow:
    id: int
    name: str
    department_id: int | None
    department_name: str


_COLUMNS = (
    Employee.id,
    Employee.employee_code,
    Employee.name,
    Employee.gender,
    Employee.birth_date,
    Employee.phone,
    Employee.status,
    Employee.hire_date,
    Employee.department,
    Employee.department.name,
    Employee.position,
    Employee.position.name,
    Employee.supervisor,
    Employee.supervisor.name,
    Employee.skill_grade,
)


def _row(raw: dict) -> EmployeeRow:
    return EmployeeRow(
        id=raw["id"],
        employee_code=raw["employee_code"],
        name=raw["name"],
        gender=raw["gender"],
        birth_date=raw["birth_date"],
        phone=raw["phone"],
        status=raw["status"],
        hire_date=raw["hire_date"],
        department_id=raw["department"],
        department_name=raw["department.name"] or "",
        position_id=raw["position"],
        position_name=raw["position.name"] or "",
        supervisor_id=raw["supervisor"],
        supervisor_name=raw["supervisor.name"] or "",
        skill_grade=raw["skill_grade"],
    )


def _search_filter(query: str, department_id: int | None, status: str | None):
    condition = Employee.id.is_not_null()
    if query:
        condition &= (
            contains(Employee.name, query) | contains(Employee.employee_code, query) | contains(Employee.phone, query)
        )
    if department_id:
        condition &= Employee.department == department_id
    if status:
        condition &= Employee.status == status
    return condition


async def search_employees(
    query: str = "",
    page: int = 1,
    department_id: int | None = None,
    status: str | None = None,
    per_page: int = PER_PAGE,
) -> EmployeePage:
    condition = _search_filter(query.strip(), department_id, status)
    total = await Employee.count().where(condition).run()
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = await (
        Employee.select(*_COLUMNS)
        .where(condition)
        .order_by(Employee.employee_code)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .run()
    )
    return EmployeePage(items=[_row(row) for row in rows], total=total, page=page, pages=pages, query=query)


async def all_employees() -> list[EmployeeRow]:
    rows = await Employee.select(*_COLUMNS).order_by(Employee.employee_code).run()
    return [_row(row) for row in rows]


async def employee_code_taken(code: str) -> bool:
    return await Employee.exists().where(Employee.employee_code == code).run()


async def get_employee(employee_id: int) -> EmployeeRow | None:
    raw = await Employee.select(*_COLUMNS).where(Employee.id == employee_id).first().run()
    return _row(raw) if raw else None


def _values(data: EmployeeInput) -> dict:
    return {
        "employee_code": data.employee_code,
        "name": data.name,
        "gender": data.gender,
        "birth_date": data.birth_date,
        "phone": data.phone,
        "status": data.status,
        "hire_date": data.hire_date,
        "department": data.department_id,
        "position": data.position_id,
        "supervisor": data.supervisor_id,
        "skill_grade": data.skill_grade,
    }


async def _reference_errors(data: EmployeeInput, employee_id: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    taken = Employee.employee_code == data.employee_code
    if employee_id is not None:
        taken &= Employee.id != employee_id
    if await Employee.exists().where(taken).run():
        errors["employee_code"] = CODE_TAKEN
    if data.department_id and not await Department.exists().where(Department.id == data.department_id).run():
        errors["department_id"] = N_("Choose a department from the list.")
    if data.position_id and not await Position.exists().where(Position.id == data.position_id).run():
        errors["position_id"] = N_("Choose a position from the list.")
    if data.supervisor_id and (
        data.supervisor_id == employee_id or not await Employee.exists().where(Employee.id == data.supervisor_id).run()
    ):
        errors["supervisor_id"] = N_("Choose another employee as supervisor.")
    return errors


async def create_employee(data: EmployeeInput, actor: audit.Actor) -> SaveResult:
    async with write_transaction():
        errors = await _reference_errors(data, None)
        if errors:
            return SaveResult(errors=errors)
        now = utcnow()
        employee = Employee(**_values(data), created_at=now, updated_at=now, change_no=await next_change_no())
        await employee.save().run()
        await record_event(employee.id, "hire", data.hire_date or now.date(), {"source": "form"}, actor)
        await audit.record(actor, "employee.create", "employee", employee.id, after=asdict(data))
    return SaveResult(employee_id=employee.id)


async def update_employee(employee_id: int, data: EmployeeInput, actor: audit.Actor) -> SaveResult:
    async with write_transaction():
        current = await Employee.select().where(Employee.id == employee_id).first().run()
        if current is None:
            return SaveResult(errors={"": N_("This employee no longer exists.")})
        errors = await _reference_errors(data, employee_id)
        if errors:
            return SaveResult(errors=errors)
        values = _values(data)
        before, after = audit.changed_fields({key: current[key] for key in values}, values)
        if after:
            await (
                Employee.update({**values, "updated_at": utcnow(), "change_no": await next_change_no()})
                .where(Employee.id == employee_id)
                .run()
            )
            await audit.record(actor, "employee.update", "employee", employee_id, before=before, after=after)
    return SaveResult(employee_id=employee_id)


async def list_departments() -> list[DepartmentRow]:
    departments = await Department.select().order_by(Department.name).run()
    counts = (
        await Employee.select(Employee.department, Count(alias="count"))
        .where(Employee.status != "left")
        .group_by(Employee.department)
        .run()
    )
    by_department = {row["department"]: row["count"] for row in counts}
    return [
        DepartmentRow(
            id=d["id"], name=d["name"], code=d["code"], parent_id=d["parent"], headcount=by_department.get(d["id"], 0)
        )
        for d in departments
    ]


async def create_department(name: str, code: str, parent_id: int | None, actor: audit.Actor) -> dict[str, str]:
    """Errors by field, or {} when saved."""
    name = name.strip()
    if not name:
        return {"name": N_("Enter a name.")}
    if len(name) > 60:
        return {"name": N_("A name has at most 60 characters.")}
    async with write_transaction():
        if await Department.exists().where(Department.name == name).run():
            return {"name": N_("A department with this name exists already.")}
        department = Department(
            name=name, code=code.strip()[:20], parent=parent_id, created_at=utcnow(), change_no=await next_change_no()
        )
        await department.save().run()
        await audit.record(actor, "department.create", "department", department.id, after={"name": name, "code": code})
    return {}


async def list_positions() -> list[PositionRow]:
    rows = (
        await Position.select(Position.id, Position.name, Position.department, Position.department.name)
        .order_by(Position.name)
        .run()
    )
    return [
        PositionRow(
            id=r["id"], name=r["name"], department_id=r["department"], department_name=r["department.name"] or ""
        )
        for r in rows
    ]


async def create_position(name: str, department_id: int | None, actor: audit.Actor) -> dict[str, str]:
    name = name.strip()
    if not name:
        return {"name": N_("Enter a name.")}
    if len(name) > 60:
        return {"name": N_("A name has at most 60 characters.")}
    async with write_transaction():
        if department_id and not await Department.exists().where(Department.id == department_id).run():
            return {"department_id": N_("Choose a department from the list.")}
        position = Position(name=name, department=department_id, created_at=utcnow(), change_no=await next_change_no())
        await position.save().run()
        await audit.record(actor, "position.create", "position", position.id, after={"name": name})
    return {}


async def suggested_code() -> str:
    """The next employee code after the plant's pattern (Plant page), or after the shape most codes have."""
    codes = [row["employee_code"] for row in await Employee.select(Employee.employee_code).run()]
    pattern = await plant_settings.read_text(plant_settings.EMPLOYEE_CODE_PATTERN)
    return rules.next_employee_code(pattern or rules.inferred_code_pattern(codes), codes)
