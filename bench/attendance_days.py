"""Attendance days benchmark: a month of a 500-person plant through recompute_days, and today's board.

  .venv/bin/python bench/attendance_days.py                  # SQLite and PostgreSQL (127.0.0.1:5432, user postgres)
  .venv/bin/python bench/attendance_days.py --engine sqlite --people 1000

The plant: --people workers on a day shift (Monday to Saturday) and a night shift (Monday to
Friday), each with a clock-in, a lunch out and in, and a clock-out on every working day, from two
kiosks; a month (March 2026) of punches.

The baseline, in the same run and on the same database: the same days computed the plain way,
one person and one day at a time (that day's roster and punches read, the day derived, deleted
and inserted in its own transaction), for a sample of --baseline-people people. The ratio is
recompute_days' days/s over the baseline's days/s. Also timed: ensure_days when nothing changed
(what opening the period page costs), and today's board for everyone. A throwaway database is
created and removed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql://postgres@127.0.0.1:5432/floorhr_bench_attendance"
ZONE = ZoneInfo("Asia/Shanghai")
FIRST, LAST, TODAY = date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1)


async def _plant(people: int) -> None:
    from app.attendance.tables import Scan, Shift, ShiftAssignment
    from app.db.tx import write_transaction
    from app.ids import new_id
    from app.people.tables import Department, Employee
    from app.timeutil import utcnow

    now = utcnow()
    async with write_transaction():
        day = (
            await Shift.insert(
                Shift(
                    code="D",
                    name="早班",
                    start=datetime.min.time().replace(hour=8),
                    end=datetime.min.time().replace(hour=17),
                    breaks='[["12:00", "13:00"]]',
                )
            )
            .returning(Shift.id)
            .run()
        )[0]["id"]
        night = (
            await Shift.insert(
                Shift(
                    code="N",
                    name="夜班",
                    start=datetime.min.time().replace(hour=22),
                    end=datetime.min.time().replace(hour=6),
                )
            )
            .returning(Shift.id)
            .run()
        )[0]["id"]
        departments = []
        for name, shift, days in (("冲压车间", day, 6), ("质检部", night, 5)):
            dept = (await Department.insert(Department(name=name, created_at=now)).returning(Department.id).run())[0]
            week = [shift if n < days else None for n in range(7)]
            await ShiftAssignment.insert(
                ShiftAssignment(department=dept["id"], week=json.dumps(week), effective_from=date(2020, 1, 1))
            ).run()
            departments.append((dept["id"], shift == night, days))
        employees = [
            Employee(
                employee_code=f"E{n:05d}",
                name=f"工人{n}",
                status="active",
                hire_date=date(2025, 1, 1),
                department=departments[n % 2][0],
                created_at=now,
                updated_at=now,
            )
            for n in range(people)
        ]
        ids = [row["id"] for row in await Employee.insert(*employees).returning(Employee.id).run()]
    scans = []
    for n, employee_id in enumerate(ids):
        _, is_night, days = departments[n % 2]
        for offset in range((LAST - FIRST).days + 1):
            current = FIRST + timedelta(days=offset)
            if current.weekday() >= days:
                continue
            start = datetime.combine(current, datetime.min.time()) + timedelta(hours=21 if is_night else 7, minutes=50)
            for minutes, node in ((0, "kiosk-1"), (250, "kiosk-2"), (305, "kiosk-2"), (555 + n % 60, "kiosk-1")):
                at = (start + timedelta(minutes=minutes)).replace(tzinfo=ZONE)
                scans.append(
                    Scan(
                        id=new_id(), node_id=node, scanned_at=at, received_at=now, employee=employee_id, outcome="punch"
                    )
                )
    for chunk in range(0, len(scans), 2000):
        async with write_transaction():
            await Scan.insert(*scans[chunk : chunk + 2000]).run()


async def _baseline(sample: list[int]) -> int:
    """One person, one day at a time: what a plain implementation does."""
    from app.attendance import rules
    from app.attendance.days.compute import PersonDays, _row, dates, overtime_unit, people, punches
    from app.attendance.schedule.roster import load_roster
    from app.attendance.tables import AttendanceDay
    from app.db.tx import write_transaction
    from app.timeutil import utcnow

    count = 0
    for employee_id in sample:
        person = (await people([employee_id], FIRST, LAST))[0]
        for day in dates(FIRST, LAST):
            roster = await load_roster([employee_id], day - timedelta(days=1), day + timedelta(days=1))
            times = (await punches([employee_id], day, day, ZONE)).get(employee_id, [])
            plan, derived = PersonDays(person, roster, times).derive(day, await overtime_unit())
            async with write_transaction():
                await (
                    AttendanceDay.delete()
                    .where((AttendanceDay.employee == employee_id) & (AttendanceDay.work_date == day))
                    .run()
                )
                await AttendanceDay.insert(_row(person, plan, derived, ZONE, utcnow())).run()
            count += 1 if isinstance(derived, rules.AttendanceDay) else 0
    return count


async def _measure(url: str, people: int, baseline_people: int) -> dict[str, float]:
    from app.attendance.days.board import today_board
    from app.attendance.days.compute import ensure_days, recompute_days
    from app.db.engine import migrate, use_database

    use_database(url)
    await migrate()
    await _plant(people)
    started = time.perf_counter()
    result = await recompute_days(None, FIRST, LAST, ZONE, today=TODAY)
    batched = time.perf_counter() - started
    started = time.perf_counter()
    baseline_days = await _baseline(list(range(1, baseline_people + 1)))
    plain = time.perf_counter() - started
    started = time.perf_counter()
    fresh = await ensure_days(FIRST, LAST, ZONE, today=TODAY)
    check = time.perf_counter() - started
    started = time.perf_counter()
    board = await today_board(ZONE, now=datetime(2026, 3, 31, 10, tzinfo=ZONE))
    board_seconds = time.perf_counter() - started
    assert fresh.days == 0 and sum(board.totals.values()) == people
    return {
        "days": result.days,
        "batched_s": batched,
        "batched_rate": result.days / batched,
        "baseline_rate": baseline_days / plain,
        "check_ms": check * 1000,
        "board_ms": board_seconds * 1000,
    }


def _run(engine: str, people: int, baseline_people: int) -> None:
    if engine == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            figures = asyncio.run(_measure(f"sqlite:///{folder}/bench.sqlite3", people, baseline_people))
    else:
        import asyncpg

        async def admin(sql: str) -> None:
            connection = await asyncpg.connect(PG_ADMIN)
            try:
                await connection.execute(sql)
            finally:
                await connection.close()

        asyncio.run(admin("DROP DATABASE IF EXISTS floorhr_bench_attendance"))
        asyncio.run(admin("CREATE DATABASE floorhr_bench_attendance"))
        try:
            figures = asyncio.run(_measure(PG_BENCH, people, baseline_people))
        finally:
            asyncio.run(admin("DROP DATABASE IF EXISTS floorhr_bench_attendance"))
    print(
        f"{engine}: recompute_days {figures['days']:.0f} days in {figures['batched_s']:.2f} s "
        f"({figures['batched_rate']:.0f} days/s); baseline one day at a time {figures['baseline_rate']:.0f} days/s; "
        f"ratio {figures['batched_rate'] / figures['baseline_rate']:.1f}x; "
        f"ensure_days when fresh {figures['check_ms']:.0f} ms; today's board {figures['board_ms']:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--people", type=int, default=500)
    parser.add_argument("--baseline-people", type=int, default=20)
    args = parser.parse_args()
    for engine in ("sqlite", "postgresql") if args.engine == "both" else (args.engine,):
        _run(engine, args.people, args.baseline_people)


if __name__ == "__main__":
    main()
