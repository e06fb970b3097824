"""The demo plant's leave: every worker's years worked confirmed, a few annual and sick leaves taken in the past
weeks (recorded by HR), and two requests for the coming days (one from the kiosk, one from My page) waiting for
the department head."""

from __future__ import annotations

import random
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from app.demo.accounts import DEMO
from app.demo.floor import workers
from app.errors import Refused
from app.leave import service, types
from app.leave.requests import RequestInput, request_leave
from app.leave.tables import LeavePerson, LeaveRequest


def _working_day(day: date, forward: bool) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1 if forward else -1)
    return day


async def add_leave(today: date, zone: ZoneInfo) -> int:
    if await LeaveRequest.exists().run():
        return 0
    rng = random.Random(20261207)
    people = [worker for worker in await workers() if (today - worker.hired).days > 400]
    for worker in people:
        if not await LeavePerson.exists().where(LeavePerson.employee == worker.id).run():
            await service.save_person(worker.id, rng.randint(2, 22), today.replace(month=1, day=1), DEMO)
    plans = [
        (types.ANNUAL, -30, 2, "record"),
        (types.ANNUAL, -12, 1, "record"),
        (types.SICK, -20, 2, "record"),
        (types.ANNUAL, 3, 2, "kiosk"),
        (types.PERSONAL, 5, 1, "phone"),  # asked on My page
    ]
    added = 0
    for worker, (code, offset, length, source) in zip(rng.sample(people, len(plans)), plans):
        first = _working_day(today + timedelta(days=offset), offset > 0)
        data = RequestInput(
            worker.id,
            code,
            first,
            _working_day(first + timedelta(days=length - 1), True),
            reason="家中有事" if code == types.PERSONAL else "",
        )
        try:
            await request_leave(data, source, DEMO, zone=zone)
            added += 1
        except Refused:  # a rest day or a holiday in the way: the demo skips that one, HR's pages show the rest
            continue
    return added
