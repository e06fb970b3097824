"""A worker's PIN opening their own pages: right, wrong, locked per worker and per screen, reset by HR."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.audit.service import SYSTEM
from app.badges import pins, rules
from app.badges.service import set_pin
from app.badges.tables import PinThrottle
from app.errors import Refused
from tests.cast import make_employee

T0 = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def test_the_fifth_wrong_pin_in_a_row_locks_for_fifteen_minutes():
    state = rules.PinThrottleState(0, None)
    for minute in range(4):
        state = rules.after_pin_failure(state, T0 + timedelta(minutes=minute), rules.WORKER_PIN_FAILURES)
        assert state.locked_until is None
    state = rules.after_pin_failure(state, T0 + timedelta(minutes=4), rules.WORKER_PIN_FAILURES)
    assert state.locked_until == T0 + timedelta(minutes=19)
    assert rules.pin_locked(state, T0 + timedelta(minutes=18))
    assert not rules.pin_locked(state, T0 + timedelta(minutes=19))


def test_wrong_pins_a_quarter_of_an_hour_apart_never_lock():
    state = rules.PinThrottleState(0, None)
    for n in range(10):
        state = rules.after_pin_failure(state, T0 + timedelta(minutes=15 * n), rules.WORKER_PIN_FAILURES)
    assert state.locked_until is None
    assert state.failures == 1


async def test_the_right_pin_opens_and_a_wrong_one_says_how_many_tries_are_left(cast):
    await set_pin(cast.worker, "4321", SYSTEM)
    await pins.check_pin(cast.worker, "4321", "kiosk-1")
    with pytest.raises(Refused) as wrong:
        await pins.check_pin(cast.worker, "1111", "kiosk-1")
    assert wrong.value.params == {"left": 4}
    assert "4" in wrong.value.text


async def test_five_wrong_pins_lock_the_worker_even_for_the_right_pin(cast):
    await set_pin(cast.worker, "4321", SYSTEM)
    for _ in range(4):
        with pytest.raises(Refused):
            await pins.check_pin(cast.worker, "0000", "kiosk-1")
    with pytest.raises(Refused) as locked:
        await pins.check_pin(cast.worker, "0000", "kiosk-1")
    assert locked.value.status == 429
    with pytest.raises(Refused) as still:
        await pins.check_pin(cast.worker, "4321", "kiosk-2")
    assert still.value.message == pins.LOCKED
    assert "15" in still.value.text  # the message the worker reads, in Chinese


async def test_ten_wrong_pins_on_one_screen_lock_the_screen_for_everyone(cast):
    workers = [await make_employee(f"W1{n:03}", f"工人{n}", cast.line_a) for n in range(5)]
    for employee in workers:
        await set_pin(employee, "2468", SYSTEM)
    for employee in workers:
        for _ in range(2):
            with pytest.raises(Refused):
                await pins.check_pin(employee, "1357", "phone-ip")
    with pytest.raises(Refused) as locked:
        await pins.check_pin(cast.worker, "9999", "phone-ip")
    assert locked.value.message == pins.DEVICE_LOCKED
    await pins.check_pin(workers[0], "2468", "another-kiosk")  # the other screens still work


async def test_hr_setting_a_new_pin_lifts_the_workers_lock(cast):
    await set_pin(cast.worker, "4321", SYSTEM)
    for _ in range(5):
        with pytest.raises(Refused):
            await pins.check_pin(cast.worker, "0000", f"kiosk-{_}")
    await set_pin(cast.worker, "8642", SYSTEM)
    assert not await PinThrottle.exists().where(PinThrottle.key == f"employee:{cast.worker}").run()
    await pins.check_pin(cast.worker, "8642", "kiosk-1")


async def test_a_worker_without_a_pin_is_sent_to_hr(cast):
    with pytest.raises(Refused) as refused:
        await pins.check_pin(cast.worker, "1234", "kiosk-1")
    assert refused.value.message == pins.NO_PIN
