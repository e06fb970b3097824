"""The skills matrix: people × courses (theory, trained) and certificates (valid, expiring, expired)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.people.tables import Employee
from app.training import rules, safety
from app.training.tables import Certificate, Course, PracticalSignoff, QuizAttempt, SafetyEducation


@dataclass(frozen=True)
class Row:
    employee_id: int
    employee_code: str
    name: str
    department_name: str
    courses: dict[int, str]  # course id -> none | theory | trained
    certificates: dict[str, tuple[str, date]]  # kind -> (state, expires_on) of the latest certificate
    safety_complete: bool


@dataclass(frozen=True)
class Matrix:
    courses: list[dict]
    certificate_kinds: list[str]
    rows: list[Row]


async def matrix(department_id: int | None, today: date) -> Matrix:
    people = Employee.select(
        Employee.id, Employee.employee_code, Employee.name, Employee.department.name.as_alias("department_name")
    ).where(Employee.status != "left")
    courses = Course.select(Course.id, Course.title, Course.kind).order_by(Course.kind).order_by(Course.title)
    if department_id is not None:
        people = people.where(Employee.department == department_id)
        courses = courses.where((Course.kind == "general") | (Course.department == department_id))
    people_rows = await people.order_by(Employee.employee_code).run()
    course_rows = await courses.run()
    ids = [person["id"] for person in people_rows] or [0]
    passed = {
        (row["employee"], row["course"])
        for row in await QuizAttempt.select(QuizAttempt.employee, QuizAttempt.course)
        .where(QuizAttempt.employee.is_in(ids) & (QuizAttempt.passed == True))
        .run()
    }  # noqa: E712 (SQL)
    signed = {
        (row["employee"], row["course"])
        for row in await PracticalSignoff.select(PracticalSignoff.employee, PracticalSignoff.course)
        .where(PracticalSignoff.employee.is_in(ids) & (PracticalSignoff.passed == True))
        .run()
    }  # noqa: E712 (SQL)
    certificates: dict[int, dict[str, tuple[str, date]]] = {}
    for row in await Certificate.select().where(Certificate.employee.is_in(ids)).order_by(Certificate.expires_on).run():
        certificates.setdefault(row["employee"], {})[row["kind"]] = (
            rules.certificate_state(row["expires_on"], today),
            row["expires_on"],
        )  # the latest expiry wins
    education: dict[int, list[rules.SafetyRecord]] = {}
    for row in (
        await SafetyEducation.select()
        .where(SafetyEducation.employee.is_in(ids) & (SafetyEducation.refresher == False))
        .run()
    ):  # noqa: E712 (SQL)
        education.setdefault(row["employee"], []).append(
            rules.SafetyRecord(row["level"], row["minutes"], row["signed_off_on"] is not None)
        )
    sector = await safety.sector()
    kinds = sorted({kind for held in certificates.values() for kind in held}, key=rules.CERTIFICATE_KINDS.index)
    rows = [
        Row(
            person["id"],
            person["employee_code"],
            person["name"],
            person["department_name"] or "",
            {
                course["id"]: rules.skill_state(
                    (person["id"], course["id"]) in passed, (person["id"], course["id"]) in signed
                )
                for course in course_rows
            },
            certificates.get(person["id"], {}),
            rules.safety_status(education.get(person["id"], []), sector).complete,
        )
        for person in people_rows
    ]
    return Matrix(course_rows, kinds, rows)
