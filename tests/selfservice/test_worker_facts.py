"""What a worker asks on a kiosk node travels to the office through the outbox and is filed exactly once."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from app.attendance.tables import PunchCorrection
from app.selfservice import requests
from app.selfservice.sessions import Me
from app.selfservice.tables import PayslipRead, WorkerRequest
from app.sync import outbox
from app.sync.facts import InvalidFact, PushedFact
from app.sync.tables import OutboxEvent
from app.timeutil import as_utc
from tests.attendance.factories import PLANT
from tests.selfservice.helpers import locked_payslip


@pytest.fixture
def kiosk_node():
    outbox.configure("kiosk")
    yield
    outbox.configure("office")


def _me(cast) -> Me:
    return Me(1, cast.worker, "W0001", "张伟", "装配A线", "kiosk", "一号门")


async def _queued() -> list[dict]:
    return await OutboxEvent.select().order_by(OutboxEvent.seq).run()


def _pushed(event: dict) -> PushedFact:
    payload = event["payload"] if isinstance(event["payload"], dict) else json.loads(event["payload"])
    return PushedFact(event["id"], event["kind"], payload, as_utc(event["recorded_at"]), "kiosk-7", event["seq"], False)


async def test_a_correction_asked_on_a_kiosk_node_is_queued_once_and_filed_once_at_the_office(cast, kiosk_node):
    await requests.ask_correction(_me(cast), datetime(2026, 11, 24, 17, 3), "out", "下班忘打卡", PLANT, "kiosk-7")
    stored = await WorkerRequest.select().run()
    assert len(stored) == 1 and stored[0]["filed_as"] is None  # the kiosk node decides nothing
    events = await _queued()
    assert [event["kind"] for event in events] == [requests.CORRECTION]
    assert await PunchCorrection.count().run() == 0
    outbox.configure("office")
    await WorkerRequest.delete().where(WorkerRequest.id == stored[0]["id"]).run()  # the office's own database
    for _ in range(2):  # the push is replayed after a lost answer
        await requests.apply_correction(_pushed(events[0]))
    corrections = await PunchCorrection.select().run()
    assert len(corrections) == 1
    assert (corrections[0]["employee"], corrections[0]["direction"], corrections[0]["reason"]) == (
        cast.worker,
        "out",
        "下班忘打卡",
    )
    assert as_utc(corrections[0]["at"]) == datetime(2026, 11, 24, 17, 3, tzinfo=PLANT)


async def test_a_payslip_read_on_a_kiosk_node_reaches_the_office_once(cast, kiosk_node):
    await locked_payslip(cast.worker)
    await requests.confirm_read(_me(cast), "2026-10", "kiosk-7")
    await requests.confirm_read(_me(cast), "2026-10", "kiosk-7")
    events = await _queued()
    assert [event["kind"] for event in events] == [requests.READ]
    outbox.configure("office")
    await PayslipRead.delete(force=True).run()
    for _ in range(2):
        await requests.apply_read(_pushed(events[0]))
    assert await PayslipRead.count().run() == 1


async def test_a_request_for_someone_the_office_does_not_know_goes_to_quarantine(cast):
    fact = PushedFact(
        requests.new_id(),
        requests.CORRECTION,
        {
            "employee_code": "NOBODY",
            "at": "2026-11-24T09:03:00+00:00",
            "local_at": "2026-11-24T17:03:00",
            "direction": "out",
            "reason": "x",
        },
        datetime(2026, 11, 24, 9, 5, tzinfo=PLANT),
        "kiosk-7",
        1,
        False,
    )
    with pytest.raises(InvalidFact):
        await requests.apply_correction(fact)
    assert await PunchCorrection.count().run() == 0
