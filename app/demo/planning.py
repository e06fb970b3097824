"""The roster planner at work in the demo plant: next week's planned output for both workshops on the day shift,
the demand derived from it with the operations' standard output, and two workers' stated preferences
(idempotent: nothing is added twice)."""

from __future__ import annotations

from datetime import date, timedelta

from app.attendance.tables import Shift
from app.demo.accounts import DEMO
from app.people.tables import Employee
from app.piecework.tables import WorkOrder
from app.planning import output, preferences
from app.planning.tables import PlannedOutput, PlanPreference

PIECES_A_WEEKDAY = {"WO-BRK": 4800, "WO-CTL": 960}  # 4,800 brackets at 300 an hour: 2 people stamping, 2 deburring


async def add_planning(today: date) -> None:
    monday = today + timedelta(days=7 - today.weekday())
    day_shift = await Shift.select(Shift.id).where(Shift.code == "DAY").first().run()
    if day_shift is None:
        return
    for code, pieces in PIECES_A_WEEKDAY.items():
        order = await WorkOrder.select(WorkOrder.id, WorkOrder.department).where(WorkOrder.code == code).first().run()
        if order is None or not order["department"]:
            continue
        if (
            await PlannedOutput.exists()
            .where((PlannedOutput.work_order == order["id"]) & (PlannedOutput.day >= monday))
            .run()
        ):
            continue
        for day in (monday + timedelta(days=n) for n in range(5)):
            await output.save_output(order["department"], order["id"], day_shift["id"], day, pieces, DEMO)
        await output.apply(order["department"], monday, DEMO)
    if await PlanPreference.count().run():
        return
    order = await WorkOrder.select(WorkOrder.department).where(WorkOrder.code == "WO-CTL").first().run()
    if order is None:
        return
    workers = (
        await Employee.select(Employee.id)
        .where((Employee.department == order["department"]) & Employee.status.is_in(["active", "probation"]))
        .order_by(Employee.employee_code)
        .limit(2)
        .run()
    )
    for row, weekday in zip(workers, (4, 0)):  # one asks for Fridays off, the other for Mondays
        await preferences.save([order["department"]], row["id"], [day_shift["id"]], [weekday], DEMO)
