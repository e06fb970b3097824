"""Practical sign-off at a kiosk: two scans and a tap, refused with a reason, nothing written when refused."""

from __future__ import annotations

import pytest

from app.audit.service import SYSTEM
from app.badges import service as badges
from app.timeutil import utcnow
from app.training import service
from app.training.tables import Course, PracticalSignoff, QuizQuestion, TrainerQualification
from tests.attendance.test_kiosk_pages import activate
from tests.cast import htmx_target, make_employee, post_form

STEP = htmx_target("signoff-step")


@pytest.fixture
async def welding(cast, settings):
    """A welding course with a one-question quiz; 孙师傅 may teach it; the worker and trainer have badges."""
    now = utcnow()
    course = Course(title="点焊工艺", kind="professional", department=cast.line_a, created_at=now, updated_at=now)
    await course.save().run()
    await QuizQuestion.insert(
        QuizQuestion(course=course.id, text="点焊前要检查什么？", choices=["电极帽", "天气"], answer=0)
    ).run()
    trainer = await make_employee("T0001", "孙师傅", cast.line_a)
    await TrainerQualification.insert(TrainerQualification(course=course.id, trainer=trainer, granted_at=now)).run()
    outsider = await make_employee("T0002", "钱师傅", cast.line_b)
    secret = settings.secret_key
    return {
        "course": course.id,
        "trainer": trainer,
        "worker_badge": (await badges.issue_badge(cast.worker, secret, SYSTEM)).payload,
        "trainer_badge": (await badges.issue_badge(trainer, secret, SYSTEM)).payload,
        "outsider_badge": (await badges.issue_badge(outsider, secret, SYSTEM)).payload,
    }


async def _steps(client, worker: str, trainer: str):
    first = await post_form(client, "/kiosk/signoff", {"worker_text": worker}, headers=STEP)
    second = await post_form(client, "/kiosk/signoff", {"worker_text": worker, "trainer_text": trainer}, headers=STEP)
    return first, second


async def test_two_scans_and_a_tap_sign_the_worker_off(client, cast, welding):
    await service.take_quiz(cast.worker, welding["course"], [0])
    await activate(client)
    first, second = await _steps(client, welding["worker_badge"], welding["trainer_badge"])
    assert "张伟" in first.text and "培训师扫描" in first.text
    assert "点焊工艺" in second.text and 'name="course_id"' in second.text
    done = await post_form(
        client,
        "/kiosk/signoff/confirm",
        {
            "worker_text": welding["worker_badge"],
            "trainer_text": welding["trainer_badge"],
            "course_id": str(welding["course"]),
        },
        headers=STEP,
    )
    assert done.status_code == 200 and "签核完成" in done.text
    row = await PracticalSignoff.select().first().run()
    assert (row["employee"], row["trainer"], row["course"], row["node_id"]) == (
        cast.worker,
        welding["trainer"],
        welding["course"],
        "office",
    )


async def test_a_worker_without_the_theory_is_refused_and_nothing_is_recorded(client, cast, welding):
    await activate(client)
    _, second = await _steps(client, welding["worker_badge"], welding["trainer_badge"])
    assert "尚未通过" in second.text and 'name="course_id"' not in second.text
    forced = await post_form(
        client,
        "/kiosk/signoff/confirm",
        {
            "worker_text": welding["worker_badge"],
            "trainer_text": welding["trainer_badge"],
            "course_id": str(welding["course"]),
        },
        headers=STEP,
    )
    assert forced.status_code == 422 and "尚未通过" in forced.text
    assert await PracticalSignoff.count().run() == 0


async def test_an_unqualified_trainer_is_refused(client, cast, welding):
    await service.take_quiz(cast.worker, welding["course"], [0])
    await activate(client)
    _, second = await _steps(client, welding["worker_badge"], welding["outsider_badge"])
    assert second.status_code == 422 and "没有任何课程的签核资格" in second.text
    forced = await post_form(
        client,
        "/kiosk/signoff/confirm",
        {
            "worker_text": welding["worker_badge"],
            "trainer_text": welding["outsider_badge"],
            "course_id": str(welding["course"]),
        },
        headers=STEP,
    )
    assert forced.status_code == 422
    assert await PracticalSignoff.count().run() == 0


async def test_a_badge_revoked_between_the_scans_and_the_tap_is_refused(client, cast, welding):
    await service.take_quiz(cast.worker, welding["course"], [0])
    await activate(client)
    await _steps(client, welding["worker_badge"], welding["trainer_badge"])
    await badges.revoke_badge(cast.worker, SYSTEM)
    refused = await post_form(
        client,
        "/kiosk/signoff/confirm",
        {
            "worker_text": welding["worker_badge"],
            "trainer_text": welding["trainer_badge"],
            "course_id": str(welding["course"]),
        },
        headers=STEP,
    )
    assert refused.status_code == 422 and "此工牌已补办或已停用" in refused.text
    assert await PracticalSignoff.count().run() == 0


async def test_a_trainer_cannot_sign_off_themselves(client, cast, welding, settings):
    await activate(client)
    _, second = await _steps(client, welding["trainer_badge"], welding["trainer_badge"])
    assert "不能为自己签核" in second.text and 'name="course_id"' not in second.text


async def test_a_forged_worker_badge_never_gets_to_the_trainer_step(client, cast, welding):
    await activate(client)
    first = await post_form(client, "/kiosk/signoff", {"worker_text": "FHR1.W0001.1.AAAAAAAAAAAAAAAA"}, headers=STEP)
    assert first.status_code == 422 and "此工牌无效" in first.text and 'name="trainer_text"' not in first.text


async def test_a_browser_that_is_not_a_kiosk_cannot_sign_off(client, cast, welding):
    response = await post_form(
        client,
        "/kiosk/signoff/confirm",
        {
            "worker_text": welding["worker_badge"],
            "trainer_text": welding["trainer_badge"],
            "course_id": str(welding["course"]),
        },
    )
    assert response.status_code == 403
    assert await PracticalSignoff.count().run() == 0
