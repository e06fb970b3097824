"""Leave benchmark: everyone's balances for a plant with 3 years of leave, a person's balance page and the attendance
month page, p99 against a bare page render in the same run.

  .venv/bin/python bench/leave.py                  # SQLite
  .venv/bin/python bench/leave.py --engine postgresql --people 1000

The plant: --people workers on a Monday-to-Friday day shift, hired in 2020, with years worked set; 2024-2026 each
with 10 approved leaves a year (annual, sick, personal, 调休 spent from banked rest-day overtime), and a month
(November 2026) of attendance days. Timed: balances.compute for everyone (the goal: 2 s at most), and through the
real app in process (Litestar's test client, signed in as HR): GET /leave/people/{id} for random people and
GET /attendance/days for the month (its first page), against GET /login, a bare page render with no query,
in the same run and through the same client (goal: the balance page's p99 at most 50 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql://postgres@127.0.0.1:5432/floorhr_bench_leave"
TYPES = ("annual", "annual", "annual", "sick", "sick", "personal", "personal", "lieu", "marriage", "bereavement")


async def _plant(people: int) -> list[int]:
    from app.attendance.tables import AttendanceDay, Shift, ShiftAssignment
    from app.auth.passwords import hash_password
    from app.auth.tables import User
    from app.db.tx import write_transaction
    from app.ids import new_id
    from app.leave.tables import LeavePerson, LeaveRequest, LieuEntry
    from app.people.tables import Department, Employee
    from app.timeutil import utcnow

    now, rng = utcnow(), random.Random(7)
    async with write_transaction():
        shift = (
            await Shift.insert(
                Shift(
                    code="D",
                    name="早班",
                    start=datetime.min.time().replace(hour=8),
                    end=datetime.min.time().replace(hour=17),
                )
            )
            .returning(Shift.id)
            .run()
        )[0]["id"]
        dept = (await Department.insert(Department(name="装配车间", created_at=now)).returning(Department.id).run())[0]
        await ShiftAssignment.insert(
            ShiftAssignment(
                department=dept["id"], week=json.dumps([shift] * 5 + [None] * 2), effective_from=date(2020, 1, 1)
            )
        ).run()
        employees = [
            Employee(
                employee_code=f"E{n:05d}",
                name=f"工人{n}",
                status="active",
                hire_date=date(2020, 3, 1),
                department=dept["id"],
                created_at=now,
                updated_at=now,
            )
            for n in range(people)
        ]
        ids = [row["id"] for row in await Employee.insert(*employees).returning(Employee.id).run()]
        await LeavePerson.insert(*[LeavePerson(employee=i, years_worked=rng.randint(1, 25)) for i in ids]).run()
        await User.insert(
            User(
                username="hr",
                display_name="HR",
                password_hash=hash_password("Bench-passw0rd"),
                roles="hr",
                created_at=now,
            )
        ).run()
    requests, lieu, days = [], [], []
    for employee in ids:
        for year in (2024, 2025, 2026):
            for n, code in enumerate(TYPES):
                first = date(year, n + 1, 5 + rng.randint(0, 10))
                while first.weekday() >= 5:
                    first += timedelta(days=1)
                requests.append(
                    LeaveRequest(
                        id=new_id(),
                        employee=employee,
                        type_code=code,
                        first_day=first,
                        last_day=first,
                        halves=2,
                        minutes=480 if code == "lieu" else 0,
                        status="approved",
                        source="office",
                        requested_at=now,
                    )
                )
                if code == "lieu":
                    lieu += [
                        LieuEntry(employee=employee, work_date=first - timedelta(days=3), minutes=600, created_at=now),
                        LieuEntry(employee=employee, work_date=first, minutes=-480, created_at=now),
                    ]
        for offset in range(30):
            day = date(2026, 11, 1) + timedelta(days=offset)
            rest = day.weekday() >= 5
            days.append(
                AttendanceDay(
                    employee=employee,
                    work_date=day,
                    shift=None if rest else shift,
                    status="rest_day" if rest else rng.choice(["present"] * 8 + ["late", "absent"]),
                    worked_minutes=0 if rest else 480,
                    computed_at=now,
                )
            )
    for rows in (requests, lieu, days):
        for start in range(0, len(rows), 1000):  # PostgreSQL takes at most 32,767 arguments in one statement
            async with write_transaction():
                await type(rows[0]).insert(*rows[start : start + 1000]).run()
    return ids


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98] * 1000


async def _pages(url: str, ids: list[int], rounds: int) -> dict[str, float]:
    from litestar.testing import AsyncTestClient

    from app.main import create_app
    from app.settings import Settings

    settings = Settings.from_env(
        {"FLOORHR_DATABASE_URL": url, "FLOORHR_DATA_DIR": tempfile.mkdtemp(), "FLOORHR_LANG": "zh_CN"}
    )
    rng = random.Random(3)
    async with AsyncTestClient(app=create_app(settings, connection_pool=False), base_url="http://bench") as client:
        await client.get("/login")
        await client.post(
            "/login",
            data={
                "username": "hr",
                "password": "Bench-passw0rd",
                "_csrf_token": client.cookies.get("floorhr_csrf", ""),
            },
        )
        timings: dict[str, list[float]] = {"bare": [], "balance": [], "month": []}
        paths = {
            "bare": lambda: "/login",
            "balance": lambda: f"/leave/people/{rng.choice(ids)}",
            "month": lambda: "/attendance/days?from=2026-11-01&to=2026-11-30",
        }
        for path in paths.values():  # warm up: templates compiled, the month's days checked fresh once
            assert (await client.get(path())).status_code == 200
        for _ in range(rounds):
            for name, path in paths.items():
                started = time.perf_counter()
                response = await client.get(path())
                timings[name].append(time.perf_counter() - started)
                assert response.status_code == 200, (name, response.status_code)
    print({name: f"median {statistics.median(values) * 1000:.1f} ms" for name, values in timings.items()})
    return {name: _p99(values) for name, values in timings.items()}


async def _measure(url: str, people: int, rounds: int) -> dict[str, float]:
    from app.db.engine import migrate, use_database
    from app.leave import balances

    use_database(url)
    await migrate()
    ids = await _plant(people)
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        found = await balances.compute(2026)
        runs.append(time.perf_counter() - started)
    assert len(found) == people and found[0].annual_taken_halves == 6
    return {"balances_s": statistics.median(runs), "balances_max_s": max(runs), **await _pages(url, ids, rounds)}


async def _pg(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def bench(engine: str, people: int, rounds: int) -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if engine == "postgresql":
        asyncio.run(_pg("DROP DATABASE IF EXISTS floorhr_bench_leave"))
        asyncio.run(_pg("CREATE DATABASE floorhr_bench_leave"))
        url = PG_BENCH
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='floorhr-bench-')}/bench.sqlite3"
    try:
        f = asyncio.run(_measure(url, people, rounds))
    finally:
        if engine == "postgresql":
            asyncio.run(_pg("DROP DATABASE IF EXISTS floorhr_bench_leave"))
    print(
        f"{engine}: {people} people, 3 years of leave: all balances {f['balances_s']:.3f} s (median of 5, max "
        f"{f['balances_max_s']:.3f} s); p99 over {rounds} requests: bare page {f['bare']:.1f} ms, balance page "
        f"{f['balance']:.1f} ms ({f['balance'] / f['bare']:.1f}x), attendance month page {f['month']:.1f} ms "
        f"({f['month'] / f['bare']:.1f}x)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    for engine in ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]:
        bench(engine, args.people, args.rounds)


if __name__ == "__main__":
    main()
