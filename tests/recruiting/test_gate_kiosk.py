"""The candidate's own registration at a gate kiosk (应聘登记): a post, the ID card, a phone; then on HR's board."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from app.errors import Refused
from app.onboarding.idcard import build_text_block
from app.recruiting import gate, requisitions, rules
from app.recruiting.tables import Application, Candidate
from tests.cast import htmx_target, post_form, sign_in
from tests.onboarding.factories import activate
from tests.recruiting.test_recruiting_service import ADULT, HR, MINOR, SECRET, TODAY, open_requisition, ric

STEP = htmx_target("apply-step")
UNDER_16 = "11010520110301001"  # born 2011-03-01: 15 on the tests' clock (check character added)


async def approved(cast, **values: str) -> int:
    requisition_id = await open_requisition(cast, **values)
    await requisitions.decide(requisition_id, True, "", HR)
    return requisition_id


async def keyed(client, requisition_id: int, number: str, name: str = "李四"):
    values = {"requisition_id": str(requisition_id), "id_text": number, "name": name, "key": "check"}
    return await post_form(client, "/kiosk/apply/card", values, headers=STEP)


def token_of(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.text).group(1)


async def register(client, requisition_id: int, token: str, phone: str = "13900001111"):
    values = {"requisition_id": str(requisition_id), "token": token, "phone": phone, "consent": "1"}
    return await post_form(client, "/kiosk/apply/register", values, headers=STEP)


# The service --------------------------------------------------------------------------------------


async def test_the_service_refuses_under_16_and_stores_nothing(cast):
    post = await gate.open_post(await approved(cast))
    with pytest.raises(Refused) as refused:
        gate.identify(ric(UNDER_16), "小明", post, TODAY)
    assert refused.value.message == rules.UNDER_16 and await Candidate.count() == 0


async def test_the_service_registers_a_minor_flagged_and_refuses_a_banned_post(cast):
    banned = await gate.open_post(await approved(cast, adult_only="height"))
    with pytest.raises(Refused) as refused:
        gate.identify(ric(MINOR), "小红", banned, TODAY)
    assert refused.value.message == rules.MINOR_POST
    post = await gate.open_post(await approved(cast))
    person = gate.identify(ric(MINOR), "小红", post, TODAY)
    done = await gate.register(gate.carry(person, SECRET), post["id"], "139 0000 1111", False, TODAY, SECRET, "一号门")
    row = await Candidate.select().first().run()
    assert done.minor and row["minor"] and row["source"] == "kiosk" and row["phone"] == "13900001111"
    assert ric(MINOR) not in str(row) and row["id_masked"].endswith(ric(MINOR)[-4:])  # encrypted, hashed, masked


async def test_a_changed_token_is_refused(cast):
    post = await gate.open_post(await approved(cast))
    token = gate.carry(gate.identify(ADULT, "李四", post, TODAY), SECRET)
    with pytest.raises(Refused):
        await gate.register(token[:-4] + "AAAA", post["id"], "13900001111", True, TODAY, SECRET, "一号门")
    assert await Candidate.count() == 0


async def test_a_filled_post_is_not_offered(cast):
    requisition_id = await approved(cast)
    assert [post["id"] for post in await gate.open_posts()] == [requisition_id]
    await requisitions.decide(await open_requisition(cast), False, "没有预算", HR)  # refused: never offered
    assert [post["openings"] for post in await gate.open_posts()] == [2]


# The pages ----------------------------------------------------------------------------------------


async def test_the_kiosk_page_links_to_registration_and_lists_open_posts(client, cast):
    await approved(cast)
    await activate(client)
    assert 'href="/kiosk/apply"' in (await client.get("/kiosk")).text
    page = await client.get("/kiosk/apply")
    assert page.status_code == 200 and "应聘登记" in page.text and "装配工" in page.text


async def test_a_browser_that_is_not_a_kiosk_cannot_register(client, cast):
    requisition_id = await approved(cast)
    assert (await client.get("/kiosk/apply")).status_code == 403
    assert (await keyed(client, requisition_id, ADULT)).status_code == 403
    assert await Candidate.count() == 0


async def test_a_candidate_keys_in_their_number_and_hr_sees_them_on_the_board(client, cast):
    requisition_id = await approved(cast)
    await activate(client)
    chosen = await post_form(client, "/kiosk/apply/post", {"requisition_id": str(requisition_id)}, headers=STEP)
    assert chosen.status_code == 200 and 'data-screen="identity"' in chosen.text and "<html" not in chosen.text
    typed = await post_form(
        client,
        "/kiosk/apply/card",
        {"requisition_id": str(requisition_id), "id_text": "1101", "key": "0"},
        headers=STEP,
    )
    assert 'value="11010"' in typed.text
    checked = await keyed(client, requisition_id, ADULT)
    assert checked.status_code == 200 and 'data-screen="phone"' in checked.text and ADULT not in checked.text
    done = await register(client, requisition_id, token_of(checked))
    assert done.status_code == 200 and 'id="apply-done"' in done.text and "李四" in done.text
    row = await Candidate.select().first().run()
    assert row["source"] == "kiosk" and row["phone"] == "13900001111" and row["consent"] and ADULT not in str(row)
    assert await Application.count().where(Application.requisition == requisition_id) == 1
    await sign_in(client, "hr")
    board = await client.get(f"/recruiting/requisitions/{requisition_id}")
    assert "李四" in board.text


async def test_under_16_is_refused_at_once_with_nothing_stored(client, cast):
    requisition_id = await approved(cast)
    await activate(client)
    response = await keyed(client, requisition_id, ric(UNDER_16), "小明")
    assert response.status_code == 422 and 'data-screen="refused"' in response.text and "未满16" in response.text
    assert await Candidate.count() == 0 and await Application.count() == 0


async def test_a_minor_is_refused_a_banned_post_with_the_reason_and_flagged_on_another(client, cast):
    banned = await approved(cast, adult_only="height")
    allowed = await approved(cast)
    await activate(client)
    response = await keyed(client, banned, ric(MINOR), "小红")
    assert response.status_code == 422 and "未成年工" in response.text and await Candidate.count() == 0
    checked = await keyed(client, allowed, ric(MINOR), "小红")
    assert 'data-screen="phone"' in checked.text
    await register(client, allowed, token_of(checked))
    row = await Candidate.select(Candidate.minor).first().run()
    assert row["minor"] and await Application.count().where(Application.requisition == allowed) == 1


async def test_the_same_id_number_is_attached_not_added_twice(client, cast):
    first, second = await approved(cast), await approved(cast)
    await activate(client)
    await register(client, first, token_of(await keyed(client, first, ADULT)))
    again = await register(client, second, token_of(await keyed(client, second, ADULT.lower())), "13700002222")
    assert again.status_code == 200 and 'id="apply-done"' in again.text
    assert await Candidate.count() == 1 and await Application.count() == 2
    assert (await Candidate.select(Candidate.phone).first().run())["phone"] == "13700002222"


@pytest.mark.parametrize(
    ("number", "phone", "message"),
    [
        ("110105199003070018", "13900001111", "校验码"),  # a wrong check character
        ("1101051990", "13900001111", "18 位"),
        (ADULT, "12345", "11 位"),
        (ADULT, "", "手机号"),
    ],
)
async def test_a_bad_id_or_phone_is_refused_and_nothing_is_stored(client, cast, number, phone, message):
    requisition_id = await approved(cast)
    await activate(client)
    checked = await keyed(client, requisition_id, number)
    if 'name="token"' in checked.text:
        checked = await register(client, requisition_id, token_of(checked), phone)
    assert checked.status_code == 422 and message in checked.text
    assert await Candidate.count() == 0 and await Application.count() == 0


async def test_the_card_on_the_reader_fills_in_the_person(app, client, cast, settings, tmp_path):
    block_file = tmp_path / "wz.bin"
    block_file.write_bytes(build_text_block(name="李秀英"))
    app.state.settings = replace(settings, idcard_file=str(block_file))  # FLOORHR_IDCARD_FILE
    requisition_id = await approved(cast)
    await activate(client)
    values = {"requisition_id": str(requisition_id), "key": "read"}
    read = await post_form(client, "/kiosk/apply/card", values, headers=STEP)
    assert read.status_code == 200 and "李秀英" in read.text and 'data-screen="phone"' in read.text
    again = await post_form(client, "/kiosk/apply/card", values, headers=STEP)
    assert again.status_code == 422 and "读卡器上没有身份证" in again.text
    await register(client, requisition_id, token_of(read))
    row = await Candidate.select().first().run()
    assert (row["name"], row["gender"], str(row["birth_date"])) == ("李秀英", "F", "1949-12-31")


async def test_a_kiosk_node_sends_the_candidate_to_the_office_and_stores_nothing(app, client, cast, settings):
    requisition_id = await approved(cast)
    await activate(client)
    app.state.settings = replace(settings, role="kiosk")  # FLOORHR_ROLE=kiosk: no candidate table replicated
    page = await client.get("/kiosk/apply")
    assert "应聘登记需要连接办公室" in page.text and "装配工" not in page.text
    response = await keyed(client, requisition_id, ADULT)
    assert 'data-screen="office_only"' in response.text and await Candidate.count() == 0


async def test_registering_twice_for_one_post_says_so_and_adds_nothing(client, cast):
    requisition_id = await approved(cast)
    await activate(client)
    await register(client, requisition_id, token_of(await keyed(client, requisition_id, ADULT)))
    again = await register(client, requisition_id, token_of(await keyed(client, requisition_id, ADULT)))
    assert again.status_code == 422 and "您已登记应聘这个岗位" in again.text
    assert await Candidate.count() == 1 and await Application.count() == 1


async def test_a_registration_left_half_an_hour_must_start_again(cast, clock):
    post = await gate.open_post(await approved(cast))
    token = gate.carry(gate.identify(ADULT, "李四", post, TODAY), SECRET)
    clock.shift(gate.TOKEN_MINUTES * 60 + 1)
    with pytest.raises(Refused) as refused:
        await gate.register(token, post["id"], "13900001111", True, TODAY, SECRET, "一号门")
    assert refused.value.message == gate.EXPIRED and await Candidate.count() == 0
