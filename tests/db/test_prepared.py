"""Prepared selects: built once, run with new values, the same rows as Piccolo's own select on both engines."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from app.db.prepared import Prepared
from app.people.tables import Department, Employee
from app.timeutil import utcnow


async def _people() -> tuple[int, int, date]:
    """Two departments and six people hired a day apart, the first 30 days before the tests' today."""
    now = utcnow()
    hired = now.date() - timedelta(days=30)
    departments = [
        (await Department.insert(Department(name=name, created_at=now)).returning(Department.id).run())[0]["id"]
        for name in ("装配车间", "冲压车间")
    ]
    await Employee.insert(
        *[
            Employee(
                employee_code=f"E{n}",
                name=f"工人{n}",
                status="active",
                hire_date=hired + timedelta(days=n),
                department=departments[n % 2],
                created_at=now,
                updated_at=now,
            )
            for n in range(6)
        ]
    ).run()
    return departments[0], departments[1], hired


def _by_department(department, hired_since):
    return (
        Employee.select(Employee.employee_code, Employee.hire_date, Employee.department.name.as_alias("department"))
        .where((Employee.department == department) & (Employee.hire_date >= hired_since))
        .order_by(Employee.employee_code)
    )


BY_DEPARTMENT = Prepared(_by_department)
BY_CODES = Prepared(lambda codes: Employee.select(Employee.name).where(Employee.employee_code.is_in(codes)))
ONE = Prepared(
    lambda code: Employee.select(Employee.name, Employee.hire_date).where(Employee.employee_code == code).first()
)


async def test_each_run_gets_the_rows_its_own_values_pick(database_url):
    assembly, pressing, hired = await _people()
    for department, since in (
        (assembly, hired),
        (pressing, hired + timedelta(days=3)),
        (assembly, hired + timedelta(days=9)),
    ):
        expected = await _by_department(department, since).run()
        assert await BY_DEPARTMENT.run(department, since) == expected
    assert [row["employee_code"] for row in await BY_DEPARTMENT.run(pressing, hired + timedelta(days=3))] == [
        "E3",
        "E5",
    ]
    assert isinstance((await BY_DEPARTMENT.run(assembly, hired))[0]["hire_date"], date)  # typed as Piccolo's


async def test_lists_of_any_length_and_first(database_url):
    *_, hired = await _people()
    assert sorted(row["name"] for row in await BY_CODES.run(["E1", "E4"])) == ["工人1", "工人4"]
    assert sorted(row["name"] for row in await BY_CODES.run(["E0", "E2", "E5"])) == ["工人0", "工人2", "工人5"]
    assert await ONE.run("E2") == {"name": "工人2", "hire_date": hired + timedelta(days=2)}
    assert await ONE.run("E99") is None


async def test_a_value_is_data_never_sql(database_url):
    await _people()
    assert await ONE.run("E1' OR '1'='1") is None
    assert await Employee.count().run() == 6


def _some_or_all(codes):
    query = Employee.select(Employee.employee_code).order_by(Employee.employee_code)
    return query if codes is None else query.where(Employee.employee_code.is_in(codes))


SOME_OR_ALL = Prepared(_some_or_all)
LEFT_ON = Prepared(lambda day: Employee.select(Employee.employee_code).where(Employee.last_day == day))


async def test_none_is_built_as_piccolo_builds_it(database_url):
    *_, hired = await _people()
    assert [row["employee_code"] for row in await SOME_OR_ALL.run(None)] == [f"E{n}" for n in range(6)]
    assert [row["employee_code"] for row in await SOME_OR_ALL.run(["E3"])] == ["E3"]
    assert len(await LEFT_ON.run(None)) == 6  # IS NULL: nobody has a last day
    assert await LEFT_ON.run(hired) == []


async def test_values_piccolo_would_convert_are_refused(database_url):
    await _people()
    with pytest.raises(TypeError):
        await ONE.run(json)
    with pytest.raises(TypeError):
        await BY_CODES.run([json])


async def test_a_value_the_build_does_not_use_is_refused(database_url):
    unused = Prepared(lambda code, name: Employee.select(Employee.name).where(Employee.employee_code == code))
    with pytest.raises(TypeError, match="2 values given, 1 placeholders"):
        await unused.run("E1", "工人1")


def test_only_selects_are_prepared():
    with pytest.raises(TypeError):
        Prepared(lambda code: Employee.count().where(Employee.employee_code == code))._plan(("E1",))
