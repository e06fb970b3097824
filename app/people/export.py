"""The employee roster as CSV that Excel opens correctly (UTF-8 with a BOM)."""

from __future__ import annotations

import csv
import io

from app.people.service import EmployeeRow

BOM = "\ufeff"
COLUMNS = ("employee_code", "name", "gender", "birth_date", "phone", "status", "hire_date",
           "department", "position", "supervisor", "skill_grade")


def employees_csv(rows: list[EmployeeRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([
            row.employee_code, row.name, row.gender, row.birth_date or "", row.phone, row.status,
            row.hire_date or "", row.department_name, row.position_name, row.supervisor_name, row.skill_grade,
        ])
    return BOM + buffer.getvalue()
