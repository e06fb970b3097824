"""Rows for piecework and payroll tests: a work order with operations and rates, reports and confirmations."""

from __future__ import annotations

from datetime import date, datetime

from app.ids import new_id
from app.piecework.reports import store_confirmation
from app.piecework.tables import GradeFactor, Operation, PieceConfirmation, PieceRate, PieceReport, WorkOrder
from app.timeutil import utcnow


async def make_work_order(code: str = "WO-001", product: str = "电机外壳", department_id: int | None = None) -> int:
    order = WorkOrder(code=code, product=product, department=department_id, created_at=utcnow())
    await order.save().run()
    return order.id


async def make_operation(
    work_order_id: int,
    code: str,
    name: str,
    fen: int,
    effective_from: date = date(2026, 1, 1),
    standard_per_hour: int = 0,
    certificate_kind: str = "",
    banned_for_minors: bool = False,
) -> int:
    operation = Operation(
        work_order=work_order_id,
        code=code,
        name=name,
        standard_per_hour=standard_per_hour,
        certificate_kind=certificate_kind,
        banned_for_minors=banned_for_minors,
    )
    await operation.save().run()
    await add_rate(operation.id, fen, effective_from)
    return operation.id


async def add_rate(operation_id: int, fen: int, effective_from: date) -> None:
    await PieceRate.insert(
        PieceRate(
            operation=operation_id, effective_from=effective_from, fen_per_piece=fen, set_by="test", set_at=utcnow()
        )
    ).run()


async def add_grade_factor(grade: int, percent: int, effective_from: date = date(2020, 1, 1)) -> None:
    await GradeFactor.insert(
        GradeFactor(grade=grade, percent=percent, effective_from=effective_from, set_by="test", set_at=utcnow())
    ).run()


async def make_report(
    employee_id: int,
    operation_id: int,
    work_date: date,
    quantity: int,
    defects: int = 0,
    segment: str = "normal",
    reported_at: datetime | None = None,
    minutes_worked: int = 480,
) -> PieceReport:
    report = PieceReport(
        id=new_id(),
        node_id="office",
        reported_at=reported_at or utcnow(),
        received_at=utcnow(),
        work_date=work_date,
        employee=employee_id,
        operation=operation_id,
        quantity=quantity,
        defects=defects,
        segment=segment,
        minutes_worked=minutes_worked,
        source="kiosk",
    )
    await PieceReport.insert(report).run()
    return report


async def confirm(
    report: PieceReport,
    action: str = "confirm",
    quantity: int | None = None,
    defects: int | None = None,
    segment: str | None = None,
    by: str = "王建国",
    at: datetime | None = None,
    node: str = "office",
) -> PieceConfirmation:
    row = PieceConfirmation(
        id=new_id(),
        report=report.id,
        employee=report.employee,
        operation=report.operation,
        work_date=report.work_date,
        node_id=node,
        confirmed_at=at or utcnow(),
        received_at=utcnow(),
        action=action,
        quantity=report.quantity if quantity is None else quantity,
        defects=report.defects if defects is None else defects,
        segment=segment or report.segment,
        reason="" if action == "confirm" else "核对",
        by_name=by,
    )
    await store_confirmation(row, record=False)
    return row
