"""Importing an existing roster (xlsx or csv): read the file, check it against the plant, write it in one go."""

from __future__ import annotations

from dataclasses import dataclass

from app import spreadsheets
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.people.imports import rules
from app.people.imports.rules import Roster, RosterProblem, RosterRow
from app.people.lifecycle.events import new_event
from app.people.tables import Department, Employee, EmploymentEvent, Position
from app.sync.changes import next_change_no
from app.timeutil import utcnow

CHUNK = 1000  # rows per insert statement


@dataclass(frozen=True)
class ImportResult:
    roster: Roster
    imported: int  # 0 when refused: then nothing was written


def read_rows(filename: str, content: bytes) -> tuple[list[list[object]], list[RosterProblem]]:
    """The cells of the first worksheet (xlsx) or of a csv file, measured before they are parsed."""
    try:
        limits = spreadsheets.Limits(rows=rules.MAX_ROWS)
        return spreadsheets.read_table(filename, content, limits, scan_rows=rules.HEADER_SCAN_ROWS + 1), []
    except Refused as refused:
        return [], [RosterProblem(refused.message, refused.params)]


def parse_file(filename: str, content: bytes) -> Roster:
    rows, problems = read_rows(filename, content)
    return Roster(problems=problems) if problems else rules.parse(rows)


async def _plant() -> tuple[set[str], dict[str, int], dict[tuple[str, str], int]]:
    """Codes in use, departments by name, positions by (name, department name or "")."""
    codes = {row["employee_code"] for row in await Employee.select(Employee.employee_code).run()}
    departments = {row["name"]: row["id"] for row in await Department.select(Department.id, Department.name).run()}
    positions = {
        (row["name"], row["department.name"] or ""): row["id"]
        for row in await Position.select(Position.id, Position.name, Position.department.name).run()
    }
    return codes, departments, positions


async def check(roster: Roster, create_missing: bool) -> Roster:
    codes, departments, positions = await _plant()
    return rules.check_against(roster, codes, set(departments), set(positions), create_missing)


async def preview(filename: str, content: bytes, create_missing: bool = False) -> Roster:
    return await check(parse_file(filename, content), create_missing)


async def import_roster(
    filename: str, content: bytes, valid_only: bool, create_missing: bool, actor: audit.Actor
) -> ImportResult:
    """All rows, or with valid_only the rows without problems, in one transaction; refused (nothing written)
    when the file has a problem, when any row has one and valid_only is off, or when no row is valid."""
    roster = parse_file(filename, content)
    async with write_transaction():
        await check(roster, create_missing)  # again inside the transaction: the plant may have changed
        if roster.problems or not roster.valid_rows or (roster.invalid_rows and not valid_only):
            return ImportResult(roster=roster, imported=0)
        _, departments, positions = await _plant()
        await _add_employees(roster.valid_rows, departments, positions, actor)
    return ImportResult(roster=roster, imported=len(roster.valid_rows))


async def _department_id(name: str, departments: dict[str, int], actor: audit.Actor) -> int | None:
    if not name:
        return None
    if name not in departments:
        department = Department(name=name, created_at=utcnow(), change_no=await next_change_no())
        await department.save().run()
        await audit.record(
            actor, "department.create", "department", department.id, after={"name": name, "source": "import"}
        )
        departments[name] = department.id
    return departments[name]


async def _position_id(
    name: str, department: str, department_id: int | None, positions: dict[tuple[str, str], int], actor: audit.Actor
) -> int | None:
    if not name:
        return None
    found = positions.get((name, department)) or positions.get((name, ""))
    if found:
        return found
    position = Position(name=name, department=department_id, created_at=utcnow(), change_no=await next_change_no())
    await position.save().run()
    await audit.record(actor, "position.create", "position", position.id, after={"name": name, "source": "import"})
    positions[(name, department)] = position.id
    return position.id


async def _employee(
    row: RosterRow, departments: dict[str, int], positions: dict[tuple[str, str], int], actor: audit.Actor
) -> Employee:
    values = row.values
    department_id = await _department_id(values["department"], departments, actor)
    position_id = await _position_id(values["position"], values["department"], department_id, positions, actor)
    now = utcnow()
    return Employee(
        employee_code=values["employee_code"],
        name=values["name"],
        gender=values["gender"],
        birth_date=values["birth_date"],
        phone=values["phone"],
        status=values["status"],
        hire_date=values["hire_date"],
        department=department_id,
        position=position_id,
        created_at=now,
        updated_at=now,
        change_no=await next_change_no(),
    )


async def _add_employees(
    rows: list[RosterRow], departments: dict[str, int], positions: dict[tuple[str, str], int], actor: audit.Actor
) -> None:
    """Employees and their hire events in multi-row inserts (chunked: PostgreSQL takes at most 32,767
    parameters a statement); each employee keeps its own change number and audit entry."""
    employees = [await _employee(row, departments, positions, actor) for row in rows]
    for start in range(0, len(employees), CHUNK):
        await Employee.insert(*employees[start : start + CHUNK]).run()
    codes = [row.values["employee_code"] for row in rows]
    ids = {
        found["employee_code"]: found["id"]
        for found in await Employee.select(Employee.id, Employee.employee_code)
        .where(Employee.employee_code.is_in(codes))
        .run()
    }
    events = [
        new_event(
            ids[row.values["employee_code"]],
            "hire",
            row.values["hire_date"],
            {
                "source": "import",
                "line": row.line,
                "department": row.values["department"],
                "position": row.values["position"],
            },
            actor,
        )
        for row in rows
    ]
    for start in range(0, len(events), CHUNK):
        await EmploymentEvent.insert(*events[start : start + CHUNK]).run()
    for row in rows:
        await audit.record(actor, "employee.import", "employee", ids[row.values["employee_code"]], after=row.values)
