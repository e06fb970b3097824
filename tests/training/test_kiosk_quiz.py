"""Theory at the kiosk: scan, study, answer; a fail needs studying again; only the worker's own courses."""

from __future__ import annotations

import pytest

from app.audit.service import SYSTEM
from app.badges import service as badges
from app.timeutil import utcnow
from app.training.tables import Course, QuizAttempt, QuizQuestion, StudyVisit
from tests.attendance.test_kiosk_pages import activate
from tests.cast import htmx_target, post_form

STEP = htmx_target("quiz-step")


@pytest.fixture
async def quiz(cast, settings):
    now = utcnow()
    safety = Course(title="安全生产规章", kind="general", created_at=now, updated_at=now)
    await safety.save().run()
    other_line = Course(title="B线包装", kind="professional", department=cast.line_b, created_at=now, updated_at=now)
    await other_line.save().run()
    for course, text in ((safety.id, "灭火器怎么用？"), (safety.id, "安全出口在哪？"), (other_line.id, "包装顺序？")):
        await QuizQuestion.insert(QuizQuestion(course=course, text=text, choices=["对", "错"], answer=0)).run()
    questions = await QuizQuestion.select().where(QuizQuestion.course == safety.id).order_by(QuizQuestion.id).run()
    badge = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    return {"course": safety.id, "other": other_line.id, "badge": badge, "questions": [q["id"] for q in questions]}


async def _submit(client, quiz, answers):
    form = {"badge": quiz["badge"], "course_id": str(quiz["course"])}
    form.update({f"q{qid}": str(answer) for qid, answer in zip(quiz["questions"], answers, strict=False)})
    return await post_form(client, "/kiosk/quiz/submit", form, headers=STEP)


async def test_a_worker_fails_studies_again_and_passes(client, cast, quiz):
    await activate(client)
    courses = await post_form(client, "/kiosk/quiz", {"badge": quiz["badge"]}, headers=STEP)
    assert "张伟" in courses.text and "安全生产规章" in courses.text and "B线包装" not in courses.text
    failed = await _submit(client, quiz, [1, 1])
    assert "答对 0 题" in failed.text and "尚未通过" in failed.text
    again = await post_form(
        client, "/kiosk/quiz/start", {"badge": quiz["badge"], "course_id": str(quiz["course"])}, headers=STEP
    )
    assert again.status_code == 422 and "请先重新学习" in again.text
    early = await _submit(client, quiz, [0, 0])
    assert early.status_code == 422 and await QuizAttempt.count().run() == 1
    studied = await post_form(
        client, "/kiosk/quiz/study", {"badge": quiz["badge"], "course_id": str(quiz["course"])}, headers=STEP
    )
    assert studied.status_code == 200 and await StudyVisit.count().run() == 1
    start = await post_form(
        client, "/kiosk/quiz/start", {"badge": quiz["badge"], "course_id": str(quiz["course"])}, headers=STEP
    )
    assert "灭火器怎么用？" in start.text
    passed = await _submit(client, quiz, [0, 0])
    assert "答对 2 题，共 2 题：100%" in passed.text and "已通过" in passed.text
    assert [row["passed"] for row in await QuizAttempt.select().order_by(QuizAttempt.taken_at).run()] == [False, True]


async def test_another_department_s_quiz_is_refused(client, cast, quiz):
    await activate(client)
    response = await post_form(
        client, "/kiosk/quiz/start", {"badge": quiz["badge"], "course_id": str(quiz["other"])}, headers=STEP
    )
    assert response.status_code == 422 and "这不是您的课程" in response.text


async def test_a_revoked_badge_cannot_take_a_quiz(client, cast, quiz):
    await badges.revoke_badge(cast.worker, SYSTEM)
    await activate(client)
    response = await _submit(client, quiz, [0, 0])
    assert response.status_code == 422 and "此工牌已补办或已停用" in response.text
    assert await QuizAttempt.count().run() == 0
