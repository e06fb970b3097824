"""Payroll benchmark: computing one month for 5,000 piece workers × 26 days × 3 operations.

  .venv/bin/python bench/payroll.py                                   # SQLite only
  .venv/bin/python bench/payroll.py --postgres postgresql://postgres@127.0.0.1:5432/floorhr_bench_payroll
  .venv/bin/python bench/payroll.py --workers 500                     # a smaller plant

The plant: --workers employees in 10 departments on 3 grades (with factors), 3 operations whose
rates change on the 16th, and for each worker 3 reports a day on 26 days of October 2026 (a
twelfth of them in an overtime segment, 1 in 50 with defects), every one confirmed (1 in 20
adjusted). Attendance days are computed once before timing, as they would be by then.
Timed: service.compute_month, everything HR's "Compute" button does (the attendance staleness
check, reading all inputs, 5,000 payslips with traces, writing the lines). The baseline, in the
same run on the same database: plain selects of the same rows (reports, confirmations,
employees, pay settings), nothing computed. Target: the month in at most 5 s.
--postgres names a throwaway database: its public schema is dropped and recreated.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MONTH, FIRST, LAST = "2026-10", date(2026, 10, 1), date(2026, 10, 31)
ZONE = ZoneInfo("Asia/Shanghai")
BATCH = 2000  # rows per insert: 14 columns × 2,000 stays under asyncpg's 32,767 parameters


async def _flush(table, rows: list) -> None:
    for start in range(0, len(rows), BATCH):
        await table.insert(*rows[start:start + BATCH]).run()


async def _plant(url: str, workers: int) -> None:
    from app.attendance.days import ensure_days
    from app.db.engine import migrate, use_database
    from app.ids import new_id
    from app.people.tables import Department, Employee
    from app.piecework.tables import GradeFactor, Operation, PieceConfirmation, PieceRate, PieceReport, WorkOrder
    from app.timeutil import utcnow

    use_database(url)
    await migrate()
    now, rng = utcnow(), random.Random(6)
    departments = []
    for index in range(10):
        department = Department(name=f"车间{index}", created_at=now)
        await department.save().run()
        departments.append(department.id)
    await _flush(Employee, [Employee(employee_code=f"E{n:05d}", name=f"工人{n}", status="active", hire_date=date(2024, 1, 1),
                                     department=departments[n % 10], skill_grade=1 + n % 3, created_at=now,
                                     updated_at=now) for n in range(workers)])
    for grade, percent in ((1, 100), (2, 110), (3, 125)):
        await GradeFactor.insert(GradeFactor(grade=grade, percent=percent, effective_from=date(2026, 1, 1),
                                             set_at=now)).run()
    order = WorkOrder(code="WO-BENCH", product="电机外壳", created_at=now)
    await order.save().run()
    operations = []
    for index, (code, fen) in enumerate((("OP10", 25), ("OP20", 40), ("OP30", 18))):
        operation = Operation(work_order=order.id, code=code, name=f"工序{index}", standard_per_hour=60)
        await operation.save().run()
        operations.append(operation.id)
        for start, rate in ((date(2026, 1, 1), fen), (date(2026, 10, 16), fen + 2)):
            await PieceRate.insert(PieceRate(operation=operation.id, effective_from=start, fen_per_piece=rate,
                                             set_at=now)).run()
    people = [row["id"] for row in await Employee.select(Employee.id).run()]
    days = [day for day in (FIRST + timedelta(days=n) for n in range(31)) if day.weekday() != 6][:26]
    reports, decisions = [], []
    for person in people:
        for day in days:
            at = datetime.combine(day, datetime.min.time(), timezone.utc) + timedelta(hours=9)
            for operation in operations:
                quantity = rng.randint(80, 160)
                defects = rng.randint(1, 5) if rng.random() < 0.02 else 0
                segment = "workday_overtime" if rng.random() < 1 / 12 else "rest_day" if day.weekday() == 5 else "normal"
                report = PieceReport(id=new_id(), node_id="office", reported_at=at, received_at=at, work_date=day,
                                     employee=person, operation=operation, quantity=quantity, defects=defects,
                                     segment=segment, minutes_worked=480, source="kiosk")
                adjusted = rng.random() < 0.05
                reports.append(report)
                decisions.append(PieceConfirmation(
                    id=new_id(), report=report.id, employee=person, operation=operation, work_date=day,
                    node_id="office", confirmed_at=at + timedelta(hours=8),
                    received_at=at + timedelta(hours=8), action="adjust" if adjusted else "confirm",
                    quantity=quantity - 5 if adjusted else quantity, defects=defects, segment=segment,
                    reason="复点" if adjusted else "", by_name="班组长"))
        if len(reports) >= 20 * BATCH:
            await _flush(PieceReport, reports)
            await _flush(PieceConfirmation, decisions)
            reports, decisions = [], []
    await _flush(PieceReport, reports)
    await _flush(PieceConfirmation, decisions)
    await ensure_days(FIRST, LAST, ZONE)  # attendance days exist before payroll runs, as in a plant


async def _baseline() -> float:
    from app.people.tables import Employee
    from app.piecework.tables import PieceConfirmation, PieceReport
    from app.payroll.tables import PaySetting

    started = time.perf_counter()
    await Employee.select().run()
    await PaySetting.select().run()
    await PieceReport.select().where((PieceReport.work_date >= FIRST) & (PieceReport.work_date <= LAST)).run()
    await PieceConfirmation.select().run()
    return time.perf_counter() - started


async def _run(url: str, workers: int) -> tuple[float, float, int]:
    from app.audit.service import Actor
    from app.payroll import service

    started = time.perf_counter()
    await _plant(url, workers)
    print(f"  plant loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    baseline = min([await _baseline() for _ in range(3)])
    timings, lines = [], 0
    for _ in range(3):
        started = time.perf_counter()
        computed = await service.compute_month(MONTH, ZONE, Actor(name="bench"))
        timings.append(time.perf_counter() - started)
        lines = computed.lines
        assert not computed.problems, computed.problems[:3]
    return min(timings), baseline, lines


async def _reset_postgres(url: str) -> None:
    import asyncpg

    try:
        connection = await asyncpg.connect(url)
    except asyncpg.InvalidCatalogNameError:
        admin = await asyncpg.connect(url.rsplit("/", 1)[0] + "/postgres")
        await admin.execute(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"')
        await admin.close()
        connection = await asyncpg.connect(url)
    await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    await connection.close()


def bench(engine: str, url: str, workers: int) -> None:
    if engine == "postgresql":
        asyncio.run(_reset_postgres(url))
    computed, baseline, lines = asyncio.run(_run(url, workers))
    reports = workers * 26 * 3
    verdict = "within" if computed <= 5 else "OVER"
    print(f"{engine}: {workers} workers, {reports} confirmed reports: compute the month {computed:.2f} s "
          f"({lines} pay lines, {verdict} the 5 s target); plain reads of the same rows {baseline:.2f} s; "
          f"ratio {computed / baseline:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=5000)
    parser.add_argument("--postgres", metavar="URL", help="also run on this throwaway PostgreSQL database")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    args = parser.parse_args()
    if not args.no_sqlite:
        bench("sqlite", f"sqlite:///{tempfile.mkdtemp(prefix='floorhr-bench-')}/bench.sqlite3", args.workers)
    if args.postgres:
        bench("postgresql", args.postgres, args.workers)


if __name__ == "__main__":
    main()
