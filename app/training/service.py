"""Training use cases: courses, their material and quiz, trainers, and the quiz a worker takes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from litestar.exceptions import PermissionDeniedException

from app.audit import service as audit
from app.auth.service import CurrentUser
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import parse_int
from app.i18n import N_
from app.ids import new_id
from app.people.tables import Department, Employee
from app.sync.changes import next_change_no, record_deletion
from app.sync.row_facts import queue_row
from app.timeutil import utcnow
from app.training import rules, sync_facts
from app.training.tables import (
    Course,
    CourseSession,
    QuizAttempt,
    QuizQuestion,
    StudyVisit,
    TrainerQualification,
)


class TrainingError(ValueError):
    """Refused; the message is marked for translation."""


async def viewer_for(user: CurrentUser) -> rules.Viewer:
    headed: frozenset[int] = frozenset()
    qualified: frozenset[int] = frozenset()
    if user.employee_id is not None:
        rows = await Department.select(Department.id).where(Department.head == user.employee_id).run()
        headed = frozenset(row["id"] for row in rows) if user.has_any("dept_head") else frozenset()
        rows = (
            await TrainerQualification.select(TrainerQualification.course)
            .where(TrainerQualification.trainer == user.employee_id)
            .run()
        )
        qualified = frozenset(row["course"] for row in rows)
    return rules.Viewer(roles=user.roles, headed_departments=headed, qualified_courses=qualified)


async def list_courses(viewer: rules.Viewer, department_id: int | None = None) -> list[dict[str, Any]]:
    query = (
        Course.select(Course.all_columns(), Course.department.name.as_alias("department_name"))
        .order_by(Course.kind)
        .order_by(Course.title)
    )
    if department_id is not None:
        query = query.where(Course.department == department_id)
    courses = await query.run()
    return [
        course for course in courses if rules.can_see_course(viewer, course["id"], course["kind"], course["department"])
    ]


async def get_course(course_id: int) -> dict[str, Any] | None:
    return (
        await Course.select(Course.all_columns(), Course.department.name.as_alias("department_name"))
        .where(Course.id == course_id)
        .first()
        .run()
    )


@dataclass(frozen=True)
class CourseData:
    title: str
    kind: str
    department_id: int | None
    minutes: int
    pass_mark: int
    description: str


def parse_course(values: dict[str, str]) -> CourseData:
    """The course form checked; Refused naming every bad field."""
    department = values.get("department_id", "")
    department_id = parse_int(department)
    kind = values.get("kind", "")
    if kind == "general":
        department_id = None
    errors = rules.course_problems(
        values.get("title", ""), kind, department_id, values.get("hours", ""), values.get("pass_mark", "")
    )
    if errors:
        raise Refused.fields(errors)
    return CourseData(
        title=values["title"].strip(),
        kind=kind,
        department_id=department_id,
        minutes=round(float(values["hours"]) * 60),
        pass_mark=int(values["pass_mark"]),
        description=values.get("description", "").strip(),
    )


def _course_values(data: CourseData) -> dict[str, Any]:
    return {
        "title": data.title,
        "kind": data.kind,
        "department": data.department_id,
        "minutes": data.minutes,
        "pass_mark": data.pass_mark,
        "description": data.description,
    }


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedException(N_("Your account may not change this course."))


async def create_course(viewer: rules.Viewer, data: CourseData, user: CurrentUser) -> int:
    _require(rules.can_manage_course(viewer, data.kind, data.department_id))
    now = utcnow()
    async with write_transaction():
        course = Course(
            **_course_values(data), created_by=user.id, created_at=now, updated_at=now, change_no=await next_change_no()
        )
        await course.save().run()
        await audit.record(user.actor, "create", "course", course.id, after=_course_values(data))
    return course.id


async def update_course(viewer: rules.Viewer, course_id: int, data: CourseData, user: CurrentUser) -> None:
    course = await get_course(course_id)
    if course is None:
        raise TrainingError(N_("This course no longer exists."))
    _require(rules.can_manage_course(viewer, course["kind"], course["department"]))
    _require(rules.can_manage_course(viewer, data.kind, data.department_id))
    after = _course_values(data)
    before, changed = audit.changed_fields({key: course[key] for key in after}, after)
    async with write_transaction():
        await (
            Course.update({**after, "updated_at": utcnow(), "change_no": await next_change_no()})
            .where(Course.id == course_id)
            .run()
        )
        await audit.record(user.actor, "update", "course", course_id, before=before, after=changed)


# Material ---------------------------------------------------------------------------------------


async def questions(course_id: int) -> list[dict[str, Any]]:
    return (
        await QuizQuestion.select()
        .where(QuizQuestion.course == course_id)
        .order_by(QuizQuestion.position)
        .order_by(QuizQuestion.id)
        .output(load_json=True)
        .run()
    )


async def add_question(
    viewer: rules.Viewer, course_id: int, text: str, choices: list[str], answer: str, user: CurrentUser
) -> dict[str, str]:
    course = await get_course(course_id)
    if course is None:
        raise TrainingError(N_("This course no longer exists."))
    _require(rules.can_manage_course(viewer, course["kind"], course["department"]))
    errors = rules.question_problems(text, choices, answer)
    if errors:
        return errors
    kept = [choice.strip() for choice in choices]
    right = kept[int(answer)]
    kept = [choice for choice in kept if choice]
    position = len(await questions(course_id))
    async with write_transaction():
        question = QuizQuestion(
            course=course_id,
            position=position,
            text=text.strip(),
            choices=kept,
            answer=kept.index(right),
            change_no=await next_change_no(),
        )
        await question.save().run()
        await audit.record(user.actor, "add_question", "course", course_id, after={"question": text.strip()})
    return {}


async def delete_question(viewer: rules.Viewer, question_id: int, user: CurrentUser) -> int | None:
    """Returns the question's course (None when it was gone already)."""
    question = await QuizQuestion.select().where(QuizQuestion.id == question_id).first().run()
    if question is None:
        return None
    course = await get_course(question["course"])
    _require(rules.can_manage_course(viewer, course["kind"], course["department"]))
    async with write_transaction():
        await QuizQuestion.delete().where(QuizQuestion.id == question_id).run()
        await record_deletion("quiz_question", question_id)
        await audit.record(user.actor, "delete_question", "course", course["id"], before={"question": question["text"]})
    return course["id"]


