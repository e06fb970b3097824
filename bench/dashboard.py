"""HR's dashboard benchmark: the whole page's reports for a plant with a year of hires and exits.

  .venv/bin/python bench/dashboard.py                  # SQLite and PostgreSQL (127.0.0.1:5432, user postgres)
  .venv/bin/python bench/dashboard.py --engine sqlite --people 2000

The plant: --people employees in 8 departments, a fifth of them hired in the last year and a tenth
leaving in it (with exits), and a month of attendance days (26 working days each, some overtime).
The baseline, in the same run and on the same database: only reading the rows the dashboard needs
(every employee, every exit, the month's attendance days) with plain selects, nothing computed.
The ratio is the dashboard's time over the baseline's: what the formulas and charts add to the reads.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql://postgres@127.0.0.1:5432/floorhr_bench_dashboard"
TODAY = date(2026, 3, 28)


async def _plant(url: str, people: int) -> None:
    from app.attendance.tables import AttendanceDay
    from app.db.engine import migrate, use_database
    from app.people.tables import Department, Employee, Separation
    from app.timeutil import utcnow

    use_database(url)
    await migrate()
    now, rng = utcnow(), random.Random(7)
    departments = []
    for index in range(8):
        department = Department(name=f"车间{index}", created_at=now)
        await department.save().run()
        departments.append(department.id)
    employees = []
    for index in range(people):
        recent = index % 5 == 0
        hire = TODAY - timedelta(days=rng.randint(1, 360) if recent else rng.randint(400, 3000))
        last_day = TODAY - timedelta(days=rng.randint(0, 300)) if index % 10 == 3 else None
        if last_day and last_day < hire:
            last_day = hire + timedelta(days=rng.randint(10, 100))
        employees.append(
            Employee(
                employee_code=f"E{index:05d}",
                name=f"工人{index}",
                hire_date=hire,
                last_day=last_day,
                status="left" if last_day and last_day < TODAY else "active",
                department=departments[index % 8],
                created_at=now,
                updated_at=now,
            )
        )
    await Employee.insert(*employees).run()
    rows = await Employee.select(Employee.id, Employee.last_day).run()
    await Separation.insert(
        *[
            Separation(
                employee=row["id"],
                reason=random.Random(row["id"]).choice(["resignation", "dismissal", "contract_end"]),
                notice_date=row["last_day"] - timedelta(days=30),
                last_day=row["last_day"],
                status="left",
                created_at=now,
            )
            for row in rows
            if row["last_day"]
        ]
    ).run()
    days = []
    for row in rows:
        for offset in range(26):
            day = TODAY.replace(day=1) + timedelta(days=offset)
            status = rng.choice(["present"] * 18 + ["late", "absent", "rest_day"])
            days.append(
                AttendanceDay(
                    employee=row["id"],
                    work_date=day,
                    status=status,
                    worked_minutes=480,
                    overtime_minutes=rng.choice([0, 0, 60, 120]),
                    overtime_kind="workday",
                    first_in=now if status != "absent" else None,
                    computed_at=now,
                )
            )
            if len(days) >= 2000:
                await AttendanceDay.insert(*days).run()
                days = []
    if days:
        await AttendanceDay.insert(*days).run()


async def _baseline() -> float:
    from app.attendance.tables import AttendanceDay
    from app.people.tables import Employee, Separation

    started = time.perf_counter()
    await Employee.select().run()
    await Separation.select().run()
    await AttendanceDay.select().where(AttendanceDay.work_date >= TODAY.replace(day=1)).run()
    return time.perf_counter() - started


async def _run(url: str, people: int) -> tuple[float, float]:
    from app.reports import service

    await _plant(url, people)
    await service.dashboard(TODAY)  # warm up the caches both sides use
    baseline = min([await _baseline() for _ in range(3)])
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        reports = await service.dashboard(TODAY)
        timings.append(time.perf_counter() - started)
    assert reports[0].rows[-1][1] > 0
    return min(timings), baseline


async def _pg(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def bench(engine: str, people: int) -> None:
    if engine == "postgresql":
        asyncio.run(_pg("DROP DATABASE IF EXISTS floorhr_bench_dashboard"))
        asyncio.run(_pg("CREATE DATABASE floorhr_bench_dashboard"))
        url = PG_BENCH
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='floorhr-bench-')}/bench.sqlite3"
    try:
        dashboard, baseline = asyncio.run(_run(url, people))
    finally:
        if engine == "postgresql":
            asyncio.run(_pg("DROP DATABASE IF EXISTS floorhr_bench_dashboard"))
    print(
        f"{engine}: {people} people, {people * 26} attendance days: dashboard {dashboard:.3f} s; "
        f"plain reads {baseline:.3f} s; ratio {dashboard / baseline:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--people", type=int, default=1000)
    args = parser.parse_args()
    for engine in ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]:
        bench(engine, args.people)


if __name__ == "__main__":
    main()
