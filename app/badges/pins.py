"""Checking a worker's PIN where it opens their own pages: wrong attempts counted per worker and per device.

A worker's PIN locks after WORKER_PIN_FAILURES wrong tries, a kiosk or phone after DEVICE_PIN_FAILURES
(someone trying many badges at one screen); both for PIN_LOCK_MINUTES (app.badges.rules). The counts live
on the node where the guessing happens and never travel. HR setting a new PIN lifts the worker's lock.
"""

from __future__ import annotations

from app.audit import service as audit
from app.badges import rules
from app.badges.service import pin_matches
from app.badges.tables import KioskPin, PinThrottle
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.sync.changes import next_change_no
from app.timeutil import as_utc, utcnow

LOCKED = N_("Too many wrong PINs. Please wait 15 minutes, or ask HR to reset your PIN.")
DEVICE_LOCKED = N_("Too many wrong PINs on this screen. It accepts PINs again in 15 minutes.")
WRONG = N_("Wrong PIN. %(left)s tries left before it locks.")
NO_PIN = N_("You have no PIN yet. Please ask HR to set one.")


worker_key = rules.pin_worker_key


def device_key(device: str) -> str:
    return f"device:{device}"[:100]


async def _state(key: str) -> rules.PinThrottleState:
    row = await PinThrottle.select().where(PinThrottle.key == key).first().run()
    if row is None:
        return rules.PinThrottleState(0, None)
    return rules.PinThrottleState(
        row["failures"],
        as_utc(row["locked_until"]) if row["locked_until"] else None,
        as_utc(row["last_failure_at"]) if row["last_failure_at"] else None,
    )


async def _save(key: str, state: rules.PinThrottleState) -> None:
    values = {
        PinThrottle.failures: state.failures,
        PinThrottle.locked_until: state.locked_until,
        PinThrottle.last_failure_at: state.last_failure_at,
    }
    updated = await PinThrottle.update(values).where(PinThrottle.key == key).returning(PinThrottle.id).run()
    if not updated:
        await PinThrottle.insert(
            PinThrottle(
                key=key, failures=state.failures, locked_until=state.locked_until, last_failure_at=state.last_failure_at
            )
        ).run()


async def check_pin(employee_id: int, pin: str, device: str) -> None:
    """Returns when pin is the worker's PIN; else raises Refused (429 when locked) and counts the failure.

    The locks are checked before argon2 runs, so a locked worker or screen costs no hashing.
    """
    now = utcnow()
    worker, screen = worker_key(employee_id), device_key(device)
    if rules.pin_locked(await _state(screen), now):
        raise Refused(DEVICE_LOCKED, field="pin", status=429)
    if rules.pin_locked(await _state(worker), now):
        raise Refused(LOCKED, field="pin", status=429)
    matches = await pin_matches(employee_id, pin) if pin.isascii() and pin.isdigit() else False
    if matches is None:
        raise Refused(NO_PIN, field="pin")
    async with write_transaction():
        if matches:
            await PinThrottle.delete().where(PinThrottle.key == worker).run()
            return
        worker_state = rules.after_pin_failure(await _state(worker), now, rules.WORKER_PIN_FAILURES)
        screen_state = rules.after_pin_failure(await _state(screen), now, rules.DEVICE_PIN_FAILURES)
        await _save(worker, worker_state)
        await _save(screen, screen_state)
    if screen_state.locked_until:
        raise Refused(DEVICE_LOCKED, field="pin", status=429)
    if worker_state.locked_until:
        raise Refused(LOCKED, field="pin", status=429)
    raise Refused(WRONG, field="pin", left=rules.WORKER_PIN_FAILURES - worker_state.failures)


async def adopt(employee_id: int, pin_hash: str, actor: audit.Actor) -> bool:
    """The worker's first PIN, chosen by the worker at the end of onboarding (already hashed): stored only while
    they have none (a PIN HR set wins). Returns whether it was stored."""
    async with write_transaction():
        if await KioskPin.exists().where(KioskPin.employee == employee_id).run():
            return False
        await KioskPin.insert(KioskPin(employee=employee_id, pin_hash=pin_hash, change_no=await next_change_no())).run()
        await audit.record(actor, "pin.first", "employee", employee_id)
    return True
