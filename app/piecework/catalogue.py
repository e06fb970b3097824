"""HR's catalogue: work orders, their operations, piece-rate and grade-factor histories (reference data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.audit import service as audit
from app.db.tx import write_transaction
from app.forms import parse_date
from app.i18n import N_
from app.piecework import rules
from app.piecework.tables import GradeFactor, Operation, PieceRate, WorkOrder
from app.sync.changes import next_change_no
from app.timeutil import utcnow
from app.training.rules import CERTIFICATE_KINDS
from app.training.tables import Course

_YUAN = re.compile(r"\d{1,7}(\.\d{1,2})?|\.\d{1,2}")


class CatalogueError(ValueError):
    """Refused; the message is marked for translation and nothing was written."""


@dataclass(frozen=True)
class OperationRow:
    id: int
    work_order_id: int
    work_order_code: str
    code: str
    name: str
    standard_per_hour: int
    certificate_kind: str
    banned_for_minors: bool
    active: bool
    fen_per_piece: int | None  # in force today
    rates: tuple[rules.PieceRate, ...]
    course_title: str = ""  # the course that teaches it (trained v. untrained output)


def _int(text: str, message: str, minimum: int = 0) -> int:
    text = (text or "").strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or int(text) < minimum:
        raise CatalogueError(message)
    return int(text)


def parse_fen(text: str) -> int:
    """Yuan as typed (1.25, 0.8, 3) to integer fen; more than two decimals or a negative amount is refused."""
    text = (text or "").strip()
    if not _YUAN.fullmatch(text):
        raise CatalogueError(N_("Enter the rate in yuan with at most two decimals, e.g. 0.85."))
    whole_part, _, cents = text.partition(".")
    return int(whole_part or "0") * 100 + int((cents + "00")[:2])


def parse_day(text: str) -> date:
    day = parse_date(text)
    if day is None:
        raise CatalogueError(N_("Enter the date as YYYY-MM-DD."))
    return day


async def work_orders() -> list[dict]:
    return (
        await WorkOrder.select(WorkOrder.all_columns(), WorkOrder.department.name.as_alias("department_name"))
        .order_by(WorkOrder.status, ascending=False)
        .order_by(WorkOrder.code)
        .run()
    )


async def add_work_order(code: str, product: str, department_id: int | None, planned: str, actor: audit.Actor) -> int:
    code, product = code.strip(), product.strip()
    if not code or not product:
        raise CatalogueError(N_("Enter the work order number and the product."))
    quantity = _int(planned or "0", N_("Enter the planned quantity as a whole number."))
    if await WorkOrder.exists().where(WorkOrder.code == code).run():
        raise CatalogueError(N_("A work order with this number already exists."))
    async with write_transaction():
        order = WorkOrder(
            code=code,
            product=product,
            department=department_id,
            planned_quantity=quantity,
            created_at=utcnow(),
            change_no=await next_change_no(),
        )
        await order.save().run()
        await audit.record(actor, "create", "work_order", order.id, after={"code": code, "product": product})
    return order.id


async def rate_histories(operation_ids: list[int] | None = None) -> dict[int, tuple[rules.PieceRate, ...]]:
    query = PieceRate.select(PieceRate.operation, PieceRate.effective_from, PieceRate.fen_per_piece)
    if operation_ids is not None:
        query = query.where(PieceRate.operation.is_in(operation_ids or [0]))
    histories: dict[int, list[rules.PieceRate]] = {}
    for row in await query.order_by(PieceRate.effective_from).run():
        histories.setdefault(row["operation"], []).append(rules.PieceRate(row["effective_from"], row["fen_per_piece"]))
    return {key: tuple(value) for key, value in histories.items()}


def _in_force(history: tuple[rules.PieceRate, ...], on: date) -> int | None:
    try:
        return rules.rate_on(history, on).fen_per_piece
    except rules.NotInForce:
        return None


async def operations(on: date, work_order_id: int | None = None, only_active: bool = False) -> list[OperationRow]:
    query = (
        Operation.select(
            Operation.all_columns(),
            Operation.work_order.code.as_alias("order_code"),
            Operation.course.title.as_alias("course_title"),
        )
        .order_by(Operation.work_order.code)
        .order_by(Operation.code)
    )
    if work_order_id is not None:
        query = query.where(Operation.work_order == work_order_id)
    if only_active:
        query = query.where((Operation.active == True) & (Operation.work_order.status == "open"))  # noqa: E712
    rows = await query.run()
    histories = await rate_histories([row["id"] for row in rows])
    return [
        OperationRow(
            row["id"],
            row["work_order"],
            row["order_code"],
            row["code"],
            row["name"],
            row["standard_per_hour"],
            row["certificate_kind"],
            row["banned_for_minors"],
            row["active"],
            _in_force(histories.get(row["id"], ()), on),
            histories.get(row["id"], ()),
            row["course_title"] or "",
        )
        for row in rows
    ]


async def add_operation(work_order_id: int, values: dict[str, str], actor: audit.Actor) -> int:
    code, name = values.get("code", "").strip(), values.get("name", "").strip()
    if not code or not name:
        raise CatalogueError(N_("Enter the operation's code and name."))
    standard = _int(values.get("standard_per_hour") or "0", N_("Enter the standard output as whole pieces an hour."))
    kind = values.get("certificate_kind", "")
    if kind and kind not in CERTIFICATE_KINDS:
        raise CatalogueError(N_("Choose the kind of certificate."))
    fen = parse_fen(values.get("rate", ""))
    start = parse_day(values.get("effective_from", ""))
    course = values.get("course_id", "")
    if course and not (
        course.isascii() and course.isdigit() and await Course.exists().where(Course.id == int(course)).run()
    ):
        raise CatalogueError(N_("Choose the course that teaches this operation."))
    if not await WorkOrder.exists().where(WorkOrder.id == work_order_id).run():
        raise CatalogueError(N_("This work order does not exist."))
    async with write_transaction():
        operation = Operation(
            work_order=work_order_id,
            code=code,
            name=name,
            standard_per_hour=standard,
            certificate_kind=kind,
            banned_for_minors=values.get("banned_for_minors") == "on",
            course=int(course) if course else None,
            change_no=await next_change_no(),
        )
        await operation.save().run()
        await PieceRate.insert(
            PieceRate(
                operation=operation.id,
                effective_from=start,
                fen_per_piece=fen,
                set_by=actor.name,
                set_at=utcnow(),
                change_no=await next_change_no(),
            )
        ).run()
        await audit.record(actor, "create", "operation", operation.id, after={"code": code, "fen_per_piece": fen})
    return operation.id


async def set_rate(operation_id: int, rate: str, effective_from: str, actor: audit.Actor) -> None:
    """A new rate from a date: a new row, so the history stays; one rate per operation and date."""
    fen, start = parse_fen(rate), parse_day(effective_from)
    if not await Operation.exists().where(Operation.id == operation_id).run():
        raise CatalogueError(N_("This operation does not exist."))
    if (
        await PieceRate.exists()
        .where((PieceRate.operation == operation_id) & (PieceRate.effective_from == start))
        .run()
    ):
        raise CatalogueError(N_("A rate already takes effect on this date; choose another date."))
    async with write_transaction():
        await PieceRate.insert(
            PieceRate(
                operation=operation_id,
                effective_from=start,
                fen_per_piece=fen,
                set_by=actor.name,
                set_at=utcnow(),
                change_no=await next_change_no(),
            )
        ).run()
        await audit.record(
            actor,
            "set_rate",
            "operation",
            operation_id,
            after={"fen_per_piece": fen, "effective_from": start.isoformat()},
        )


async def grade_factors() -> list[dict]:
    return await GradeFactor.select().order_by(GradeFactor.grade).order_by(GradeFactor.effective_from).run()


async def set_grade_factor(grade: str, percent: str, effective_from: str, actor: audit.Actor) -> None:
    level = _int(grade, N_("Enter the skill grade as a whole number from 1."), minimum=1)
    factor = _int(percent, N_("Enter the factor as a whole percent from 1, e.g. 110."), minimum=1)
    start = parse_day(effective_from)
    if await GradeFactor.exists().where((GradeFactor.grade == level) & (GradeFactor.effective_from == start)).run():
        raise CatalogueError(N_("A factor for this grade already takes effect on this date; choose another date."))
    async with write_transaction():
        await GradeFactor.insert(
            GradeFactor(
                grade=level,
                percent=factor,
                effective_from=start,
                set_by=actor.name,
                set_at=utcnow(),
                change_no=await next_change_no(),
            )
        ).run()
        await audit.record(
            actor,
            "set_grade_factor",
            "grade_factor",
            level,
            after={"percent": factor, "effective_from": start.isoformat()},
        )


async def grade_histories() -> dict[int, tuple[rules.GradeFactor, ...]]:
    histories: dict[int, list[rules.GradeFactor]] = {}
    for row in await grade_factors():
        histories.setdefault(row["grade"], []).append(
            rules.GradeFactor(row["effective_from"], str(row["grade"]), row["percent"])
        )
    return {key: tuple(value) for key, value in histories.items()}


async def course_choices() -> list[dict]:
    """Courses an operation can be taught by, for the operation form."""
    return await Course.select(Course.id, Course.title).order_by(Course.title).run()
