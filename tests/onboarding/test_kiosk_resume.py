"""A slip scanned again after the identity step opens nothing personal until the ID card it began with is shown."""

from __future__ import annotations

from app.onboarding.tables import RefusedAttempt
from tests.cast import post_form, sign_in
from tests.onboarding.factories import DETAILS, VALID_ID, activate, make_invite, slip, to_contract

OTHER_ID = "110105199003070033"  # valid, not the one the flow began with
ADDRESS, PHONE = DETAILS["address"], DETAILS["phone"]


async def _scanned_again(client, invite: str, **form):
    """The slip scanned at the kiosk with no proof carried: a finder's or the worker's after a break."""
    return await post_form(client, "/kiosk/onboarding/", {"invite": invite, **form})


async def test_a_slip_scanned_again_shows_only_the_name_and_the_next_step(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    assert ADDRESS in (await to_contract(client, invite)).text  # the contract names the address, the phone, the ID

    again = await _scanned_again(client, invite)
    assert again.status_code == 200 and 'data-screen="resume"' in again.text
    assert "张三" in again.text and "签订劳动合同" in again.text
    for private in (ADDRESS, PHONE, "110105********002X", "1949"):
        assert private not in again.text
    # posting a later screen by hand without the proof gets the same screen, not the contract or its copy
    for path in ("/kiosk/onboarding/contract", "/kiosk/onboarding/contract/copy", "/kiosk/onboarding/details"):
        answer = await post_form(client, path, {"invite": invite, **DETAILS})
        assert 'data-screen="resume"' in answer.text and ADDRESS not in answer.text


async def test_another_id_card_is_refused_and_hr_sees_the_attempt(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await to_contract(client, invite)
    await _scanned_again(client, invite)
    refused = await post_form(
        client, "/kiosk/onboarding/resume", {"invite": invite, "id_text": OTHER_ID, "key": "check"}
    )
    assert refused.status_code == 422 and "不是开始此入职流程时使用的身份证" in refused.text
    assert ADDRESS not in refused.text
    assert await RefusedAttempt.count().where(RefusedAttempt.reason == "resume.wrong_card") == 1

    await sign_in(client, "hr")
    pipeline = await client.get("/onboarding")
    assert "出示的是另一张身份证" in pipeline.text


async def test_the_right_id_card_reopens_the_screen_where_the_worker_left_off(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await to_contract(client, invite)
    await _scanned_again(client, invite)
    typed = await post_form(client, "/kiosk/onboarding/resume", {"invite": invite, "id_text": "1101", "key": "0"})
    assert 'value="11010"' in typed.text  # the keypad keeps the digits typed so far
    opened = await post_form(
        client, "/kiosk/onboarding/resume", {"invite": invite, "id_text": VALID_ID, "key": "check"}
    )
    assert opened.status_code == 200 and 'data-screen="contract"' in opened.text and ADDRESS in opened.text
    assert 'name="proof" value=""' not in opened.text  # the contract's form carries the proof onwards
