"""HR's induction quiz settings: a minimum reading time per page, a wait before another try, choices per question."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.audit.service import SYSTEM
from app.onboarding import induction, induction_settings, rules
from app.people import plant_settings
from app.training.tables import QuizAttempt
from tests.cast import post_form, sign_in
from tests.onboarding.factories import RIGHT, WRONG, activate, make_invite, quiz_form, slip, step, to_safety

START = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("spent_seconds", "pages", "per_page", "left"),
    [(0, 5, 20, 100), (99.2, 5, 20, 1), (100, 5, 20, 0), (300, 5, 20, 0), (0, 5, 0, 0), (10, 0, 20, 0)],
)
def test_reading_time_left(spent_seconds, pages, per_page, left):
    assert rules.reading_seconds_left(START, START + timedelta(seconds=spent_seconds), pages, per_page) == left


def test_the_next_try_opens_after_the_wait():
    assert rules.retry_opens_at(START, 10) == START + timedelta(minutes=10)
    assert rules.retry_opens_at(START, 0) == START


async def _submit(client, invite, answers):
    return await step(client, "/safety/submit", invite, **quiz_form((await induction.induction()).questions, answers))


async def test_the_quiz_opens_only_after_the_pages_were_read_for_the_minimum_time(client, cast, settings, clock):
    await plant_settings.write(induction_settings.READ_SECONDS, 20, SYSTEM)  # 5 pages: 100 seconds
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    reading = await to_safety(client, invite)
    assert "每页至少阅读 20 秒" in reading.text
    early = await step(client, "/safety/quiz", invite)
    assert early.status_code == 422 and 'data-screen="safety_read"' in early.text and "秒后开放" in early.text
    skipped = await _submit(client, invite, RIGHT)  # answers posted without opening the quiz: refused the same
    assert skipped.status_code == 422 and await QuizAttempt.count().run() == 0
    clock.shift(101)
    assert 'data-screen="safety_quiz"' in (await step(client, "/safety/quiz", invite)).text


async def test_after_a_fail_the_next_try_waits_for_hr_s_minutes(client, cast, settings, clock):
    await plant_settings.write(induction_settings.RETRY_WAIT, 10, SYSTEM)
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await to_safety(client, invite)
    failed = await _submit(client, invite, WRONG)
    assert failed.status_code == 200 and "尚未通过" in failed.text
    await step(client, "/safety/read", invite)
    waiting = await step(client, "/safety/quiz", invite)
    assert waiting.status_code == 422 and "下一次答题将于" in waiting.text
    clock.shift(timedelta(minutes=10, seconds=1))
    await step(client, "/safety/read", invite)
    assert 'data-screen="safety_quiz"' in (await step(client, "/safety/quiz", invite)).text
    assert 'data-screen="done"' in (await _submit(client, invite, RIGHT)).text


async def test_hr_raises_the_induction_pass_mark_on_its_course_and_four_of_five_no_longer_pass(client, cast, settings):
    """The pass mark is the induction course's own (the induction page shows it and links there)."""
    held = await induction.induction()
    await sign_in(client, "hr")
    assert "80%" in (await client.get("/onboarding/induction")).text
    course = held.course
    hours = str(course["minutes"] / 60)
    form = {"title": course["title"], "kind": "general", "hours": hours, "pass_mark": "100", "description": ""}
    assert (await post_form(client, f"/training/{course['id']}", form)).status_code in (200, 303)
    assert "100%" in (await client.get("/onboarding/induction")).text
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await to_safety(client, invite)
    four_of_five = [*RIGHT[:-1], 1 - RIGHT[-1]]
    assert "尚未通过" in (await _submit(client, invite, four_of_five)).text


async def test_hr_sets_the_induction_quiz_and_bad_values_change_nothing(client, cast):
    await sign_in(client, "hr")
    page = await client.get("/onboarding/induction")
    assert page.status_code == 200 and "每页最少阅读时间" in page.text
    keys = (induction_settings.READ_SECONDS, induction_settings.RETRY_WAIT, induction_settings.CHOICES)
    too_many = await post_form(client, "/onboarding/induction", dict(zip(keys, ("20", "10", "3"))))
    assert too_many.status_code == 422 and "第 1、2、3、4、5 题" in too_many.text  # the shipped questions have 2
    out_of_range = await post_form(client, "/onboarding/induction", dict(zip(keys, ("700", "10", "2"))))
    assert out_of_range.status_code == 422 and "0 到 600" in out_of_range.text
    assert await induction_settings.current() == induction_settings.InductionSettings(0, 0, 2)
    saved = await post_form(client, "/onboarding/induction", dict(zip(keys, ("20", "10", "2"))))
    assert saved.status_code in (200, 303)
    assert await induction_settings.current() == induction_settings.InductionSettings(20, 10, 2)
