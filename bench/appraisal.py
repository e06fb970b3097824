"""Appraisal benchmark: filling the computed indicators of a month's period for 1,000 workers from a month of data,
against HR's dashboard (app.reports.service.dashboard) on the same database in the same run.

  .venv/bin/python bench/appraisal.py                                     # SQLite
  .venv/bin/python bench/appraisal.py --postgres postgresql://postgres@127.0.0.1:5432/floorhr_bench_appraisal
  .venv/bin/python bench/appraisal.py --workers 300

The plant: --workers employees in one department with a scheme weighing all six computed indicators and the
supervisor's score; for each, 26 attendance days of the month (some late), 3 confirmed piece counts a day on
operations with a standard (1 in 50 with defects), and a passed quiz; a minor safety incident for every 20th. Timed: app.appraisal.periods.fill (read
every figure, score it, replace the period's rows), best of 3. Baseline: the dashboard's own query time, best of
3. Goal: fill at most 3 s. --postgres names a throwaway database: its public schema is dropped and recreated.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = date(2026, 10, 1)
TODAY = date(2026, 11, 20)
ZONE = ZoneInfo("Asia/Shanghai")
BATCH = 2000


async def _flush(table, rows: list) -> None:
    for start in range(0, len(rows), BATCH):
        await table.insert(*rows[start : start + BATCH]).run()


async def _plant(url: str, workers: int) -> int:
    from app.appraisal import periods, schemes
    from app.attendance.tables import AttendanceDay
    from app.audit.service import SYSTEM
    from app.db.engine import migrate, use_database
    from app.demo.appraisal import BANDS
    from app.ids import new_id
    from app.people.tables import Department, Employee
    from app.piecework.tables import Operation, PieceConfirmation, WorkOrder
    from app.timeutil import utcnow
    from app.training.tables import Course, QuizAttempt
    from app.wiring import wire

    use_database(url)
    wire()  # the dashboard reads recruiting through its hooks, as in the app
    await migrate()
    now, rng = utcnow(), random.Random(24)
    department = Department(name="冲压车间", created_at=now)
    await department.save().run()
    await _flush(
        Employee,
        [
            Employee(
                employee_code=f"E{n:05d}",
                name=f"工人{n}",
                status="active",
                hire_date=date(2024, 1, 1),
                department=department.id,
                created_at=now,
                updated_at=now,
            )
            for n in range(workers)
        ],
    )
    ids = [r["id"] for r in await Employee.select(Employee.id).run()]
    order = WorkOrder(code="WO-BENCH", product="电机外壳", created_at=now)
    await order.save().run()
    operations = []
    for code in ("OP10", "OP20", "OP30"):
        operation = Operation(work_order=order.id, code=code, name=code, standard_per_hour=60)
        await operation.save().run()
        operations.append(operation.id)
    course = Course(title="安全规程", created_at=now, updated_at=now)
    await course.save().run()
    days, pieces = [], []
    for employee in ids:
        for offset in range(26):
            day = FIRST + timedelta(days=offset)
            late = rng.random() < 0.05
            days.append(
                AttendanceDay(
                    employee=employee,
                    work_date=day,
                    status="late" if late else "present",
                    worked_minutes=480,
                    late_minutes=7 if late else 0,
                    computed_at=now,
                )
            )
            for operation in operations:
                quantity = rng.randint(120, 180)
                pieces.append(
                    PieceConfirmation(
                        id=new_id(),
                        report=new_id(),
                        confirmed_at=now,
                        received_at=now,
                        action="confirm",
                        quantity=quantity,
                        defects=rng.randint(1, 5) if rng.random() < 0.02 else 0,
                        segment="normal",
                        by_name="bench",
                        employee=employee,
                        operation=operation,
                        work_date=day,
                        counts=True,
                    )
                )
    await _flush(AttendanceDay, days)
    await _flush(PieceConfirmation, pieces)
    taken = datetime(2026, 10, 10, 2, tzinfo=UTC)
    await _flush(
        QuizAttempt,
        [
            QuizAttempt(
                id=new_id(), employee=e, course=course.id, correct=9, total=10, percent=90, passed=True, taken_at=taken
            )
            for e in ids
        ],
    )
    await _incidents(ids[::20], now)
    form = {
        "name": "月度",
        "department": str(department.id),
        "period_kind": "month",
        "missing": "reweight",
        "weight_output": "40",
        "target_output": "100",
        "weight_quality": "15",
        "target_quality": "98",
        "weight_attendance": "10",
        "target_attendance": "100",
        "weight_lateness": "10",
        "target_lateness": "1",
        "penalty_lateness": "20",
        "weight_training": "5",
        "target_training": "1",
        "weight_safety": "5",
        "penalty_safety": "20",
        "weight_supervisor": "15",
        **BANDS,  # the demo plant's grades
        "bonus_base": "400",
    }
    scheme_id = await schemes.save_scheme(schemes.parse_scheme(form), None, TODAY, SYSTEM)
    return await periods.open_period(scheme_id, "2026-10", ZONE, SYSTEM)


async def _incidents(people: list[int], now: datetime) -> None:
    """A minor safety incident for every 20th worker, one per incident (the safety indicator's figure)."""
    from app.appraisal.tables import SafetyIncident, SafetyIncidentPerson

    for n, employee in enumerate(people):
        incident = SafetyIncident(
            occurred_on=FIRST + timedelta(days=n % 26), severity="minor", summary="bench", recorded_at=now
        )
        await SafetyIncident.insert(incident).run()
        await SafetyIncidentPerson.insert(SafetyIncidentPerson(incident=incident.id, employee=employee)).run()


async def _best(call, times: int = 3) -> float:
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        await call()
        timings.append(time.perf_counter() - started)
    return min(timings)


async def _run(url: str, workers: int) -> tuple[float, float, int]:
    from app.appraisal import periods
    from app.audit.service import SYSTEM
    from app.reports import service

    period_id = await _plant(url, workers)
    written = await periods.fill(period_id, ZONE, SYSTEM)  # warm up
    fill = await _best(lambda: periods.fill(period_id, ZONE, SYSTEM))
    dashboard = await _best(lambda: service.dashboard(TODAY, ZONE))
    return fill, dashboard, written


async def _reset_postgres(url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=1000)
    parser.add_argument("--postgres", default="")
    args = parser.parse_args()
    if args.postgres:
        asyncio.run(_reset_postgres(args.postgres))
        url, engine = args.postgres, "postgresql"
    else:
        url, engine = f"sqlite:///{tempfile.mkdtemp(prefix='floorhr-bench-')}/bench.sqlite3", "sqlite"
    fill, dashboard, written = asyncio.run(_run(url, args.workers))
    print(
        f"{engine}: {args.workers} workers, {args.workers * 26} attendance days, {args.workers * 78} piece counts: "
        f"fill {fill:.3f} s ({written} figures; goal <= 3 s); dashboard {dashboard:.3f} s; "
        f"ratio {fill / dashboard:.2f}x"
    )


if __name__ == "__main__":
    main()
