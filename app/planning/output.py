"""Planned output and the demand derived from it: pieces per work order, day and shift → people per operation.

HR enters (or imports) how many pieces of which work order a line makes on a day and shift; every active
operation of the order must process those pieces. `derive` turns them into demand cells with
rules.heads_needed (the operation's standard output per hour and the shift's planned minutes): for each line,
day and shift that has planned output, the derived people replace that shift's demand for those operations.
Operations without a standard output are named, not guessed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from app.attendance.tables import Shift
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import date_field, int_field
from app.i18n import N_
from app.piecework.tables import Operation, WorkOrder
from app.planning import inputs, rules
from app.planning.tables import DemandCell, PlannedOutput
from app.spreadsheets import read_table

MAX_PIECES = 10_000_000
NOT_THIS_LINE = N_("Choose an open work order of this line.")
NO_ROWS = N_("The file has no rows: work order, date, shift code, pieces.")
BAD_ROW = N_("Row %(row)s: %(problem)s")


@dataclass(frozen=True)
class OutputRow:
    id: int
    day: date
    shift_id: int
    work_order: str
    product: str
    quantity: int


@dataclass(frozen=True)
class Derived:
    """One demand cell with the figures it comes from."""

    day: date
    shift_id: int
    operation: str
    operation_name: str
    pieces: int  # planned pieces through the operation on that shift, all orders
    standard: int  # pieces an hour per person (the lowest of the orders' standards, for display)
    minutes: int  # the shift's planned working minutes
    people: int  # rules.heads_needed; 0 when no standard is set


async def open_orders(line_id: int) -> list[dict]:
    return (
        await WorkOrder.select(WorkOrder.id, WorkOrder.code, WorkOrder.product)
        .where((WorkOrder.department == line_id) & (WorkOrder.status == "open"))
        .order_by(WorkOrder.code)
        .run()
    )


async def week_output(line_id: int, monday: date) -> list[OutputRow]:
    rows = (
        await PlannedOutput.select(
            PlannedOutput.id,
            PlannedOutput.day,
            PlannedOutput.shift,
            PlannedOutput.work_order.code.as_alias("code"),
            PlannedOutput.work_order.product.as_alias("product"),
            PlannedOutput.quantity,
        )
        .where(
            (PlannedOutput.work_order.department == line_id)
            & (PlannedOutput.day >= monday)
            & (PlannedOutput.day < monday + timedelta(days=7))
        )
        .order_by(PlannedOutput.day)
        .order_by(PlannedOutput.shift)
        .run()
    )
    return [OutputRow(r["id"], r["day"], r["shift"], r["code"], r["product"], r["quantity"]) for r in rows]


async def save_output(line_id: int, order_id: int, shift_id: int, day: date, quantity: int, actor: audit.Actor) -> None:
    """Pieces of an open work order of this line on a day and shift (0 removes the entry)."""
    if not any(row["id"] == order_id for row in await open_orders(line_id)):
        raise Refused(NOT_THIS_LINE, "work_order")
    specs = await inputs.shift_specs()
    if str(shift_id) not in specs:
        raise Refused(N_("Choose a shift from the list."), "shift")
    same = (PlannedOutput.work_order == order_id) & (PlannedOutput.shift == shift_id) & (PlannedOutput.day == day)
    async with write_transaction():
        await PlannedOutput.delete().where(same).run()
        if quantity > 0:
            await PlannedOutput.insert(
                PlannedOutput(work_order=order_id, shift=shift_id, day=day, quantity=quantity)
            ).run()
        await audit.record(
            actor,
            "plan.output",
            "work_order",
            order_id,
            after={"shift": shift_id, "day": day.isoformat(), "quantity": quantity},
        )


async def import_output(line_id: int, filename: str, content: bytes, actor: audit.Actor) -> int:
    """Rows of work order code, date, shift code, pieces (a header row is skipped); all or nothing."""
    orders = {row["code"]: row["id"] for row in await open_orders(line_id)}
    shifts = {spec_code: shift_id for shift_id, spec_code in await _shift_codes()}
    parsed = []
    for number, cells in enumerate(read_table(filename, content), start=1):
        cells = [str(cell if cell is not None else "").strip() for cell in cells] + [""] * 4
        if number == 1 and cells[0] not in orders:
            continue  # the header
        if not any(cells[:4]):
            continue
        try:
            if cells[0] not in orders:
                raise Refused(NOT_THIS_LINE, "file")
            if cells[2] not in shifts:
                raise Refused(N_("Choose a shift from the list."), "file")
            day = date_field(cells[1][:10], "file")
            quantity = int_field(cells[3].removesuffix(".0"), "file", 0, MAX_PIECES)
        except Refused as refused:
            raise Refused(BAD_ROW, "file", row=number, problem=refused.text) from None
        parsed.append((orders[cells[0]], shifts[cells[2]], day, quantity))
    if not parsed:
        raise Refused(NO_ROWS, "file")
    async with write_transaction():
        for order_id, shift_id, day, quantity in parsed:
            await save_output(line_id, order_id, shift_id, day, quantity, actor)
    return len(parsed)


async def _shift_codes() -> list[tuple[int, str]]:
    return [(row["id"], row["code"]) for row in await Shift.select(Shift.id, Shift.code).run()]


async def derive(line_id: int, monday: date) -> list[Derived]:
    """The demand the week's planned output needs on this line, with the figures (nothing is written)."""
    outputs = await week_output(line_id, monday)
    if not outputs:
        return []
    specs = await inputs.shift_specs()
    codes = sorted({row.work_order for row in outputs})
    operations = (
        await Operation.select(Operation.code, Operation.name, Operation.standard_per_hour, Operation.work_order.code)
        .where(Operation.work_order.code.is_in(codes) & Operation.active.eq(True))
        .order_by(Operation.id)
        .run()
    )
    by_order: dict[str, list[dict]] = defaultdict(list)
    for op in operations:
        by_order[op["work_order.code"]].append(op)
    loads: dict[tuple[date, int, str], list[tuple[int, int]]] = defaultdict(list)
    names: dict[str, str] = {}
    for row in outputs:
        for op in by_order.get(row.work_order, ()):
            loads[(row.day, row.shift_id, op["code"])].append((row.quantity, op["standard_per_hour"]))
            names.setdefault(op["code"], op["name"])
    found = []
    for (day, shift_id, code), items in sorted(loads.items()):
        minutes = specs[str(shift_id)].minutes if str(shift_id) in specs else 0
        standards = [standard for _, standard in items if standard > 0]
        found.append(
            Derived(
                day,
                shift_id,
                code,
                names[code],
                sum(pieces for pieces, _ in items),
                min(standards) if standards else 0,
                minutes,
                rules.heads_needed(items, minutes),
            )
        )
    return found


async def apply(line_id: int, monday: date, actor: audit.Actor) -> int:
    """Write the derived demand: each (day, shift, operation) cell is replaced; returns the cells written."""
    derived = [item for item in await derive(line_id, monday) if item.standard > 0]
    async with write_transaction():
        for item in derived:
            await (
                DemandCell.delete()
                .where(
                    (DemandCell.line == line_id)
                    & (DemandCell.shift == item.shift_id)
                    & (DemandCell.day == item.day)
                    & (DemandCell.operation == item.operation)
                )
                .run()
            )
            if item.people > 0:
                await DemandCell.insert(
                    DemandCell(
                        line=line_id, shift=item.shift_id, day=item.day, operation=item.operation, people=item.people
                    )
                ).run()
        await audit.record(actor, "plan.derive", "department", line_id, after={"week": monday.isoformat()})
    return len(derived)
