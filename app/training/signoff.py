"""Practical sign-off at a kiosk: the worker scans, a qualified trainer scans, one tap confirms.

Each step re-checks both badges from their scanned text, so nothing the page carries between steps
can be trusted more than a fresh scan; a badge revoked between the scans is refused at the tap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.badges import service as badges
from app.db.tx import write_transaction
from app.ids import new_id
from app.sync.row_facts import queue_row
from app.training import rules, sync_facts
from app.training.tables import Course, PracticalSignoff, QuizAttempt, QuizQuestion, TrainerQualification


@dataclass(frozen=True)
class CourseChoice:
    course_id: int
    title: str
    refusal: str | None  # None: the tap signs it off


@dataclass(frozen=True)
class Pair:
    worker: badges.Identified
    trainer: badges.Identified | None = None
    choices: tuple[CourseChoice, ...] = ()
    refusal: str = ""  # a refusal of the whole step (an unknown badge, an unqualified trainer)


async def _choice(worker_id: int, trainer_id: int, course_id: int, title: str, qualified: bool) -> CourseChoice:
    has_quiz = await QuizQuestion.exists().where(QuizQuestion.course == course_id).run()
    passed = (
        await QuizAttempt.exists()
        .where((QuizAttempt.employee == worker_id) & (QuizAttempt.course == course_id) & (QuizAttempt.passed == True))
        .run()
    )  # noqa: E712 (SQL, not Python)
    signed = (
        await PracticalSignoff.exists()
        .where(
            (PracticalSignoff.employee == worker_id)
            & (PracticalSignoff.course == course_id)
            & (PracticalSignoff.passed == True)
        )
        .run()
    )  # noqa: E712 (SQL)
    refusal = rules.signoff_refusal(
        same_person=worker_id == trainer_id,
        trainer_qualified=qualified,
        has_quiz=has_quiz,
        theory_passed=passed,
        already_signed=signed,
    )
    return CourseChoice(course_id, title, refusal)


async def pair(secret: bytes, worker_text: str, trainer_text: str | None, now: datetime) -> Pair:
    worker = await badges.identify(secret, worker_text, now)
    if worker.holder is None:
        return Pair(worker, refusal=worker.message)
    if trainer_text is None:
        return Pair(worker)
    trainer = await badges.identify(secret, trainer_text, now)
    if trainer.holder is None:
        return Pair(worker, trainer, refusal=trainer.message)
    rows = (
        await TrainerQualification.select(TrainerQualification.course, TrainerQualification.course.title)
        .where(TrainerQualification.trainer == trainer.holder.employee_id)
        .order_by(TrainerQualification.course.title)
        .run()
    )
    if not rows:
        return Pair(worker, trainer, refusal=rules.NOT_QUALIFIED)
    choices = tuple(
        [
            await _choice(
                worker.holder.employee_id, trainer.holder.employee_id, row["course"], row["course.title"], True
            )
            for row in rows
        ]
    )
    return Pair(worker, trainer, choices)


async def confirm(
    secret: bytes, worker_text: str, trainer_text: str, course_id: int, node: str, now: datetime, passed: bool = True
) -> tuple[Pair, str | None]:
    """Record the trainer's verdict (returns the pair and None) or refuse (the pair and the reason); nothing is
    written on a refusal. passed=False records a practical assessed and not yet passed."""
    found = await pair(secret, worker_text, trainer_text, now)
    if found.refusal:
        return found, found.refusal
    choice = next((choice for choice in found.choices if choice.course_id == course_id), None)
    if choice is None:
        title = await Course.select(Course.title).where(Course.id == course_id).first().run()
        choice = CourseChoice(course_id, title["title"] if title else "", rules.NOT_QUALIFIED_FOR_COURSE)
    if choice.refusal:
        return found, choice.refusal
    signoff_id = new_id()
    async with write_transaction():
        await PracticalSignoff.insert(
            PracticalSignoff(
                id=signoff_id,
                employee=found.worker.holder.employee_id,
                course=course_id,
                trainer=found.trainer.holder.employee_id,
                node_id=node,
                signed_at=now,
                passed=passed,
            )
        ).run()
        await queue_row(sync_facts.SIGNOFF, PracticalSignoff, signoff_id, now)
    return found, None
