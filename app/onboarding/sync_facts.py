"""Office side of the "onboarding" fact: a kiosk's finished onboarding stored once, by the flow's id."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import date, datetime
from typing import Any

from app.audit.service import Actor
from app.badges.service import QR, qr_value
from app.badges.tables import Credential
from app.onboarding import contract
from app.onboarding.facts import CONTRACT_FIELDS, EMPLOYEE_FIELDS, FLOW_FIELDS
from app.onboarding.store import PlantLevel, store_finished
from app.onboarding.tables import Invite, OnboardingFlow, SignedContract
from app.people.tables import Employee
from app.sync.changes import next_change_no
from app.sync.facts import InvalidFact, PushedFact, fact_kind


def _section(payload: dict, name: str, fields: tuple[str, ...]) -> dict[str, Any]:
    section = payload.get(name)
    if not isinstance(section, dict) or any(key not in section for key in fields):
        raise InvalidFact(f"onboarding: the {name} section is missing or incomplete")
    return section


def _when(text: Any, kind: type = datetime) -> Any:
    try:
        return None if text is None else kind.fromisoformat(text)
    except (TypeError, ValueError):
        raise InvalidFact(f"onboarding: {text!r} is not a date or time") from None


def _pdf(section: dict) -> bytes:
    try:
        pdf = base64.b64decode(section.get("pdf", ""), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidFact("onboarding: the contract PDF is not base64") from None
    if contract.sha256_hex(pdf) != section["sha256"]:
        raise InvalidFact("onboarding: the contract PDF does not match its SHA-256")
    return pdf


@fact_kind("onboarding")
async def apply(fact: PushedFact) -> None:
    flow, person = _section(fact.payload, "flow", FLOW_FIELDS), _section(fact.payload, "employee", EMPLOYEE_FIELDS)
    signed = _section(fact.payload, "contract", CONTRACT_FIELDS)
    pdf = _pdf(signed)
    if str(fact.id) != flow["id"]:
        raise InvalidFact("onboarding: the fact id is not the flow's id")
    if await OnboardingFlow.exists().where(OnboardingFlow.id == fact.id).run():
        return  # stored already: a replayed push
    try:
        invite_id = uuid.UUID(str(flow["invite"]))
    except ValueError:
        raise InvalidFact("onboarding: the invite id is not a UUID") from None
    if not await Invite.exists().where(Invite.id == invite_id).run():
        raise InvalidFact("onboarding: no such invite at the office")
    if await Employee.exists().where(Employee.employee_code == person["employee_code"]).run():
        raise InvalidFact("onboarding: the employee code is taken at the office")
    employee_id = await _employee(person, fact.recorded_at)
    await _records(fact, flow, employee_id, signed, pdf, invite_id)


async def _employee(person: dict, at: datetime) -> int:
    employee = Employee(
        **{**person, "birth_date": _when(person["birth_date"], date), "hire_date": _when(person["hire_date"], date)},
        created_at=at,
        updated_at=at,
        change_no=await next_change_no(),
    )
    await employee.save().run()
    return employee.id


async def _records(fact: PushedFact, flow: dict, employee_id: int, signed: dict, pdf: bytes, invite_id) -> None:
    actor = Actor(name=f"kiosk {fact.node_id}")
    values = {
        **flow,
        "id": fact.id,
        "invite": invite_id,
        "employee": employee_id,
        "step": "done",
        "identity_confirmed": True,
        "started_at": _when(flow["started_at"]),
        "finished_at": _when(flow["finished_at"]),
        "birth_date": _when(flow["birth_date"], date),
    }
    await OnboardingFlow.insert(OnboardingFlow(**values)).run()
    await SignedContract.insert(
        SignedContract(
            **{
                **{key: signed[key] for key in CONTRACT_FIELDS},
                "pdf": pdf,
                "id": uuid.UUID(signed["id"]),
                "flow": fact.id,
                "employee": employee_id,
                "signed_at": _when(signed["signed_at"]),
            }
        )
    ).run()
    serial = int(fact.payload.get("badge_serial") or 1)
    await Credential.insert(
        Credential(
            employee=employee_id,
            kind=QR,
            value=qr_value(fact.payload["employee"]["employee_code"], serial),
            serial=serial,
            issued_at=fact.recorded_at,
            change_no=await next_change_no(),
        )
    ).run()
    safety = fact.payload.get("safety") or {}
    invite = await Invite.select(Invite.id, Invite.probation_months).where(Invite.id == invite_id).first().run()
    plant = PlantLevel(
        int(safety.get("minutes") or 0), _when(safety.get("signed_off_on"), date), str(safety.get("instructor", ""))
    )
    await store_finished(
        employee_id,
        invite,
        _when(fact.payload["employee"]["hire_date"], date),
        plant,
        bool(flow["minor"]),
        _when(fact.payload.get("probation_end"), date),
        fact.recorded_at,
        actor,
    )
