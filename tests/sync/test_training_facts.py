"""Training facts made on a kiosk node (quiz attempts, study visits, sign-offs) travel up through the outbox."""

from __future__ import annotations

import json

from app.sync import outbox
from app.sync.tables import OutboxEvent, QuarantinedFact
from app.training import service as training
from app.training.tables import QuizAttempt, StudyVisit
from tests.sync.test_api import _enrolled
from tests.training.test_kiosk_quiz import quiz  # noqa: F401 - the fixture: a course with two questions


async def _queued_on_a_kiosk_node(work) -> list[dict]:
    outbox.configure("kiosk")
    try:
        await work()
    finally:
        outbox.configure("office")
    return [
        {
            "id": str(row["id"]),
            "seq": row["seq"],
            "kind": row["kind"],
            "payload": json.loads(row["payload"]),
            "recorded_at": row["recorded_at"].isoformat(),
        }
        for row in await OutboxEvent.select().order_by(OutboxEvent.seq).run()
    ]


async def test_a_kiosk_s_quiz_attempts_and_study_reach_the_office_once(client, cast, quiz):
    async def at_the_kiosk():
        await training.take_quiz(cast.worker, quiz["course"], [1, 1])
        await training.record_study(cast.worker, quiz["course"])
        await training.take_quiz(cast.worker, quiz["course"], [0, 0])

    events = await _queued_on_a_kiosk_node(at_the_kiosk)
    assert [(event["kind"], event["seq"]) for event in events] == [
        ("quiz_attempt", 1),
        ("study_visit", 2),
        ("quiz_attempt", 3),
    ]
    assert events[2]["payload"]["percent"] == 100 and events[2]["payload"]["employee"] == cast.worker
    # This test's one database plays the office: forget the kiosk's rows, then receive them as a push.
    await QuizAttempt.delete(force=True).run()
    await StudyVisit.delete(force=True).run()
    _, headers = await _enrolled(client)
    for _ in range(2):
        await client.post("/api/sync/push", headers=headers, json={"events": events})
    attempts = await QuizAttempt.select(QuizAttempt.id, QuizAttempt.passed).order_by(QuizAttempt.taken_at).run()
    assert [(str(row["id"]), row["passed"]) for row in attempts] == [(events[0]["id"], False), (events[2]["id"], True)]
    assert await StudyVisit.count().run() == 1


async def test_a_sign_off_for_a_course_the_office_does_not_know_is_quarantined(client, cast, quiz):
    _, headers = await _enrolled(client)
    event = {
        "id": "0190a3c0-0000-7000-8000-0000000000aa",
        "seq": 1,
        "kind": "practical_signoff",
        "recorded_at": "2026-11-20T08:00:00+00:00",
        "payload": {
            "employee": cast.worker,
            "course": 424242,
            "trainer": cast.supervisor_a,
            "node_id": "gate-1",
            "signed_at": "2026-11-20T08:00:00+00:00",
            "passed": True,
        },
    }
    answer = (await client.post("/api/sync/push", headers=headers, json={"events": [event]})).json()
    assert answer["quarantined"] == [event["id"]]
    assert (await QuarantinedFact.select(QuarantinedFact.reason).first().run())["reason"] == (
        "course 424242 is not known at the office"
    )
