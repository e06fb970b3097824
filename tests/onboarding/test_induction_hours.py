"""The induction credits the class time the course holds and the worker spent, never more (issue 16, point 9):
not 4 class hours for five short pages and a five-question quiz."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from app.onboarding import induction, rules
from app.people.tables import Employee
from app.timeutil import utcnow
from app.training.tables import Course, SafetyEducation
from tests.onboarding.factories import RIGHT, activate, make_invite, quiz_form, slip, step, to_safety

HELD = math.ceil(sum(len(page) for page in induction.PAGES) / 300) + len(induction.QUESTIONS)  # 300 chars a minute


@pytest.mark.parametrize("chars, questions, minutes", [(264, 5, 1 + 5), (600, 10, 2 + 10), (601, 0, 3), (0, 0, 1)])
def test_a_course_holds_its_reading_time_and_a_minute_a_question(chars, questions, minutes):
    assert rules.course_minutes(chars, questions) == minutes


@pytest.mark.parametrize("held, spent_seconds, credited", [(6, 30, 0), (6, 4 * 60 + 59, 4), (6, 3600, 6), (6, -5, 0)])
def test_a_record_claims_the_time_spent_and_never_more_than_the_course_holds(held, spent_seconds, credited):
    assert rules.credited_minutes(held, spent_seconds) == credited


@pytest.mark.parametrize("spent_minutes, credited", [(3, 3), (45, HELD)])
async def test_the_kiosk_induction_records_the_minutes_really_taught(
    client, cast, settings, clock, spent_minutes, credited
):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await to_safety(client, invite)
    assert (await Course.select(Course.minutes).first().run())["minutes"] == HELD
    clock.move_to(utcnow() + timedelta(minutes=spent_minutes, seconds=10))
    await step(client, "/safety/submit", invite, **quiz_form((await induction.induction()).questions, RIGHT))
    employee = await Employee.select(Employee.id).where(Employee.name == "张三").first().run()
    record = (
        await SafetyEducation.select()
        .where((SafetyEducation.employee == employee["id"]) & (SafetyEducation.level == "plant"))
        .first()
        .run()
    )
    assert record["minutes"] == credited
