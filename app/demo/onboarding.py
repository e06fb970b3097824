"""The demo plant's onboarding: a worker who scanned her invitation at the kiosk this morning and stopped before the
contract (identity and details done), and a fresh invitation nobody has scanned yet; made through the services the
kiosk and HR's invite form use, so the rows are the ones a real morning leaves."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from stdnum import luhn
from stdnum.cn import ric

from app.audit.service import Actor
from app.demo.accounts import DEMO
from app.errors import Refused
from app.onboarding import flow as flows
from app.onboarding import invites
from app.onboarding.crypto import Vault
from app.onboarding.tables import Invite
from app.people.tables import Department, Position
from app.timeutil import utcnow

KIOSK = Actor(name="kiosk demo")
WORKPLACE = "江苏省苏州市工业园区示例路1号 一号厂房"
# candidate, department code, position, days until the first working day, days the invite works
INVITES = [
    ("周晓梅", "ASSY", "装配工", 3, 10),  # scanned this morning, stopped before the contract
    ("新员工（冲压）", "STAMP", "冲压工", 7, 14),  # handed out, not scanned yet
]
STARTED_MINUTES_AGO = 50
# minutes after the first scan at which she finished each step: keyed her ID, confirmed it, filled in her details
STEP_MINUTES = (4, 5, 13)


def _id_number(birth: date) -> str:
    body = f"320506{birth:%Y%m%d}128"  # issued in Suzhou; an even sequence: a woman
    return body + ric.calc_check_digit(body + "0")


def _bank_card() -> str:
    body = "622202020011223"
    return body + luhn.calc_check_digit(body)


async def _invite(candidate: str, department_code: str, title: str, starts: date, expires: date, zone: ZoneInfo) -> str:
    await invites.ensure_default_template()
    department = (await Department.select(Department.id).where(Department.code == department_code).first().run())["id"]
    position = (
        await Position.select(Position.id)
        .where((Position.department == department) & (Position.name == title))
        .first()
        .run()
    )
    template = (await invites.choices())["templates"][0]["id"]
    data = invites.InviteInput(
        candidate,
        department,
        position["id"] if position else None,
        None,
        2,
        template,
        36,
        3,
        starts,
        expires,
        WORKPLACE,
    )
    try:
        return await invites.create_invite(data, zone, DEMO)
    except Refused as refused:
        raise RuntimeError(f"the demo invitation was refused: {refused.messages}") from refused


async def _part_way(invite_id: str, secret: bytes, name: str, first_scan: datetime) -> None:
    """The kiosk's first screens, as the worker went through them: scan, key the ID number, confirm, details."""
    vault = Vault(secret)
    slip = invites.slip_payload(secret, await invites.get_invite(invite_id))
    opened = await flows.open_flow(secret, slip, first_scan, "office")
    if opened.flow is None:
        raise RuntimeError(f"the demo invitation was refused at the kiosk: {opened.refusal}")
    keyed, confirmed, detailed = (first_scan + timedelta(minutes=minutes) for minutes in STEP_MINUTES)
    number = _id_number(first_scan.date() - timedelta(days=365 * 23 + 40))  # 23: no minor's registration
    person = flows.Person(number, name, "F", ric.get_birth_date(number))
    if refusal := await flows.identify(opened.flow, person, vault, keyed, KIOSK):
        raise RuntimeError(f"the demo identity was refused: {refusal}")
    flow = await flows.confirm_identity(await flows.load(opened.flow.id), confirmed)
    details = {
        "phone": "13812345678",
        "address": "苏州市工业园区星湖街88号",
        "emergency_name": "周建华",
        "emergency_phone": "13912345678",
        "bank_card": _bank_card(),
    }
    try:
        await flows.save_details(flow, details, vault, detailed)
    except Refused as refused:
        raise RuntimeError(f"the demo details were refused: {refused.messages}") from refused


async def add_onboarding(today: date, zone: ZoneInfo, secret: bytes) -> None:
    """Once: a later run finds the invitations by their candidates and adds nothing."""
    for number, (candidate, department, title, starts_in, works_for) in enumerate(INVITES):
        if await Invite.exists().where(Invite.candidate == candidate).run():
            continue
        starts, expires = today + timedelta(days=starts_in), today + timedelta(days=works_for)
        invite_id = await _invite(candidate, department, title, starts, expires, zone)
        # HR printed the slip yesterday afternoon, before the first scan (the recruiting demo dates its rows so too)
        printed = datetime.combine(today - timedelta(days=1), time(16), zone)
        await Invite.update({Invite.created_at: printed}).where(Invite.id == uuid.UUID(invite_id)).run()
        if number == 0:
            await _part_way(invite_id, secret, candidate, utcnow() - timedelta(minutes=STARTED_MINUTES_AGO))
