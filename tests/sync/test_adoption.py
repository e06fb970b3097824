"""A kiosk node's own rows (a worker onboarded there) give way to the office's when the pull brings them."""

from __future__ import annotations

import shutil
import uuid
from datetime import UTC, datetime

import pytest

from app.attendance.tables import Scan
from app.db.engine import use_database
from app.db.tx import write_transaction
from app.people.tables import Employee
from app.sync.outbox import PROVISIONAL_BASE
from app.sync.reference import apply_page
from app.timeutil import utcnow
from app.training.tables import SafetyEducation


@pytest.fixture
def kiosk_database(sqlite_template, tmp_path) -> str:
    """A kiosk node's database is SQLite whatever the office runs on."""
    path = tmp_path / "kiosk.sqlite3"
    shutil.copy(sqlite_template, path)
    use_database(f"sqlite:///{path}")
    return str(path)


def _office_row(employee_id: int, code: str, name: str) -> dict:
    now = utcnow().isoformat()
    return {
        "id": employee_id,
        "employee_code": code,
        "name": name,
        "gender": "F",
        "birth_date": "2000-01-31",
        "status": "probation",
        "hire_date": "2026-11-23",
        "department": None,
        "position": None,
        "supervisor": None,
        "skill_grade": 1,
        "last_day": None,
        "created_at": now,
        "updated_at": now,
        "change_no": 9,
    }


async def test_the_office_row_takes_over_a_provisional_employee_and_their_records(kiosk_database):
    provisional, now = PROVISIONAL_BASE + 1, utcnow()
    await Employee.insert(
        Employee(
            id=provisional, employee_code="N1A2B3C4D", name="张三", status="onboarding", created_at=now, updated_at=now
        )
    ).run()
    await SafetyEducation.insert(
        SafetyEducation(employee=provisional, level="plant", minutes=60, assigned_at=now)
    ).run()
    scan_id = uuid.uuid4()
    await Scan.insert(
        Scan(
            id=scan_id,
            node_id="gate-1",
            node_seq=1,
            scanned_at=datetime(2026, 11, 23, tzinfo=UTC),
            received_at=now,
            employee=provisional,
            outcome="punch",
            direction="in",
        )
    ).run()
    page = {
        "next_cursor": 9,
        "more": False,
        "deleted": [],
        "changes": {"employee": [_office_row(7, "N1A2B3C4D", "张三"), _office_row(8, "E0008", "李四")]},
    }
    async with write_transaction():
        assert await apply_page(page) == 2
    rows = await Employee.select(Employee.id, Employee.employee_code, Employee.status).order_by(Employee.id).run()
    assert rows == [
        {"id": 7, "employee_code": "N1A2B3C4D", "status": "probation"},
        {"id": 8, "employee_code": "E0008", "status": "probation"},
    ]
    assert (await Scan.select(Scan.employee).where(Scan.id == scan_id).first().run())["employee"] == 7
    assert [row["employee"] for row in await SafetyEducation.select(SafetyEducation.employee).run()] == [7]


async def test_a_row_changed_then_deleted_in_one_page_stays_deleted(kiosk_database):
    page = {
        "next_cursor": 12,
        "more": False,
        "changes": {"employee": [_office_row(5, "E0005", "王五")]},
        "deleted": [{"table": "employee", "id": 5}],
    }
    async with write_transaction():
        await apply_page(page)
    assert await Employee.count().run() == 0
