"""The worker's first PIN, chosen at the end of the day-one kiosk flow, so My page opens with badge and PIN
without a visit to HR.

Only once, only by the flow that just finished (within PIN_WINDOW_MINUTES of its last step) and only while
the worker has no PIN: a kept invite cannot reset someone's PIN later (HR resets a PIN on the person's page).
At the office (or a kiosk it serves) the PIN is stored at once. On a kiosk node the PIN's argon2 hash travels
to the office as a fact after the onboarding itself, and the office's PIN comes back with the next pull: the
node never writes the PIN table, which the office owns (a node-made row would clash with pulled ones).
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import datetime, timedelta

from app.audit import service as audit
from app.auth.passwords import hash_password
from app.badges import pins
from app.badges.service import pin_problem
from app.badges.tables import KioskPin
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.onboarding.flow import Flow
from app.people.tables import Employee
from app.sync import outbox
from app.sync.facts import InvalidFact, PushedFact, fact_kind
from app.sync.tables import OutboxEvent
from app.timeutil import as_utc

FACT = "onboarding_pin"
PIN_WINDOW_MINUTES = 30
NOT_NOW = N_("The PIN can only be chosen right after onboarding. Please ask HR to set it.")
HAS_PIN = N_("You already have a PIN. HR can reset it if you forgot it.")
NOT_SAME = N_("The two PINs are not the same. Please type it again.")


async def has_pin(employee_id: int) -> bool:
    return await KioskPin.exists().where(KioskPin.employee == employee_id).run()


def _finished_recently(flow: Flow, now: datetime) -> bool:
    finished = flow.row.get("finished_at")
    return bool(flow.done and finished and now - as_utc(finished) <= timedelta(minutes=PIN_WINDOW_MINUTES))


async def may_choose(flow: Flow, now: datetime) -> bool:
    """Whether the done screen offers the PIN form (the flow just finished, no PIN yet, none already sent)."""
    return _finished_recently(flow, now) and not await has_pin(flow.employee) and not await _sent(flow)


def _fact_id(flow: Flow) -> uuid.UUID:
    """One PIN fact per flow, whatever is tried twice: its id comes from the flow's."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"floorhr:onboarding-pin:{flow.id}")


async def _sent(flow: Flow) -> bool:
    return await OutboxEvent.exists().where(OutboxEvent.id == _fact_id(flow)).run()


async def choose(flow: Flow, pin: str, again: str, now: datetime, actor: audit.Actor) -> None:
    if not _finished_recently(flow, now):
        raise Refused(NOT_NOW, field="pin")
    if await has_pin(flow.employee) or await _sent(flow):
        raise Refused(HAS_PIN, field="pin")
    problem = pin_problem(pin or "")
    if problem:
        raise Refused(problem, field="pin")
    if pin != again:
        raise Refused(NOT_SAME, field="again")
    if not outbox.recording():
        await pins.adopt(flow.employee, await asyncio.to_thread(hash_password, pin), actor)
        return
    pin_hash = await asyncio.to_thread(hash_password, pin)  # argon2 takes tens of ms: off the event loop
    async with write_transaction():
        await outbox.record_fact(
            FACT, _fact_id(flow), {"flow": flow.id, "employee_code": flow.employee_code, "pin_hash": pin_hash}, now
        )


@fact_kind(FACT)
async def apply_first_pin(fact: PushedFact) -> None:
    """The office stores the PIN a worker chose on a node, unless they have one by now (HR's wins)."""
    code, pin_hash = fact.payload.get("employee_code"), fact.payload.get("pin_hash")
    if not isinstance(pin_hash, str) or not pin_hash.startswith("$argon2"):
        raise InvalidFact("pin_hash must be an argon2 hash")
    row = await Employee.select(Employee.id).where(Employee.employee_code == code).first().run()
    if row is None:
        raise InvalidFact(f"employee {code!r} is not known at the office")
    await pins.adopt(row["id"], pin_hash, audit.Actor(name=f"kiosk {fact.node_id[:40]}"))
