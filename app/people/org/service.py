"""The organisation: the department tree with heads, positions and headcount (actual against planned)."""

from __future__ import annotations

from dataclasses import dataclass

from piccolo.query.functions.aggregate import Count

from app.audit import service as audit
from app.db.tx import write_transaction
from app.i18n import N_
from app.people import rules
from app.people.tables import Department, Employee, Position
from app.sync.changes import next_change_no


@dataclass(frozen=True)
class PositionCount:
    id: int
    name: str
    department_id: int | None
    actual: int
    planned: int | None


@dataclass(frozen=True)
class OrgNode:
    id: int
    name: str
    code: str
    depth: int
    parent_id: int | None
    head_id: int | None
    head_name: str
    positions: list[PositionCount]
    actual: int  # people in the department (not left), with or without a position
    planned: int | None  # the sum of its positions' planned headcounts; None when none is planned

    @property
    def gap(self) -> int | None:
        return None if self.planned is None else self.actual - self.planned


async def _counts(column) -> dict[int | None, int]:
    """People not left, by department or by position."""
    rows = await Employee.select(column, Count(alias="count")).where(Employee.status != "left").group_by(column).run()
    return {row[column._meta.name]: row["count"] for row in rows}


async def position_counts() -> dict[int, PositionCount]:
    """Every position with the people holding it (not left) and its planned headcount."""
    actual = await _counts(Employee.position)
    rows = await Position.select().order_by(Position.name).run()
    return {
        row["id"]: PositionCount(
            id=row["id"],
            name=row["name"],
            department_id=row["department"],
            actual=actual.get(row["id"], 0),
            planned=row["planned_headcount"],
        )
        for row in rows
    }


def _planned(positions: list[PositionCount]) -> int | None:
    planned = [position.planned for position in positions if position.planned is not None]
    return sum(planned) if planned else None


@dataclass(frozen=True)
class OrgChart:
    roots: list[OrgNode]
    children: dict[int, list[OrgNode]]  # department id -> its parts, in display order
    plant_wide: list[PositionCount]  # positions of no department
    actual: int  # everyone on the staff

    @property
    def planned(self) -> int | None:
        planned = [node.planned for node in self.nodes if node.planned is not None] + [
            position.planned for position in self.plant_wide if position.planned is not None
        ]
        return sum(planned) if planned else None

    def total(self, node: OrgNode) -> int:
        """People in the department and in all its parts."""
        return node.actual + sum(self.total(child) for child in self.children.get(node.id, []))

    @property
    def nodes(self) -> list[OrgNode]:
        return self.roots + [node for nodes in self.children.values() for node in nodes]


def _node(row: dict, depth: int, head_name: str, positions: list[PositionCount], actual: int) -> OrgNode:
    return OrgNode(
        id=row["id"],
        name=row["name"],
        code=row["code"],
        depth=depth,
        parent_id=row["parent"],
        head_id=row["head"],
        head_name=head_name,
        positions=positions,
        actual=actual,
        planned=_planned(positions),
    )


async def org_chart() -> OrgChart:
    """Every department under its parent, with its head, positions and headcount."""
    departments = {row["id"]: row for row in await Department.select().order_by(Department.name).run()}
    heads = {
        row["id"]: row["name"]
        for row in await Employee.select(Employee.id, Employee.name)
        .where(Employee.id.is_in([d["head"] for d in departments.values() if d["head"]] or [0]))
        .run()
    }
    by_department = await _counts(Employee.department)
    positions: dict[int | None, list[PositionCount]] = {}
    for count in (await position_counts()).values():
        positions.setdefault(count.department_id, []).append(count)
    roots: list[OrgNode] = []
    children: dict[int, list[OrgNode]] = {}
    path: list[int] = []  # the ancestors of the next node, by depth
    for department_id, depth in rules.tree_order(
        {key: row["parent"] for key, row in departments.items()}, list(departments)
    ):
        row = departments[department_id]
        node = _node(
            row,
            depth,
            heads.get(row["head"], ""),
            positions.get(department_id, []),
            by_department.get(department_id, 0),
        )
        del path[depth:]
        (children.setdefault(path[-1], []) if path else roots).append(node)
        path.append(department_id)
    return OrgChart(
        roots=roots, children=children, plant_wide=positions.get(None, []), actual=sum(by_department.values())
    )


@dataclass(frozen=True)
class DepartmentInfo:
    id: int
    name: str
    code: str
    parent_id: int | None
    head_id: int | None


async def get_department(department_id: int) -> DepartmentInfo | None:
    row = await Department.select().where(Department.id == department_id).first().run()
    return (
        DepartmentInfo(id=row["id"], name=row["name"], code=row["code"], parent_id=row["parent"], head_id=row["head"])
        if row
        else None
    )


async def update_department(
    department_id: int, name: str, code: str, parent_id: int | None, head_id: int | None, actor: audit.Actor
) -> dict[str, str]:
    """Errors by field, or {} when saved: a name, a parent that does not put it inside itself, a head on the staff."""
    name = name.strip()
    if not name or len(name) > 60:
        return {"name": N_("Enter a name of 1 to 60 characters.")}
    async with write_transaction():
        current = await Department.select().where(Department.id == department_id).first().run()
        if current is None:
            return {"": N_("This department no longer exists.")}
        if await Department.exists().where((Department.name == name) & (Department.id != department_id)).run():
            return {"name": N_("A department with this name exists already.")}
        parents = {row["id"]: row["parent"] for row in await Department.select(Department.id, Department.parent).run()}
        if parent_id is not None and (
            parent_id not in parents or rules.creates_cycle(department_id, parent_id, parents)
        ):
            return {"parent_id": N_("A department cannot be part of itself or of one of its own parts.")}
        if (
            head_id is not None
            and not await Employee.exists().where((Employee.id == head_id) & (Employee.status != "left")).run()
        ):
            return {"head_id": N_("Choose the head from the employees on the staff.")}
        values = {"name": name, "code": code.strip()[:20], "parent": parent_id, "head": head_id}
        before, after = audit.changed_fields({key: current[key] for key in values}, values)
        if after:
            await (
                Department.update({**values, "change_no": await next_change_no()})
                .where(Department.id == department_id)
                .run()
            )
            await audit.record(actor, "department.update", "department", department_id, before=before, after=after)
    return {}


async def set_planned_headcount(position_id: int, planned: int | None, actor: audit.Actor) -> dict[str, str]:
    if planned is not None and not 0 <= planned <= 10000:
        return {"planned_headcount": N_("A planned headcount is a whole number from 0 to 10000.")}
    async with write_transaction():
        current = await Position.select(Position.planned_headcount).where(Position.id == position_id).first().run()
        if current is None:
            return {"": N_("This position no longer exists.")}
        await (
            Position.update({Position.planned_headcount: planned, Position.change_no: await next_change_no()})
            .where(Position.id == position_id)
            .run()
        )
        await audit.record(
            actor,
            "position.planned_headcount",
            "position",
            position_id,
            before={"planned_headcount": current["planned_headcount"]},
            after={"planned_headcount": planned},
        )
    return {}
