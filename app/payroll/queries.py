"""What the payroll pages show: periods, a month's lines, and one person's month down to reports and punches."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from piccolo.query.functions.aggregate import Sum

from app.attendance.tables import AttendanceDay, Scan
from app.db.values import json_value
from app.payroll.tables import PayLine, PayPeriod, PaySetting
from app.people import plant_settings
from app.people.tables import Employee
from app.piecework.confirmations import reports
from app.piecework.tables import Operation, PieceConfirmation, PieceReport


async def plant_name() -> str:
    """The employer's name on payslips and the ledger (HR sets it on the Plant page)."""
    return await plant_settings.read_text(plant_settings.PLANT_NAME) or "floorhr"


async def periods() -> list[dict]:
    return await PayPeriod.select().order_by(PayPeriod.month, ascending=False).run()


async def period(month: str) -> dict | None:
    row = await PayPeriod.select().where(PayPeriod.month == month).first().run()
    if row:
        row["problems"] = json_value(row["problems"]) or []
    return row


_LINE_COLUMNS = (
    PayLine.all_columns(),
    PayLine.employee.employee_code.as_alias("code"),
    PayLine.employee.name.as_alias("name"),
    PayLine.employee.department.name.as_alias("department"),
)


async def lines(month: str, employee_id: int | None = None) -> list[dict]:
    query = PayLine.select(*_LINE_COLUMNS).where(PayLine.period.month == month).order_by(PayLine.employee.employee_code)
    if employee_id is not None:
        query = query.where(PayLine.employee == employee_id)
    rows = await query.run()
    for row in rows:
        row["lines"] = json_value(row["lines"]) or []
    return rows


async def worked_hours(month_first: date, month_last: date) -> dict[int, float]:
    """Hours worked per employee in the month, from attendance days (the ledger's hours column)."""
    rows = (
        await AttendanceDay.select(AttendanceDay.employee, Sum(AttendanceDay.worked_minutes).as_alias("m"))
        .where((AttendanceDay.work_date >= month_first) & (AttendanceDay.work_date <= month_last))
        .group_by(AttendanceDay.employee)
        .run()
    )
    return {row["employee"]: round((row["m"] or 0) / 60, 1) for row in rows}


async def operation_names() -> dict[str, str]:
    rows = await Operation.select(
        Operation.id, Operation.code, Operation.name, Operation.work_order.code.as_alias("order")
    ).run()
    return {str(row["id"]): f"{row['order']} {row['code']} {row['name']}" for row in rows}


@dataclass(frozen=True)
class Drill:
    """Behind one person's month: every report with all its decisions, the attendance days and the punches."""

    reports: list
    decisions: dict[UUID, list[dict]]
    days: list[dict]
    punches: list[dict]


async def drill(employee_id: int, first: date, last: date, zone: ZoneInfo) -> Drill:
    found = await reports(
        (PieceReport.employee == employee_id) & (PieceReport.work_date >= first) & (PieceReport.work_date <= last)
    )
    decisions: dict[UUID, list[dict]] = defaultdict(list)
    if found:
        for row in (
            await PieceConfirmation.select()
            .where(PieceConfirmation.report.is_in([r.id for r in found]))
            .order_by(PieceConfirmation.confirmed_at)
            .order_by(PieceConfirmation.id)
            .run()
        ):
            decisions[row["report"]].append(row)
    days = (
        await AttendanceDay.select()
        .where(
            (AttendanceDay.employee == employee_id)
            & (AttendanceDay.work_date >= first)
            & (AttendanceDay.work_date <= last)
        )
        .order_by(AttendanceDay.work_date)
        .run()
    )
    start = datetime.combine(first, time(), zone) - timedelta(days=1)
    end = datetime.combine(last, time(), zone) + timedelta(days=2)
    punches = (
        await Scan.select(Scan.id, Scan.scanned_at, Scan.node_id, Scan.source, Scan.direction)
        .where(
            (Scan.employee == employee_id)
            & (Scan.outcome == "punch")
            & (Scan.scanned_at >= start)
            & (Scan.scanned_at < end)
        )
        .order_by(Scan.scanned_at)
        .run()
    )
    return Drill(found, dict(decisions), days, punches)


async def employee(employee_id: int) -> dict | None:
    return (
        await Employee.select(
            Employee.id,
            Employee.employee_code,
            Employee.name,
            Employee.status,
            Employee.skill_grade,
            Employee.hire_date,
            Employee.department.name.as_alias("department"),
        )
        .where(Employee.id == employee_id)
        .first()
        .run()
    )


async def without_pay_scheme() -> list[dict]:
    """Employed people no pay setting names (paid by the piece by default): the month page points HR to them."""
    set_for = PaySetting.select(PaySetting.employee)
    return (
        await Employee.select(Employee.id, Employee.employee_code, Employee.name)
        .where((Employee.status != "left") & Employee.id.not_in(set_for))
        .order_by(Employee.employee_code)
        .run()
    )
