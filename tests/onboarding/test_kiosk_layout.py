"""Kiosk onboarding as a new worker meets it (issue 16, point 9): each new step and its message open at the top
of the screen, the page leaves for the clocking screen when left idle, and a worker who typed the ID number is
told the kiosk needs pinyin input for the address."""

from __future__ import annotations

from app.onboarding.tables import OnboardingFlow
from tests.onboarding.factories import VALID_ID, activate, key_in, make_invite, slip, step


async def test_every_step_opens_at_the_top_and_the_page_has_an_idle_timeout(client, cast, settings):
    await activate(client)
    page = await client.get("/kiosk/onboarding")
    assert "onboarding-idle.js" in page.text
    script = (await client.get("/static/onboarding-idle.js")).text
    assert "120000" in script and 'location.assign("/kiosk")' in script
    invite = await slip(settings, await make_invite(cast, settings))
    identity = await key_in(client, invite, VALID_ID)
    assert 'hx-swap="outerHTML show:window:top"' in identity.text
    other = await slip(settings, await make_invite(cast, settings))
    refused = await key_in(client, other, "110105199003070018")  # a wrong check character
    assert refused.status_code == 422 and 'role="alert"' in refused.text
    assert refused.text.index('role="alert"') < refused.text.index("<form")  # the message above the form


async def test_the_details_step_says_when_the_kiosk_needs_pinyin_input(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await key_in(client, invite, VALID_ID)
    details = await step(client, "/identity/confirm", invite, answer="yes")
    assert "拼音" in details.text
    await OnboardingFlow.update({OnboardingFlow.id_source: "reader"}, force=True).run()
    again = await step(client, "/details", invite, phone="1")  # a bad phone: the step shows again
    assert "已从身份证读取" in again.text and "拼音" not in again.text
