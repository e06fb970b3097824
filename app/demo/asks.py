"""The demo plant's worker requests from My page, waiting in the approvals inbox: a missing clock-out and an
overtime request for the supervisor, a disputed piece count, and a question on last month's payslip for HR."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.demo.floor import workers
from app.errors import Refused
from app.payroll import questions
from app.payroll.tables import PayLine
from app.people.tables import Employee
from app.selfservice import asks
from app.selfservice.requests import ask_correction
from app.selfservice.sessions import KIOSK, Me
from app.selfservice.tables import WorkerRequest

NODE = "kiosk-assembly"


async def _me(employee_id: int) -> Me:
    row = await Employee.select(Employee.employee_code, Employee.name).where(Employee.id == employee_id).first().run()
    return Me(0, employee_id, row["employee_code"], row["name"], "", KIOSK, NODE)


def _weekday_before(today: date, days: int) -> date:
    day = today - timedelta(days=days)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


async def add_worker_asks(today: date, zone: ZoneInfo) -> int:
    if await WorkerRequest.exists().run():
        return 0
    rng = random.Random(20261205)
    people = [worker for worker in await workers() if worker.department in ("冲压车间", "装配车间")]
    if len(people) < 4:
        return 0
    first, second, third, fourth = [await _me(worker.id) for worker in rng.sample(people, 4)]
    added = 0
    try:
        day = _weekday_before(today, 2)
        await ask_correction(first, datetime.combine(day, time(17, 35)), "out", "下班忘记打卡", zone, NODE)
        added += 1
        day = _weekday_before(today, 3)
        overtime = {"day": day.isoformat(), "start": "07:00", "end": "08:00", "reason": "主管安排提前到岗备料"}
        await asks.ask(second, asks.OVERTIME, overtime, zone, NODE)
        added += 1
        dispute = {"day": _weekday_before(today, 1).isoformat(), "pieces": "420", "reason": "下午那批没有记上"}
        await asks.ask(third, asks.DISPUTE, dispute, zone, NODE)
        added += 1
    except Refused:  # a day the demo's calendar does not allow: HR's pages show the rest
        pass
    line = (
        await PayLine.select(PayLine.period.month, PayLine.lines)
        .where(PayLine.employee == fourth.employee_id)
        .first()
        .output(load_json=True)
        .run()
    )
    if line and line["lines"]:
        await questions.raise_question(
            fourth.employee_id, line["period.month"], line["lines"][0]["code"], "这个月的加班费好像少算了两个小时"
        )
        added += 1
    return added
