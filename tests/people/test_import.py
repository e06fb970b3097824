"""HR imports an existing roster: a preview flags each bad row, nothing is half-written, valid rows on request."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

from app.audit.service import Actor
from app.people.imports import service as import_roster
from app.people.tables import Department, Employee, EmploymentEvent
from tests.cast import csrf_token, htmx_target, make_department, make_position, post_form, sign_in
from tests.people.rosters import clean_roster_csv, messy_roster

HR = Actor(name="hr")
NEW_CODES = ["E1001", "E1002", "E1003"]


async def _plant_with_assembly_and_qc():
    assembly, quality = await make_department("装配车间"), await make_department("质检部")
    await make_position("装配工", assembly)
    await make_position("质检员", quality)
    return assembly


async def _codes() -> list[str]:
    return sorted(row["employee_code"] for row in await Employee.select(Employee.employee_code).run())


async def test_a_messy_roster_is_refused_with_the_bad_rows_named_and_nothing_written(database_url):
    await _plant_with_assembly_and_qc()
    result = await import_roster.import_roster("花名册.xlsx", messy_roster(), False, False, HR)
    assert result.imported == 0
    bad = {row.line: [p.message for p in row.problems] for row in result.roster.invalid_rows}
    assert bad == {
        6: ["Employee code %(code)s appears more than once in the file (rows %(rows)s)."],
        7: ["Enter a name of 1 to 50 characters."],
        8: ["Employee code %(code)s appears more than once in the file (rows %(rows)s)."],
    }
    assert await Employee.count().run() == 0


async def test_the_valid_rows_are_read_right_and_imported_on_request(database_url):
    assembly = await _plant_with_assembly_and_qc()
    result = await import_roster.import_roster("花名册.xlsx", messy_roster(), True, False, HR)
    assert result.imported == 3 and await _codes() == NEW_CODES
    rows = {row["employee_code"]: row for row in await Employee.select().run()}
    assert rows["E1001"]["phone"] == "13800138001" and rows["E1001"]["birth_date"] == date(1990, 5, 17)
    assert rows["E1002"]["status"] == "probation" and rows["E1002"]["hire_date"] == date(2024, 3, 1)
    assert rows["E1003"]["hire_date"] == date(2024, 3, 1) and rows["E1003"]["birth_date"] == date(1988, 1, 9)
    assert rows["E1001"]["department"] == assembly and all(row["change_no"] > 0 for row in rows.values())
    assert await EmploymentEvent.count().where(EmploymentEvent.kind == "hire").run() == 3


async def test_a_code_already_in_floorhr_refuses_the_file(database_url, cast):
    await _plant_with_assembly_and_qc()
    await Employee.update({Employee.employee_code: "E1002"}).where(Employee.id == cast.worker).run()
    result = await import_roster.import_roster("花名册.xlsx", messy_roster(), False, False, HR)
    assert 4 in [row.line for row in result.roster.invalid_rows]
    assert await Employee.count().run() == 3  # the cast only


async def test_unknown_departments_are_refused_unless_hr_asks_to_create_them(database_url):
    await _plant_with_assembly_and_qc()
    refused = await import_roster.import_roster("roster.csv", clean_roster_csv(), False, False, HR)
    assert refused.imported == 0 and refused.roster.invalid_rows[0].problems[0].params == {"name": "喷涂车间"}
    created = await import_roster.import_roster("roster.csv", clean_roster_csv(), False, True, HR)
    assert created.imported == 2
    assert await Department.exists().where(Department.name == "喷涂车间").run()


async def test_an_old_xls_file_is_refused_with_advice(database_url):
    preview = await import_roster.preview("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert "xlsx" in preview.problems[0].message


async def test_hr_previews_an_upload_and_sees_row_errors_in_a_fragment(client, cast):
    await _plant_with_assembly_and_qc()
    await sign_in(client, "hr")
    response = await client.post(
        "/people/import/preview",
        files={"file": ("花名册.xlsx", messy_roster())},
        data={"_csrf_token": csrf_token(client)},
        headers=htmx_target("import-preview"),
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert 'id="import-preview"' in response.text
    assert "姓名" in response.text and "出现了不止一次" in response.text
    assert "只导入 3 条无误的记录" in response.text
    assert await Employee.count().run() == 3


async def test_hr_imports_only_the_valid_rows_after_the_preview(client, cast):
    await _plant_with_assembly_and_qc()
    await sign_in(client, "hr")
    preview = await client.post(
        "/people/import/preview",
        files={"file": ("花名册.xlsx", messy_roster())},
        data={"_csrf_token": csrf_token(client)},
    )
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    refused = await post_form(client, "/people/import/commit", {"token": token})
    assert refused.status_code == 422 and await Employee.count().run() == 3
    done = await post_form(client, "/people/import/commit", {"token": token, "valid_only": "1"})
    assert done.status_code == 200 and "已导入 3 名员工" in done.text
    assert await Employee.count().run() == 6


async def test_a_supervisor_may_not_import(client, cast):
    await sign_in(client, "sup-a")
    response = await client.post(
        "/people/import/preview",
        files={"file": ("花名册.xlsx", messy_roster())},
        data={"_csrf_token": csrf_token(client)},
    )
    assert response.status_code == 403 and await Employee.count().run() == 3


def _floorhr(database_url: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FLOORHR_DATABASE_URL": database_url, "FLOORHR_DATA_DIR": str(tmp_path / "cli")}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


async def test_the_command_line_refuses_a_bad_roster_and_imports_the_valid_rows_with_the_flag(database_url, tmp_path):
    await _plant_with_assembly_and_qc()
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(messy_roster())
    refused = _floorhr(database_url, tmp_path, "import", "employees", str(path))
    assert refused.returncode != 0
    assert "第 7 行" in refused.stderr and "没有导入任何记录" in refused.stderr
    assert await Employee.count().run() == 0
    done = _floorhr(database_url, tmp_path, "import", "employees", str(path), "--valid-only")
    assert done.returncode == 0 and "3" in done.stdout
    assert await _codes() == NEW_CODES
