"""The employee roster as CSV that Excel opens correctly (UTF-8 with a BOM)."""

from __future__ import annotations

from app.people.service import EmployeeRow
from app.spreadsheets import BOM, csv_text

__all__ = ["BOM", "COLUMNS", "employees_csv"]
COLUMNS = (
    "employee_code",
    "name",
    "gender",
    "birth_date",
    "phone",
    "status",
    "hire_date",
    "department",
    "position",
    "supervisor",
    "skill_grade",
)


def employees_csv(rows: list[EmployeeRow]) -> str:
    return csv_text(
        COLUMNS,
        (
            [
                row.employee_code,
                row.name,
                row.gender,
                row.birth_date or "",
                row.phone,
                row.status,
                row.hire_date or "",
                row.department_name,
                row.position_name,
                row.supervisor_name,
                row.skill_grade,
            ]
            for row in rows
        ),
    )