def _as_rules(rows: list[dict[str, Any]]) -> list[rules.Question]:
    return [rules.Question(row["text"], tuple(row["choices"]), row["answer"]) for row in rows]


async def last_attempt(employee_id: int, course_id: int) -> dict[str, Any] | None:
    return (
        await QuizAttempt.select()
        .where((QuizAttempt.employee == employee_id) & (QuizAttempt.course == course_id))
        .order_by(QuizAttempt.taken_at, ascending=False)
        .first()
        .run()
    )


async def last_study(employee_id: int, course_id: int):
    """When the worker last opened the course's material (None: never)."""
    row = (
        await StudyVisit.select(StudyVisit.at)
        .where((StudyVisit.employee == employee_id) & (StudyVisit.course == course_id))
        .order_by(StudyVisit.at, ascending=False)
        .first()
        .run()
    )
    return row["at"] if row else None


async def record_study(employee_id: int, course_id: int) -> None:
    visit_id, now = new_id(), utcnow()
    async with write_transaction():
        await StudyVisit.insert(StudyVisit(id=visit_id, employee=employee_id, course=course_id, at=now)).run()
        await queue_row(sync_facts.STUDY, StudyVisit, visit_id, now)


async def may_attempt(employee_id: int, course_id: int) -> bool:
    last = await last_attempt(employee_id, course_id)
    if last is None or last["passed"]:
        return True
    studied = (
        await StudyVisit.exists()
        .where(
            (StudyVisit.employee == employee_id) & (StudyVisit.course == course_id) & (StudyVisit.at > last["taken_at"])
        )
        .run()
    )
    return rules.may_attempt(True, studied)


async def take_quiz(employee_id: int, course_id: int, answers: list[int | None]) -> rules.QuizScore:
    course = await get_course(course_id)
    if course is None:
        raise TrainingError(N_("This course no longer exists."))
    rows = await questions(course_id)
    if not rows:
        raise TrainingError(N_("This course has no quiz yet."))
    if not await may_attempt(employee_id, course_id):
        raise TrainingError(N_("Study the course material again before the next try."))
    score = rules.score_quiz(_as_rules(rows), answers, course["pass_mark"])
    attempt_id, now = new_id(), utcnow()
    async with write_transaction():
        await QuizAttempt.insert(
            QuizAttempt(
                id=attempt_id,
                employee=employee_id,
                course=course_id,
                answers=answers,
                correct=score.correct,
                total=score.total,
                percent=score.percent,
                passed=score.passed,
                taken_at=now,
            )
        ).run()
        await queue_row(sync_facts.ATTEMPT, QuizAttempt, attempt_id, now)
    return score


async def attempts(course_id: int) -> list[dict[str, Any]]:
    return (
        await QuizAttempt.select(
            QuizAttempt.all_columns(),
            QuizAttempt.employee.name.as_alias("employee_name"),
            QuizAttempt.employee.employee_code.as_alias("employee_code"),
        )
        .where(QuizAttempt.course == course_id)
        .order_by(QuizAttempt.taken_at, ascending=False)
        .limit(200)
        .run()
    )


# Trainers ---------------------------------------------------------------------------------------


