"""The identity step at the kiosk: ID numbers keyed or read from the card, checked as RULES.md orders it; ages."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from app.onboarding.idcard import build_text_block
from app.onboarding.tables import OnboardingFlow, RefusedAttempt
from app.people.rules import add_months
from app.timeutil import utcnow
from tests.onboarding.factories import VALID_ID, activate, id_number, key_in, make_invite, slip, step


async def _flow_row():
    return await OnboardingFlow.select().first().run()


@pytest.mark.parametrize(
    ("typed", "masked", "shown"),
    [
        ("11010519491231002X", "110105********002X", ["1949", "女", "北京市朝阳区"]),  # the standard's example, female
        ("110105199003070017", "110105********0017", ["1990", "男"]),  # male
        ("110105491231002", "110105********002X", ["1949"]),  # a typed 15-digit number, upgraded
        ("91184019850312001X", "911840********001X", ["1985"]),  # the 2023 permanent residence ID
    ],
)
async def test_a_valid_number_is_shown_masked_for_confirmation(client, cast, settings, typed, masked, shown):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    response = await key_in(client, invite, typed)
    assert response.status_code == 200 and "<html" not in response.text
    assert 'data-screen="confirm"' in response.text and masked in response.text
    assert all(text in response.text for text in shown)
    row = await _flow_row()
    assert row["id_masked"] == masked and not row["identity_confirmed"] and row["step"] == "identity"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("110105199003070018", "最后一位校验码不符"),  # wrong check character
        ("11010519900230001X", "身份证号中的出生日期不存在"),  # 30 February
        ("1101051990", "身份证号为 18 位"),
    ],
)
async def test_a_bad_number_is_refused_with_a_clear_message_and_nothing_is_kept(client, cast, settings, typed, message):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    response = await key_in(client, invite, typed)
    assert response.status_code == 422 and message in response.text
    row = await _flow_row()
    assert row["id_cipher"] == "" and row["name"] == "" and row["step"] == "identity"


async def test_the_keypad_builds_the_number_one_tap_at_a_time(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    response = await step(client, "/identity/key", invite, id_text="1101", name="张三", key="0")
    assert 'value="11010"' in response.text
    response = await step(client, "/identity/key", invite, id_text="11010", name="张三", key="back")
    assert 'value="1101"' in response.text and 'value="张三"' in response.text


async def test_a_synthetic_reader_block_fills_in_the_person(app, client, cast, settings, tmp_path):
    block_file = tmp_path / "wz.bin"
    block_file.write_bytes(build_text_block(name="李秀英", sex="2", address="北京市朝阳区某某路1号"))
    app.state.settings = replace(settings, idcard_file=str(block_file))  # FLOORHR_IDCARD_FILE
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    response = await step(client, "/identity/read", invite)
    assert response.status_code == 200 and "李秀英" in response.text and "110105********002X" in response.text
    row = await _flow_row()
    assert (row["name"], row["gender"], str(row["birth_date"]), row["id_source"]) == (
        "李秀英",
        "F",
        "1949-12-31",
        "reader",
    )
    assert (
        row["address"] == "北京市朝阳区某某路1号" and not block_file.exists()
    )  # consumed: the next worker starts clean
    again = await step(client, "/identity/read", invite)
    assert again.status_code == 422 and "读卡器上没有身份证" in again.text


async def test_a_block_whose_number_fails_its_check_is_refused(app, client, cast, settings, tmp_path):
    block_file = tmp_path / "wz.bin"
    block_file.write_bytes(build_text_block(id_number="110105194912310021"))
    app.state.settings = replace(settings, idcard_file=str(block_file))  # FLOORHR_IDCARD_FILE
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    response = await step(client, "/identity/read", invite)
    assert response.status_code == 422 and (await _flow_row())["id_cipher"] == ""


@pytest.mark.parametrize(("days_after_birthday", "accepted"), [(-1, False), (0, False), (1, True)])
async def test_age_on_the_start_date_decides_15y364d_16y0d_16y1d(client, cast, settings, days_after_birthday, accepted):
    start = utcnow().date() + timedelta(days=3)
    sixteenth = start - timedelta(days=days_after_birthday)
    birth = add_months(sixteenth, -16 * 12)
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings, start=start))
    response = await key_in(client, invite, id_number(birth))
    row = await _flow_row()
    if accepted:
        assert response.status_code == 200 and row["minor"] is True and row["id_cipher"]
        assert "未成年工" in response.text
    else:
        assert response.status_code == 422 and "年满16周岁" in response.text
        assert row["id_cipher"] == "" and row["name"] == "" and row["birth_date"] is None
        assert [r["reason"] for r in await RefusedAttempt.select().run()] == ["age.under_16"]


async def test_an_adult_is_not_flagged_as_a_minor(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await key_in(client, invite, VALID_ID)
    assert (await _flow_row())["minor"] is False
