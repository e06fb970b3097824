"""The worker chooses their PIN at the end of onboarding and opens My page with badge + PIN, without HR."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from app.badges.tables import KioskPin
from app.errors import Refused
from app.onboarding import first_pin, induction
from app.onboarding.flow import load
from app.onboarding.tables import OnboardingFlow
from app.people.tables import Employee
from app.sync.facts import PushedFact
from app.timeutil import utcnow
from tests.cast import post_form
from tests.onboarding.factories import RIGHT, activate, make_invite, quiz_form, slip, step, to_safety
from tests.selfservice.helpers import has_session


async def _onboarded(client, cast, settings) -> str:
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await to_safety(client, invite)
    done = await step(client, "/safety/submit", invite, **quiz_form((await induction.induction()).questions, RIGHT))
    assert 'data-screen="done"' in done.text and "设置“我的”页面的 PIN" in done.text
    return invite


async def test_the_pin_chosen_on_the_done_screen_opens_my_page_with_the_badge(client, cast, settings):
    invite = await _onboarded(client, cast, settings)
    different = await step(client, "/pin", invite, pin="2468", again="2469")
    assert different.status_code == 422 and "两次输入的 PIN 不一致" in different.text
    short = await step(client, "/pin", invite, pin="12", again="12")
    assert short.status_code == 422 and await KioskPin.count().run() == 0
    saved = await step(client, "/pin", invite, pin="2468", again="2468")
    assert saved.status_code == 200 and "PIN 已保存" in saved.text and 'id="first-pin"' not in saved.text
    again = await step(client, "/pin", invite, pin="1357", again="1357")  # a kept invite cannot reset it
    assert again.status_code == 422 and "您已经有 PIN" in again.text
    employee = await Employee.select().where(Employee.name == "张三").first().run()
    flow = await load((await OnboardingFlow.select(OnboardingFlow.id).first().run())["id"])
    badge = await induction.badge_payload(flow, settings.secret_key)
    opened = await post_form(client, "/me/start", {"text": badge, "pin": "2468"})
    assert opened.status_code == 200 and has_session(client) and employee["employee_code"] in opened.text


async def test_the_pin_can_only_be_chosen_right_after_onboarding(client, cast, settings, clock):
    invite = await _onboarded(client, cast, settings)
    clock.move_to(utcnow() + timedelta(minutes=first_pin.PIN_WINDOW_MINUTES + 1))
    late = await step(client, "/pin", invite, pin="2468", again="2468")
    assert late.status_code == 422 and "请人事设置" in late.text and await KioskPin.count().run() == 0


async def test_a_pin_chosen_on_a_node_is_stored_at_the_office_unless_hr_set_one(cast):
    from app.auth.passwords import hash_password

    code = (await Employee.select(Employee.employee_code).where(Employee.id == cast.worker).first().run())[
        "employee_code"
    ]
    fact = PushedFact(
        id=uuid.uuid4(),
        kind=first_pin.FACT,
        payload={"flow": "x", "employee_code": code, "pin_hash": hash_password("2468")},
        recorded_at=utcnow(),
        node_id="kiosk-7",
        node_seq=1,
        clock_suspect=False,
    )
    await first_pin.apply_first_pin(fact)
    assert await KioskPin.count().where(KioskPin.employee == cast.worker).run() == 1
    before = await KioskPin.select(KioskPin.pin_hash).first().run()
    await first_pin.apply_first_pin(fact)  # HR's (or the first) PIN wins
    assert (await KioskPin.select(KioskPin.pin_hash).first().run()) == before


async def test_on_a_kiosk_node_the_pin_goes_to_the_office_as_one_fact_and_no_pin_row(cast):
    from app.audit.service import SYSTEM
    from app.onboarding.flow import Flow
    from app.sync import outbox
    from app.sync.tables import OutboxEvent

    now = utcnow()
    flow = Flow(
        "flow-1", {}, "done", {}, now, row={"finished_at": now, "employee": cast.worker, "employee_code": "W0001"}
    )
    outbox.configure("kiosk")
    try:
        await first_pin.choose(flow, "2468", "2468", now, SYSTEM)
        with pytest.raises(Refused):  # the node already sent this flow's PIN
            await first_pin.choose(flow, "1357", "1357", now, SYSTEM)
    finally:
        outbox.configure("office")
    events = await OutboxEvent.select().run()
    assert [event["kind"] for event in events] == [first_pin.FACT]
    assert await KioskPin.count().run() == 0  # the node never writes the office's PIN table
