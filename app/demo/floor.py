"""The demo plant's punches from the first day of the month two months back up to now, with the usual mess:
a few late arrivals, a forgotten clock-out, an absence, overtime after the shift. Inserted as the facts two
kiosks would have sent (UUIDv7 ids, a sequence per node), so attendance derives from them like any scan."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.attendance.schedule.demo_shifts import PATTERNS, SHIFTS
from app.attendance.tables import CalendarDay, Scan
from app.badges.tables import Credential
from app.db.tx import write_transaction
from app.ids import new_id
from app.people.tables import Department, Employee
from app.timeutil import utcnow

NODES = {"冲压车间": "kiosk-stamping", "装配车间": "kiosk-assembly", "质检部": "kiosk-assembly"}
BATCH = 500  # rows per insert: well under asyncpg's parameter limit


@dataclass(frozen=True)
class Worker:
    id: int
    department: str
    hired: date
    credential: int | None


def history_start(today: date) -> date:
    index = today.year * 12 + today.month - 1 - 2
    return date(index // 12, index % 12 + 1, 1)


def works_on(worker: Worker, day: date, calendar: dict[date, str]) -> bool:
    kind = calendar.get(day)
    if day < worker.hired or kind in ("holiday", "rest"):
        return False
    return kind == "workday" or day.weekday() in PATTERNS[worker.department][1]


async def workers() -> list[Worker]:
    departments = {row["id"]: row["name"] for row in await Department.select(Department.id, Department.name).run()}
    badges = {
        row["employee"]: row["id"]
        for row in await Credential.select(Credential.id, Credential.employee)
        .where(Credential.revoked_at.is_null())
        .run()
    }
    rows = (
        await Employee.select(Employee.id, Employee.department, Employee.hire_date)
        .where(Employee.status != "left")
        .order_by(Employee.employee_code)
        .run()
    )
    return [
        Worker(row["id"], departments[row["department"]], row["hire_date"], badges.get(row["id"]))
        for row in rows
        if departments.get(row["department"]) in PATTERNS
    ]


async def calendar_between(first: date, last: date) -> dict[date, str]:
    rows = (
        await CalendarDay.select(CalendarDay.day, CalendarDay.kind)
        .where((CalendarDay.day >= first) & (CalendarDay.day <= last))
        .run()
    )
    return {row["day"]: row["kind"] for row in rows}


def _moments(rng: random.Random, day: date, shift_code: str) -> tuple[datetime | None, datetime | None]:
    """One person-day's clock-in and clock-out (plant-local), or None where the punch is missing."""
    _, start, end, _ = SHIFTS[shift_code]
    begin = datetime.combine(day, start)
    finish = datetime.combine(day + timedelta(days=end <= start), end)
    roll = rng.random()
    arrive = (
        begin + timedelta(minutes=rng.randint(6, 25)) if roll < 0.05 else begin - timedelta(minutes=rng.randint(3, 20))
    )
    overtime = rng.choice((60, 90, 120, 150)) if shift_code == "DAY" and rng.random() < 0.3 else 0
    leave = finish + timedelta(minutes=overtime + rng.randint(0, 9))
    return arrive, None if rng.random() < 0.015 else leave


def _scan(worker: Worker, moment: datetime, zone: ZoneInfo, seq: int, direction: str) -> Scan:
    at = moment.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))
    return Scan(
        id=new_id(),
        node_id=NODES[worker.department],
        node_seq=seq,
        scanned_at=at,
        received_at=at + timedelta(seconds=3),
        source="kiosk",
        shown_text="",
        employee=worker.id,
        credential=worker.credential,
        outcome="punch",
        direction=direction,
    )


def punches(
    people: list[Worker], first: date, today: date, now: datetime, calendar: dict[date, str], zone: ZoneInfo
) -> list[Scan]:
    """Every punch up to now (plant-local, naive); a fixed seed, so the same plant every time."""
    rng = random.Random(20261204)
    sequence: dict[str, int] = {}
    found = []
    day = first
    while day <= today:
        for worker in people:
            if not works_on(worker, day, calendar) or rng.random() < 0.02:  # 2% absent
                continue
            for moment, direction in zip(
                _moments(rng, day, PATTERNS[worker.department][0]), ("in", "out"), strict=False
            ):
                if moment is None or moment > now:
                    continue
                node = NODES[worker.department]
                sequence[node] = sequence.get(node, 0) + 1
                found.append(_scan(worker, moment, zone, sequence[node], direction))
        day += timedelta(days=1)
    return found


async def add_punches(today: date, zone: ZoneInfo) -> int:
    """Adds the history once (a plant whose kiosks have recorded anything already keeps its own)."""
    if await Scan.exists().run():
        return 0
    first = history_start(today)
    people = await workers()
    now = utcnow().astimezone(zone).replace(tzinfo=None)
    found = punches(people, first, today, now, await calendar_between(first, today), zone)
    for start in range(0, len(found), BATCH):
        async with write_transaction():
            await Scan.insert(*found[start : start + BATCH]).run()
    return len(found)
