"""Training coverage: for each course and department, how many of the people it is for are trained."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.people.tables import Department, Employee
from app.spreadsheets import xlsx_bytes
from app.training import rules
from app.training.tables import Course, PracticalSignoff, QuizAttempt


@dataclass(frozen=True)
class CoverageRow:
    course: str
    kind: str
    department: str
    headcount: int
    theory: int  # quiz passed
    trained: int  # practical signed off

    @property
    def percent(self) -> int | None:
        return rules.coverage_percent(self.trained, self.headcount)


async def coverage() -> list[CoverageRow]:
    """General courses are for every department, a professional course for its own."""
    people = await Employee.select(Employee.id, Employee.department).where(Employee.status != "left").run()
    department_of = {row["id"]: row["department"] for row in people}
    headcount = Counter(department_of.values())
    departments = {row["id"]: row["name"] for row in await Department.select(Department.id, Department.name).run()}
    trained = Counter(
        (row["course"], department_of[row["employee"]])
        for row in await PracticalSignoff.select(PracticalSignoff.course, PracticalSignoff.employee)
        .where(PracticalSignoff.passed == True)
        .distinct()
        .run()  # noqa: E712
        if row["employee"] in department_of
    )
    theory = Counter(
        (row["course"], department_of[row["employee"]])
        for row in await QuizAttempt.select(QuizAttempt.course, QuizAttempt.employee)
        .where(QuizAttempt.passed == True)
        .distinct()
        .run()  # noqa: E712
        if row["employee"] in department_of
    )
    rows = []
    for course in await Course.select().order_by(Course.kind).order_by(Course.title).run():
        scope = sorted(departments, key=departments.get) if course["kind"] == "general" else [course["department"]]
        for department in scope:
            key = (course["id"], department)
            rows.append(
                CoverageRow(
                    course["title"],
                    course["kind"],
                    departments.get(department, ""),
                    headcount.get(department, 0),
                    theory[key],
                    trained[key],
                )
            )
    return rows


def workbook(rows: list[CoverageRow], headers: list[str]) -> bytes:
    return xlsx_bytes(
        "coverage",
        headers,
        (
            [
                row.course,
                row.department,
                row.headcount,
                row.theory,
                row.trained,
                row.percent if row.percent is not None else "",
            ]
            for row in rows
        ),
    )