async def trainers(course_id: int) -> list[dict[str, Any]]:
    return (
        await TrainerQualification.select(
            TrainerQualification.id,
            TrainerQualification.granted_at,
            TrainerQualification.trainer.employee_code.as_alias("employee_code"),
            TrainerQualification.trainer.name.as_alias("name"),
        )
        .where(TrainerQualification.course == course_id)
        .order_by(TrainerQualification.granted_at)
        .run()
    )


async def qualify_trainer(viewer: rules.Viewer, course_id: int, employee_code: str, user: CurrentUser) -> None:
    course = await get_course(course_id)
    if course is None:
        raise TrainingError(N_("This course no longer exists."))
    _require(rules.can_qualify_trainers(viewer, course["kind"], course["department"]))
    employee = (
        await Employee.select(Employee.id, Employee.status)
        .where(Employee.employee_code == employee_code.strip().upper())
        .first()
        .run()
    )
    if employee is None or employee["status"] == "left":
        raise TrainingError(N_("No current employee has this code."))
    if (
        await TrainerQualification.exists()
        .where((TrainerQualification.course == course_id) & (TrainerQualification.trainer == employee["id"]))
        .run()
    ):
        raise TrainingError(N_("This person is already a trainer for this course."))
    async with write_transaction():
        await TrainerQualification.insert(
            TrainerQualification(
                course=course_id,
                trainer=employee["id"],
                granted_by=user.id,
                granted_at=utcnow(),
                change_no=await next_change_no(),
            )
        ).run()
        await audit.record(
            user.actor, "qualify_trainer", "course", course_id, after={"trainer": employee_code.strip().upper()}
        )


async def remove_trainer(viewer: rules.Viewer, qualification_id: int, user: CurrentUser) -> int | None:
    """Returns the course the trainer was removed from (None when it was gone already)."""
    row = await TrainerQualification.select().where(TrainerQualification.id == qualification_id).first().run()
    if row is None:
        return None
    course = await get_course(row["course"])
    _require(rules.can_qualify_trainers(viewer, course["kind"], course["department"]))
    async with write_transaction():
        await TrainerQualification.delete().where(TrainerQualification.id == qualification_id).run()
        await record_deletion("trainer_qualification", qualification_id)
        await audit.record(user.actor, "remove_trainer", "course", course["id"], before={"trainer": row["trainer"]})
    return course["id"]


async def courses_for_worker(employee_id: int) -> list[dict[str, Any]]:
    """The quizzes a worker may take at a kiosk: general courses and their department's, each with their best result."""
    employee = await Employee.select(Employee.department).where(Employee.id == employee_id).first().run()
    department = employee["department"] if employee else None
    with_quiz = {row["course"] for row in await QuizQuestion.select(QuizQuestion.course).run()}
    courses = (
        await Course.select(Course.id, Course.title, Course.pass_mark)
        .where((Course.kind == "general") | (Course.department == department))
        .order_by(Course.title)
        .run()
    )
    passed = {
        row["course"]
        for row in await QuizAttempt.select(QuizAttempt.course)
        .where((QuizAttempt.employee == employee_id) & (QuizAttempt.passed == True))
        .run()
    }  # noqa: E712 (SQL)
    return [{**course, "passed": course["id"] in passed} for course in courses if course["id"] in with_quiz]


async def worker_may_take(employee_id: int, course_id: int) -> bool:
    return any(course["id"] == course_id for course in await courses_for_worker(employee_id))


# Schedule ---------------------------------------------------------------------------------------


async def sessions(course_id: int | None = None, since: datetime | None = None) -> list[dict[str, Any]]:
    query = CourseSession.select(
        CourseSession.all_columns(),
        CourseSession.course.title.as_alias("title"),
        CourseSession.trainer.name.as_alias("trainer_name"),
    ).order_by(CourseSession.starts_at)
    if course_id is not None:
        query = query.where(CourseSession.course == course_id)
    if since is not None:
        query = query.where(CourseSession.starts_at >= since)
    return await query.run()


async def schedule(
    viewer: rules.Viewer, course_id: int, starts_at: datetime | None, place: str, trainer_code: str, user: CurrentUser
) -> str | None:
    course = await get_course(course_id)
    if course is None:
        raise TrainingError(N_("This course no longer exists."))
    if not rules.can_schedule(viewer, course["kind"], course["department"]):
        raise PermissionDeniedException(N_("Your account may not change this course."))
    if starts_at is None:
        return N_("Enter the date and time of the class.")
    trainer = None
    if trainer_code.strip():
        row = (
            await Employee.select(Employee.id)
            .where(Employee.employee_code == trainer_code.strip().upper())
            .first()
            .run()
        )
        if row is None:
            return N_("No current employee has this code.")
        trainer = row["id"]
    async with write_transaction():
        await CourseSession.insert(
            CourseSession(
                course=course_id, starts_at=starts_at, place=place.strip()[:60], trainer=trainer, scheduled_by=user.id
            )
        ).run()
        await audit.record(user.actor, "schedule", "course", course_id, after={"starts_at": starts_at, "place": place})
    return None
