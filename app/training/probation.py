"""The probation assessment: one page with everything a decision needs, and the decision itself."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.attendance.tables import AttendanceDay
from app.audit import service as audit
from app.auth.service import CurrentUser
from app.db.tx import write_transaction
from app.i18n import N_
from app.people.lifecycle import service as lifecycle
from app.people.tables import Employee
from app.timeutil import utcnow
from app.training import hooks, rules, safety
from app.training.tables import Course, PracticalSignoff, ProbationAssessment, QuizAttempt


@dataclass(frozen=True)
class CourseResult:
    title: str
    best_percent: int | None
    attempts: int
    practical: str  # passed | failed | none
    department_guides: bool  # theory passed and practical failed: the department's part


@dataclass(frozen=True)
class Assessment:
    employee: dict[str, Any]
    probation_end: date
    courses: list[CourseResult]
    safety: rules.SafetyStatus
    attendance: dict[str, int]  # status -> days
    record: dict[str, Any] | None  # the rating and decision so far
    appraisals: list[hooks.AppraisalLine] = field(default_factory=list)  # over the probation, and the latest


async def _record(employee_id: int) -> dict[str, Any] | None:
    return await ProbationAssessment.select().where(ProbationAssessment.employee == employee_id).first().run()


async def end_of(employee: dict[str, Any]) -> date:
    record = await _record(employee["id"])
    if record:
        return record["probation_end"]
    return rules.probation_end(employee["hire_date"] or utcnow().date())


async def _courses(employee_id: int) -> list[CourseResult]:
    attempts = (
        await QuizAttempt.select(QuizAttempt.course, QuizAttempt.percent)
        .where(QuizAttempt.employee == employee_id)
        .run()
    )
    practicals = (
        await PracticalSignoff.select(PracticalSignoff.course, PracticalSignoff.passed)
        .where(PracticalSignoff.employee == employee_id)
        .order_by(PracticalSignoff.signed_at)
        .run()
    )
    course_ids = {row["course"] for row in attempts} | {row["course"] for row in practicals}
    if not course_ids:
        return []
    courses = (
        await Course.select(Course.id, Course.title, Course.pass_mark)
        .where(Course.id.is_in(list(course_ids)))
        .order_by(Course.title)
        .run()
    )
    results = []
    for course in courses:
        scores = [row["percent"] for row in attempts if row["course"] == course["id"]]
        verdicts = [row["passed"] for row in practicals if row["course"] == course["id"]]
        practical = "passed" if any(verdicts) else "failed" if verdicts else "none"
        best = max(scores) if scores else None
        results.append(
            CourseResult(
                course["title"],
                best,
                len(scores),
                practical,
                rules.practical_is_departments(best, practical == "failed", course["pass_mark"]),
            )
        )
    return results


async def assessment(employee: dict[str, Any], today: date) -> Assessment:
    employee_id = employee["id"]
    since = employee["hire_date"] or today
    days = (
        await AttendanceDay.select(AttendanceDay.status)
        .where(
            (AttendanceDay.employee == employee_id)
            & (AttendanceDay.work_date >= since)
            & (AttendanceDay.work_date <= today)
        )
        .run()
    )
    end = await end_of(employee)
    return Assessment(
        employee,
        end,
        await _courses(employee_id),
        await safety.status(employee_id),
        dict(Counter(row["status"] for row in days)),
        await _record(employee_id),
        await hooks.appraisal_results(employee_id, since, end),
    )


async def due(today: date, department_ids: frozenset[int] | None = None) -> list[dict[str, Any]]:
    """Probationers whose probation ends within 30 days (or has ended), soonest first."""
    query = Employee.select(
        Employee.id,
        Employee.employee_code,
        Employee.name,
        Employee.hire_date,
        Employee.department.name.as_alias("department_name"),
    ).where(Employee.status == "probation")
    if department_ids is not None:
        query = query.where(Employee.department.is_in(list(department_ids) or [0]))
    rows = []
    for person in await query.run():
        end = await end_of(person)
        if (end - today).days <= rules.ASSESS_DAYS_BEFORE_END:
            record = await _record(person["id"])
            rows.append({**person, "probation_end": end, "rating": record["rating"] if record else None})
    return sorted(rows, key=lambda row: row["probation_end"])


async def _save(employee: dict[str, Any], values: dict[str, Any]) -> None:
    if await _record(employee["id"]):
        await ProbationAssessment.update(values).where(ProbationAssessment.employee == employee["id"]).run()
    else:
        await ProbationAssessment.insert(
            ProbationAssessment(**{"employee": employee["id"], "probation_end": await end_of(employee), **values})
        ).run()


async def rate(employee: dict[str, Any], rating: str, comment: str, user: CurrentUser) -> str | None:
    if not (rating.isascii() and rating.isdigit()) or not 1 <= int(rating) <= 5:
        return N_("Choose a rating from 1 to 5.")
    async with write_transaction():
        await _save(employee, {"rating": int(rating), "comment": comment.strip()[:500], "rated_by": user.id})
        await audit.record(
            user.actor,
            "probation.rate",
            "employee",
            employee["id"],
            after={"rating": int(rating), "comment": comment.strip()[:500]},
        )
    return None


async def decide(
    employee: dict[str, Any], decision: str, new_end: date | None, today: date, user: CurrentUser
) -> str | None:
    """Record HR's decision; confirm goes through the lifecycle (and its safety-education check)."""
    if decision not in rules.DECISIONS:
        return N_("Choose confirm, extend or terminate.")
    if decision == "confirm":
        outcome = await lifecycle.confirm(employee["id"], today, user.actor)
        if not outcome.ok:
            return next(iter(outcome.errors.values()))
    current = await end_of(employee)
    if decision == "extend":
        problem = rules.extension_problem(employee["hire_date"] or today, current, new_end)
        if problem:
            return problem
    async with write_transaction():
        values: dict[str, Any] = {"decision": decision, "decided_by": user.id, "decided_at": utcnow()}
        if decision == "extend":
            values["probation_end"] = new_end
        await _save(employee, values)
        await audit.record(
            user.actor,
            f"probation.{decision}",
            "employee",
            employee["id"],
            before={"probation_end": current},
            after={"probation_end": new_end or current},
        )
    return None
