"""The demo plant's piecework and pay: two work orders with rated operations, a piece report for every
day a stamping or assembly worker clocked in (the last two days still waiting for the supervisor, a few
adjusted or rejected with a reason), quality inspectors on a monthly wage, and last month computed."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.attendance.tables import Scan
from app.auth.tables import User
from app.db.tx import write_transaction
from app.demo.accounts import DEMO
from app.demo.floor import BATCH, history_start, workers
from app.ids import new_id
from app.payroll import advances, pay_settings
from app.payroll import service as payroll
from app.payroll.tables import Advance, PaySetting
from app.people.tables import Department
from app.piecework import catalogue
from app.piecework.tables import PieceConfirmation, PieceReport, WorkOrder
from app.timeutil import to_local

ORDERS = {  # department: (work order, product, [(code, name, yuan a piece, standard pieces an hour)])
    "冲压车间": ("WO-BRK", "电机支架", [("STP-10", "冲压成型", "0.12", 300), ("STP-20", "去毛刺", "0.08", 400)]),
    "装配车间": ("WO-CTL", "控制器外壳", [("ASM-10", "装配", "0.35", 60), ("ASM-20", "检测包装", "0.15", 120)]),
}
MONTHLY_WAGE = {"质检部": "5200"}  # inspectors on a time rate; the others are paid by the piece
PENDING_DAYS = 2  # reports of the last two days wait for the supervisor


async def _operations(first: date) -> dict[str, list[tuple[int, int]]]:
    """{department: [(operation id, standard an hour)]}, created once."""
    found = {}
    for department_name, (code, product, steps) in ORDERS.items():
        department = await Department.select(Department.id).where(Department.name == department_name).first().run()
        order = await WorkOrder.select(WorkOrder.id).where(WorkOrder.code == code).first().run()
        order_id = (
            order["id"] if order else await catalogue.add_work_order(code, product, department["id"], "20000", DEMO)
        )
        existing = {row.code: row.id for row in await catalogue.operations(first, order_id)}
        found[department_name] = []
        for step_code, name, rate, standard in steps:
            operation_id = existing.get(step_code) or await catalogue.add_operation(
                order_id,
                {
                    "code": step_code,
                    "name": name,
                    "rate": rate,
                    "standard_per_hour": str(standard),
                    "effective_from": first.isoformat(),
                },
                DEMO,
            )
            found[department_name].append((operation_id, standard))
    return found


async def _days_worked(zone: ZoneInfo) -> dict[int, list[tuple[date, float]]]:
    """{employee: [(day of the clock-in, hours to the clock-out)]} from the demo's punches."""
    rows = (
        await Scan.select(Scan.employee, Scan.scanned_at, Scan.direction)
        .where(Scan.outcome == "punch")
        .order_by(Scan.scanned_at)
        .run()
    )
    opened: dict[int, object] = {}
    found: dict[int, list[tuple[date, float]]] = {}
    for row in rows:
        moment = to_local(row["scanned_at"], zone)
        if row["direction"] == "in":
            opened[row["employee"]] = moment
        elif row["employee"] in opened:
            start = opened.pop(row["employee"])
            found.setdefault(row["employee"], []).append((start.date(), (moment - start).total_seconds() / 3600 - 1))
    return found


def _report(rng: random.Random, employee: int, operation: int, standard: int, day: date, hours: float, zone: ZoneInfo):
    quantity = max(1, int(standard * min(hours, 8) * rng.uniform(0.85, 1.12)))
    at = datetime.combine(day, time(17, 30), tzinfo=zone).astimezone(UTC)  # reported at the shift's end
    return PieceReport(
        id=new_id(),
        node_id="kiosk-stamping",
        reported_at=at,
        received_at=at,
        work_date=day,
        employee=employee,
        operation=operation,
        quantity=quantity,
        defects=int(quantity * rng.uniform(0, 0.02)),
        segment="normal",
        minutes_worked=int(hours * 60),
        source="kiosk",
    )


def _decision(rng: random.Random, report: PieceReport, supervisor: tuple[str, int | None]) -> PieceConfirmation:
    action, quantity, reason = "confirm", report.quantity, ""
    if rng.random() < 0.03:
        action, quantity, reason = "adjust", int(report.quantity * 0.9), "复核实数少于上报"
    elif rng.random() < 0.005:
        action, quantity, reason = "reject", 0, "当天未安排此工序"
    at = report.reported_at + timedelta(hours=16)
    return PieceConfirmation(
        id=new_id(),
        report=report.id,
        node_id="office",
        confirmed_at=at,
        received_at=at,
        action=action,
        quantity=quantity,
        defects=report.defects,
        segment=report.segment,
        reason=reason,
        by_name=supervisor[0],
        by_user=supervisor[1],
        employee=report.employee,
        operation=report.operation,
        work_date=report.work_date,
        counts=True,
    )


async def add_piecework(today: date, zone: ZoneInfo) -> int:
    """Reports and decisions once, for the days the demo's punches show worked."""
    if await PieceReport.exists().run():
        return 0
    operations = await _operations(history_start(today))
    supervisor = await User.select(User.username, User.id).where(User.username == "zhuguan").first().run()
    by = (supervisor["username"], supervisor["id"]) if supervisor else ("demo", None)
    worked = await _days_worked(zone)
    rng = random.Random(20261205)
    reports, decisions = [], []
    for worker in await workers():
        for day, hours in worked.get(worker.id, []) if worker.department in operations else []:
            operation, standard = rng.choice(operations[worker.department])
            report = _report(rng, worker.id, operation, standard, day, hours, zone)
            reports.append(report)
            if day < today - timedelta(days=PENDING_DAYS):
                decisions.append(_decision(rng, report, by))
    async with write_transaction():
        for start in range(0, len(reports), BATCH):
            await PieceReport.insert(*reports[start : start + BATCH]).run()
        for start in range(0, len(decisions), BATCH):
            await PieceConfirmation.insert(*decisions[start : start + BATCH]).run()
    return len(reports)


async def add_pay_month(today: date, zone: ZoneInfo) -> None:
    """Pay schemes for everyone, then last month computed (left for HR to check and lock)."""
    for worker in await workers():
        if not await PaySetting.exists().where(PaySetting.employee == worker.id).run():
            monthly = MONTHLY_WAGE.get(worker.department)
            await pay_settings.set_pay(worker.id, "time" if monthly else "piece", monthly or "", "", DEMO)
    last_day = today.replace(day=1) - timedelta(days=1)
    last_month = last_day.strftime("%Y-%m")
    period = await payroll.pay_period(last_month)
    if period["status"] == "open":
        await _an_advance(last_day.replace(day=10))
        await payroll.compute_month(last_month, zone, DEMO)


async def _an_advance(paid_on: date) -> None:
    """One worker asked for part of the month's pay early: the payslip takes it back (借支扣回)."""
    everyone = await workers()
    if everyone and not await Advance.exists().run():
        values = {"paid_on": paid_on.isoformat(), "amount": "500", "note": "预支生活费"}
        await advances.add(everyone[0].id, values, DEMO)
