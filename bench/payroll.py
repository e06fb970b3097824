"""Payroll benchmark: computing December (the twelfth month of cumulative tax) for 5,000 piece workers
× 26 days × 3 operations, with social insurance, housing fund and income tax, against gross pay only.

  .venv/bin/python bench/payroll.py                                   # SQLite only
  .venv/bin/python bench/payroll.py --postgres postgresql://postgres@127.0.0.1:5432/floorhr_bench_payroll
  .venv/bin/python bench/payroll.py --workers 500                     # a smaller plant

The plant: --workers employees in 10 departments on 3 grades (with factors), 3 operations whose
rates change on the 16th, and for each worker 3 reports a day on 26 days of December 2026 (a
twelfth of them in an overtime segment, 1 in 50 with defects), every one confirmed (1 in 20
adjusted). Everyone is enrolled in one city scheme (five items, bases from 4,000 to 12,000), a
third have a declared deduction, and January to November are on record as tax months (55,000
rows for 5,000 workers), as they would be by December. Attendance days are computed before timing.
Timed: service.compute_month, everything HR's "Compute" button does (the attendance staleness
check, reading all inputs, 5,000 payslips with traces, contributions, the cumulative tax, writing
the lines and tax months). The baseline, in the same run on the same database: the same
compute_month stopping at gross pay (net_pay=False). Goal: at most 1.5× the gross-only time, at
most 6 s. Also printed: plain selects of the month's rows, nothing computed.
--postgres names a throwaway database: its public schema is dropped and recreated.
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

MONTH, FIRST, LAST = "2026-12", date(2026, 12, 1), date(2026, 12, 31)
ZONE = ZoneInfo("Asia/Shanghai")
BATCH = 2000  # rows per insert: 14 columns × 2,000 stays under asyncpg's 32,767 parameters


async def _flush(table, rows: list) -> None:
    for start in range(0, len(rows), BATCH):
        await table.insert(*rows[start : start + BATCH]).run()


async def _plant(url: str, workers: int) -> None:
    from app.attendance.days.compute import ensure_days
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
    await _flush(
        Employee,
        [
            Employee(
                employee_code=f"E{n:05d}",
                name=f"工人{n}",
                status="active",
                hire_date=date(2024, 1, 1),
                department=departments[n % 10],
                skill_grade=1 + n % 3,
                created_at=now,
                updated_at=now,
            )
            for n in range(workers)
        ],
    )
    for grade, percent in ((1, 100), (2, 110), (3, 125)):
        await GradeFactor.insert(
            GradeFactor(grade=grade, percent=percent, effective_from=date(2026, 1, 1), set_at=now)
        ).run()
    order = WorkOrder(code="WO-BENCH", product="电机外壳", created_at=now)
    await order.save().run()
    operations = []
    for index, (code, fen) in enumerate((("OP10", 25), ("OP20", 40), ("OP30", 18))):
        operation = Operation(work_order=order.id, code=code, name=f"工序{index}", standard_per_hour=60)
        await operation.save().run()
        operations.append(operation.id)
        for start, rate in ((date(2026, 1, 1), fen), (date(2026, 12, 16), fen + 2)):
            await PieceRate.insert(
                PieceRate(operation=operation.id, effective_from=start, fen_per_piece=rate, set_at=now)
            ).run()
    people = [row["id"] for row in await Employee.select(Employee.id).run()]
    days = [day for day in (FIRST + timedelta(days=n) for n in range(31)) if day.weekday() != 6][:26]
    reports, decisions = [], []
    for person in people:
        for day in days:
            at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9)
            for operation in operations:
                quantity = rng.randint(80, 160)
                defects = rng.randint(1, 5) if rng.random() < 0.02 else 0
                segment = (
                    "workday_overtime" if rng.random() < 1 / 12 else "rest_day" if day.weekday() == 5 else "normal"
                )
                report = PieceReport(
                    id=new_id(),
                    node_id="office",
                    reported_at=at,
                    received_at=at,
                    work_date=day,
                    employee=person,
                    operation=operation,
                    quantity=quantity,
                    defects=defects,
                    segment=segment,
                    minutes_worked=480,
                    source="kiosk",
                )
                adjusted = rng.random() < 0.05
                reports.append(report)
                decisions.append(
                    PieceConfirmation(
                        id=new_id(),
                        report=report.id,
                        employee=person,
                        operation=operation,
                        work_date=day,
                        node_id="office",
                        confirmed_at=at + timedelta(hours=8),
                        received_at=at + timedelta(hours=8),
                        action="adjust" if adjusted else "confirm",
                        quantity=quantity - 5 if adjusted else quantity,
                        defects=defects,
                        segment=segment,
                        reason="复点" if adjusted else "",
                        by_name="班组长",
                    )
                )
        if len(reports) >= 20 * BATCH:
            await _flush(PieceReport, reports)
            await _flush(PieceConfirmation, decisions)
            reports, decisions = [], []
    await _flush(PieceReport, reports)
    await _flush(PieceConfirmation, decisions)
    await ensure_days(FIRST, LAST, ZONE)  # attendance days exist before payroll runs, as in a plant
    await _net_pay_plant(people, rng, now)


async def _net_pay_plant(people: list[int], rng: random.Random, now) -> None:
    """A scheme everyone is enrolled in, declared deductions for a third, January to November withheld."""
    from app.audit.service import Actor
    from app.contributions import service as contributions
    from app.contributions.rules import Item, Version, monthly_contributions
    from app.contributions.tables import Enrolment
    from app.forms import Month
    from app.tax.rules import Prior, ThisMonth, withhold_month
    from app.tax.tables import DeclaredDeduction, TaxMonth

    bench = Actor(name="bench")
    version = Version(
        4_494_00,
        24_042_00,
        2_490_00,
        30_000_00,
        (
            Item("pension", 16000, 8000),
            Item("medical", 7000, 2000, worker_fixed_fen=5_00),
            Item("unemployment", 500, 500),
            Item("injury", 400, 0),
            Item("housing_fund", 7000, 7000, rounding=100),
        ),
    )
    scheme = await contributions.add_scheme("苏州", bench)
    await contributions.save_version(scheme, Month(2026, 1), version, bench)
    bases = {person: rng.randrange(4_000_00, 12_000_00, 100) for person in people}
    await _flush(
        Enrolment,
        [
            Enrolment(
                employee=p,
                scheme=scheme,
                base_fen=base,
                base_reason="上年度月平均工资",
                start_month="2026-01",
                entered_by="bench",
                entered_at=now,
            )
            for p, base in bases.items()
        ],
    )
    await _flush(
        DeclaredDeduction,
        [
            DeclaredDeduction(
                employee=p,
                kind="child_education",
                monthly_fen=2_000_00,
                from_month="2026-01",
                entered_by="bench",
                entered_at=now,
            )
            for p in people[::3]
        ],
    )
    rows = []
    for person in people:
        prior, worker = Prior(), monthly_contributions(bases[person], version).worker_fen
        for month in range(1, 12):
            this = ThisMonth(month, rng.randrange(6_000_00, 14_000_00), worker, 2_000_00 if person % 3 == 0 else 0)
            result = withhold_month(prior, this)
            rows.append(
                TaxMonth(
                    employee=person,
                    year=2026,
                    month=f"2026-{month:02d}",
                    income_fen=this.income_fen,
                    contributions_fen=worker,
                    additional_fen=this.additional_fen,
                    basic_fen=result.basic_fen,
                    taxable_fen=result.taxable_fen,
                    tax_to_date_fen=result.tax_to_date_fen,
                    tax_fen=result.tax_fen,
                    computed_at=now,
                )
            )
            prior = Prior(
                prior.income_fen + this.income_fen,
                0,
                prior.contributions_fen + worker,
                prior.additional_fen + this.additional_fen,
                0,
                prior.withheld_fen + result.tax_fen,
                prior.months + 1,
            )
    await _flush(TaxMonth, rows)


async def _baseline() -> float:
    from app.payroll.tables import PaySetting
    from app.people.tables import Employee
    from app.piecework.tables import PieceConfirmation, PieceReport

    started = time.perf_counter()
    await Employee.select().run()
    await PaySetting.select().run()
    await PieceReport.select().where((PieceReport.work_date >= FIRST) & (PieceReport.work_date <= LAST)).run()
    await PieceConfirmation.select().run()
    return time.perf_counter() - started


async def _timed(net_pay: bool) -> tuple[float, int, float]:
    """Wall seconds, pay lines, and CPU seconds of this process (all its threads: SQLite's run in one): on a
    shared machine the wall time also holds the waits for a core, the CPU time does not."""
    from app.audit.service import Actor
    from app.payroll import service

    started, cpu = time.perf_counter(), time.process_time()
    computed = await service.compute_month(MONTH, ZONE, Actor(name="bench"), net_pay=net_pay)
    assert not computed.problems, computed.problems[:3]
    return time.perf_counter() - started, computed.lines, time.process_time() - cpu


async def _run(url: str, workers: int) -> tuple[float, float, float, int, float, float]:
    """Best of three of each, interleaved so both see the same cache and disk state."""
    from app.tax.tables import TaxMonth

    started = time.perf_counter()
    await _plant(url, workers)
    print(f"  plant loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    reads = min([await _baseline() for _ in range(3)])
    gross, full, lines, cpu_gross, cpu_full = [], [], 0, [], []
    for _ in range(3):
        seconds, _, cpu = await _timed(False)
        gross.append(seconds)
        cpu_gross.append(cpu)
        seconds, lines, cpu = await _timed(True)
        full.append(seconds)
        cpu_full.append(cpu)
    withheld = await TaxMonth.count().where(TaxMonth.month == MONTH).run()
    assert withheld == lines, (withheld, lines)
    return min(full), min(gross), reads, lines, min(cpu_full), min(cpu_gross)


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
    full, gross, reads, lines, cpu_full, cpu_gross = asyncio.run(_run(url, workers))
    reports = workers * 26 * 3
    verdict = "within" if full <= 6 and full / gross <= 1.5 else "OVER"
    print(
        f"{engine}: {workers} workers, {reports} confirmed reports, December: net pay (contributions + cumulative "
        f"tax) {full:.2f} s, gross only {gross:.2f} s, ratio {full / gross:.2f}x ({lines} pay lines; {verdict} the "
        f"goal of 1.5x and 6 s); plain reads of the month's rows {reads:.2f} s; CPU time of the process: net pay "
        f"{cpu_full:.2f} s, gross only {cpu_gross:.2f} s"
    )


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
