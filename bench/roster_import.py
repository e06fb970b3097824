"""Roster import benchmark: a 1,000-row xlsx through `import_roster` (parse, check, one transaction).

  .venv/bin/python bench/roster_import.py                  # SQLite and PostgreSQL (127.0.0.1:5432, user postgres)
  .venv/bin/python bench/roster_import.py --engine sqlite --rows 2000

The baseline, in the same run and on the same database: the same number of employees added one by one
through app.people.service.create_employee (what the employee form does, without HTTP), each in its own
transaction. The ratio is import rows/s over baseline rows/s. A throwaway database is created and removed.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgresql://postgres@127.0.0.1:5432/floorhr_bench_roster"
DEPARTMENTS = ["冲压车间", "装配车间", "质检部"]


def roster_xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["2024年员工花名册"])
    sheet.append(["工号", "姓名", "性别", "出生日期", "手机", "部门", "入职日期", "状态"])
    for index in range(rows):
        sheet.append(
            [
                f"R{index:05d}",
                f"工人{index}",
                "男女"[index % 2],
                f"{1970 + index % 30}年{1 + index % 12}月3日",
                f"138{index:08d}",
                DEPARTMENTS[index % 3],
                date(2020 + index % 5, 3, 1),
                "在职",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def _prepare(url: str) -> None:
    from app.db.engine import migrate, use_database
    from app.people.tables import Department
    from app.timeutil import utcnow

    use_database(url)
    await migrate()
    for name in DEPARTMENTS:
        await Department(name=name, created_at=utcnow()).save().run()


async def _baseline(rows: int) -> float:
    from app.audit.service import Actor
    from app.people.service import EmployeeInput, create_employee
    from app.people.tables import Department

    department = (await Department.select(Department.id).first().run())["id"]
    started = time.perf_counter()
    for index in range(rows):
        data = EmployeeInput(
            employee_code=f"B{index:05d}",
            name=f"工人{index}",
            gender="M",
            birth_date=date(1990, 1, 3),
            phone=f"139{index:08d}",
            status="active",
            hire_date=date(2022, 3, 1),
            department_id=department,
            position_id=None,
            supervisor_id=None,
            skill_grade=1,
        )
        result = await create_employee(data, Actor(name="bench"))
        assert result.employee_id, result.errors
    return time.perf_counter() - started


async def _run(url: str, rows: int) -> tuple[float, float, float]:
    from app.audit.service import Actor
    from app.people.imports.service import import_roster, parse_file

    await _prepare(url)
    content = roster_xlsx(rows)
    started = time.perf_counter()
    parse_file("bench.xlsx", content)
    parsed = time.perf_counter() - started
    started = time.perf_counter()
    result = await import_roster("bench.xlsx", content, False, False, Actor(name="bench"))
    imported = time.perf_counter() - started
    assert result.imported == rows, [row.problems for row in result.roster.invalid_rows[:3]]
    return parsed, imported, await _baseline(rows)


async def _pg(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(PG_ADMIN)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def bench(engine: str, rows: int) -> None:
    if engine == "postgresql":
        asyncio.run(_pg("DROP DATABASE IF EXISTS floorhr_bench_roster"))
        asyncio.run(_pg("CREATE DATABASE floorhr_bench_roster"))
        url = PG_BENCH
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='floorhr-bench-')}/bench.sqlite3"
    try:
        parsed, imported, baseline = asyncio.run(_run(url, rows))
    finally:
        if engine == "postgresql":
            asyncio.run(_pg("DROP DATABASE IF EXISTS floorhr_bench_roster"))
    print(
        f"{engine}: {rows} rows: read+check {parsed:.2f} s; import {imported:.2f} s ({rows / imported:.0f} rows/s); "
        f"one by one {baseline:.2f} s ({rows / baseline:.0f} rows/s); ratio {baseline / imported:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    for engine in ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]:
        bench(engine, args.rows)


if __name__ == "__main__":
    main()
