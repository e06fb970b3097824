"""Rows and kiosk steps for onboarding tests: invites, slips, a drawn signature, walking the flow over HTTP."""

from __future__ import annotations

import re
from datetime import date, timedelta

import cv2
import numpy as np

from app.audit.service import SYSTEM
from app.auth.tables import User
from app.demo.seal import seal_png
from app.onboarding import employer_sign, invites, rules
from app.onboarding.induction import QUESTIONS
from app.timeutil import utcnow
from tests.attendance.test_kiosk_pages import activate  # noqa: F401  the onboarding tests import it from here
from tests.cast import htmx_target, post_form

STEP = htmx_target("onboarding-step")
VALID_ID = "11010519491231002X"  # RULES.md: the standard's own example, female, born 1949-12-31
BANK_CARD = "6222020200112233446"  # Luhn digit adds up (stdnum.luhn)
RIGHT = [answer for _, _, answer in QUESTIONS]
WRONG = [1 - answer for answer in RIGHT]


def id_number(birth: date, sequence: str = "002") -> str:
    """A valid resident ID number of someone born on birth (Beijing Chaoyang, female for an even sequence)."""
    body = f"110105{birth:%Y%m%d}{sequence}"
    return (
        rules.upgrade_15_digit(body[:6] + body[8:])
        if birth.year // 100 == 19
        else body + rules.ric.calc_check_digit(body + "0")
    )


PLANT_DETAILS = {"employer_address": "苏州市工业园区星湖街1号", "legal_representative": "李明", "pay_day": "15"}


async def plant_details() -> None:
    """The employer's side of a labour contract (art. 17), as HR enters it on the Plant page."""
    from app.people import plant_settings

    for key, value in PLANT_DETAILS.items():
        if not await plant_settings.read_text(key):
            await plant_settings.write(key, value, SYSTEM)
    if await employer_sign.seal() is None:  # the employer's side: the cast's HR user and a seal
        await employer_sign.choose_signatory(await _hr_user_id(), SYSTEM)
        await employer_sign.upload_seal(seal_png("测试公司"), SYSTEM)


async def _hr_user_id() -> int:
    """The cast's HR administrator ("hr")."""
    return (await User.select(User.id).where(User.username == "hr").first().run())["id"]


async def make_invite(
    cast,
    settings,
    *,
    start: date | None = None,
    expires_on: date | None = None,
    probation: int = 2,
    term: int | None = 24,
) -> str:
    await invites.ensure_default_template()
    template = (await invites.choices())["templates"][0]["id"]
    today = utcnow().astimezone(settings.zone).date()
    await plant_details()
    data = invites.InviteInput(
        "新员工",
        cast.line_a,
        None,
        None,
        2,
        template,
        term,
        probation,
        start or today + timedelta(days=1),
        expires_on or today + timedelta(days=7),
        "苏州市工业园区星湖街1号 一号厂房",
    )
    return await invites.create_invite(data, settings.zone, SYSTEM)


async def slip(settings, invite_id: str) -> str:
    return invites.slip_payload(settings.secret_key, await invites.get_invite(invite_id))


def signature() -> str:
    """A drawn stroke as the signature pad sends it: a PNG data URL."""
    import base64

    canvas = np.full((220, 600), 255, np.uint8)
    cv2.polylines(canvas, [np.array([[40, 150], [120, 60], [220, 170], [330, 70], [470, 160]], np.int32)], False, 0, 4)
    ok, png = cv2.imencode(".png", canvas)
    assert ok
    return "data:image/png;base64," + base64.b64encode(png.tobytes()).decode()


_proofs: dict[str, str] = {}  # invite text -> the last proof a screen carried, as the kiosk's hidden field does


async def step(client, url: str, invite: str, **form):
    """One kiosk screen's form posted, carrying the invite's text and the proof the last screen held (unless given)."""
    carried = {"invite": invite, "proof": _proofs.get(invite, "")}
    answer = await post_form(client, f"/kiosk/onboarding{url}", {**carried, **form}, headers=STEP)
    held = re.search(r'name="proof" value="([^"]*)"', answer.text)
    if held and held.group(1):
        _proofs[invite] = held.group(1)
    return answer


async def key_in(client, invite: str, number: str, name: str = "张三"):
    return await step(client, "/identity/key", invite, id_text=number, name=name, key="check")


DETAILS = {
    "phone": "13900139000",
    "address": "苏州市工业园区星湖街1号",
    "emergency_name": "张父",
    "emergency_phone": "13700137000",
    "bank_card": BANK_CARD,
}


async def to_contract(client, invite: str, number: str = VALID_ID):
    assert (await key_in(client, invite, number)).status_code == 200
    assert (await step(client, "/identity/confirm", invite, answer="yes")).status_code == 200
    return await step(client, "/details", invite, **DETAILS)


async def to_safety(client, invite: str, number: str = VALID_ID):
    await to_contract(client, invite, number)
    return await step(client, "/contract", invite, consent="yes", signature=signature())


def quiz_form(questions: list[dict], answers: list[int]) -> dict[str, str]:
    return {f"q{q['id']}": str(answer) for q, answer in zip(questions, answers, strict=False)}
