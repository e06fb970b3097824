"""The office's sync API in process, on both engines: enrolment, idempotent push, quarantine, revocation, pull."""

from __future__ import annotations

from datetime import timedelta

from app.attendance.tables import Scan
from app.audit.service import Actor
from app.badges import service as badges
from app.ids import new_id
from app.sync import devices
from app.sync.tables import QuarantinedFact, ReceivedFact
from app.timeutil import utcnow
from tests.cast import post_form, sign_in

HR = Actor(name="hr")


async def _enrolled(client, name: str = "Gate 1") -> tuple[dict, dict]:
    _, code = await devices.add_node(name, HR)
    answer = (await client.post("/api/sync/enrol", json={"code": code})).json()
    return answer, {"Authorization": f"Bearer {answer['token']}"}


def _scan_event(employee: int, seq: int, at=None, **payload) -> dict:
    at = at or utcnow()
    return {
        "id": str(new_id()),
        "seq": seq,
        "kind": "scan",
        "recorded_at": at.isoformat(),
        "payload": {
            "source": "kiosk",
            "shown_text": "FHR1.W0001.1",
            "employee": employee,
            "credential": None,
            "outcome": "punch",
            "reason": "",
            "direction": "in",
            **payload,
        },
    }


async def test_a_code_enrols_once_and_hands_over_the_installation_secret(client, cast, settings):
    _, code = await devices.add_node("Gate 1", HR)
    first = await client.post("/api/sync/enrol", json={"code": code.lower().replace("-", " ")})
    assert first.status_code == 200
    assert first.json()["name"] == "Gate 1" and first.json()["secret"] == settings.secret_key.decode()
    again = await client.post("/api/sync/enrol", json={"code": code})
    assert again.status_code == 401
    assert (await devices.list_nodes())[0].status == "enrolled"


async def test_a_replayed_batch_is_acknowledged_as_duplicate_and_stored_once(client, cast):
    _, headers = await _enrolled(client)
    events = [_scan_event(cast.worker, seq) for seq in (1, 2, 3)]
    first = await client.post("/api/sync/push", headers=headers, json={"events": events, "backlog": 3})
    assert first.status_code == 200 and len(first.json()["stored"]) == 3
    replay = await client.post("/api/sync/push", headers=headers, json={"events": events + events[:1]})
    assert replay.json()["stored"] == [] and len(replay.json()["duplicates"]) == 4
    rows = await Scan.select(Scan.id, Scan.node_id, Scan.node_seq).order_by(Scan.node_seq).run()
    assert [(str(row["id"]), row["node_id"], row["node_seq"]) for row in rows] == [
        (event["id"], "Gate 1", event["seq"]) for event in events
    ]
    assert (await devices.list_nodes())[0].backlog == 3


async def test_broken_facts_are_quarantined_with_a_reason_and_never_stored(client, cast):
    _, headers = await _enrolled(client)
    good = _scan_event(cast.worker, 1)
    no_outcome = _scan_event(cast.worker, 2, outcome="maybe")
    unknown_person = _scan_event(987654, 3)
    unknown_kind = {**_scan_event(cast.worker, 4), "kind": "teleport"}
    no_time = {**_scan_event(cast.worker, 5), "recorded_at": "yesterday"}
    answer = (
        await client.post(
            "/api/sync/push",
            headers=headers,
            json={"events": [good, no_outcome, unknown_person, unknown_kind, no_time]},
        )
    ).json()
    assert answer["stored"] == [good["id"]]
    assert sorted(answer["quarantined"]) == sorted(e["id"] for e in (no_outcome, unknown_person, unknown_kind, no_time))
    held = {str(row["id"]): row["reason"] for row in await QuarantinedFact.select().run()}
    assert "outcome must be one of" in held[no_outcome["id"]]
    assert "employee 987654 is not known" in held[unknown_person["id"]]
    assert "unknown kind" in held[unknown_kind["id"]] and "recorded_at" in held[no_time["id"]]
    assert await Scan.count().run() == 1
    again = (await client.post("/api/sync/push", headers=headers, json={"events": [no_outcome]})).json()
    assert again["duplicates"] == [no_outcome["id"]] and await QuarantinedFact.count().run() == 4


async def test_hr_sees_the_quarantine_retries_after_a_fix_and_dismisses(client, cast):
    from tests.cast import make_employee

    _, headers = await _enrolled(client)
    missing = _scan_event(cast.worker + 1000, 1)
    broken = _scan_event(cast.worker, 2, source="teleporter")
    await client.post("/api/sync/push", headers=headers, json={"events": [missing, broken]})
    await sign_in(client, "hr")
    page = await client.get("/sync")
    assert page.status_code == 200 and "teleporter" in page.text and "is not known at the office" in page.text
    refused = await post_form(client, f"/sync/{missing['id']}/retry", {})
    assert refused.status_code == 422 and await Scan.count().run() == 0
    await make_employee("W9999", "补录", cast.line_a, id=cast.worker + 1000)
    assert (await post_form(client, f"/sync/{missing['id']}/retry", {})).status_code in (200, 303)
    assert [str(row["id"]) for row in await Scan.select(Scan.id).run()] == [missing["id"]]
    await post_form(client, f"/sync/{broken['id']}/dismiss", {})
    page = await client.get("/sync")
    assert "teleporter" not in page.text and "没有被隔离的记录" in page.text


async def test_a_revoked_device_is_refused_at_once(client, cast):
    answer, headers = await _enrolled(client)
    assert (await client.get("/api/sync/pull", headers=headers)).status_code == 200
    await devices.revoke_node(answer["device_id"], HR)
    refused = await client.post("/api/sync/push", headers=headers, json={"events": [_scan_event(cast.worker, 1)]})
    assert refused.status_code == 401 and await Scan.count().run() == 0
    assert (await client.get("/api/sync/pull", headers=headers)).status_code == 401
    assert (await client.get("/api/sync/pull")).status_code == 401


async def test_more_than_500_events_in_one_push_are_refused_whole(client, cast):
    _, headers = await _enrolled(client)
    events = [_scan_event(cast.worker, seq) for seq in range(1, 502)]
    answer = await client.post("/api/sync/push", headers=headers, json={"events": events})
    assert answer.status_code == 400 and await ReceivedFact.count().run() == 0


async def test_punches_from_a_node_whose_clock_is_off_are_flagged_for_hr(client, cast):
    _, headers = await _enrolled(client)
    late_clock = utcnow() - timedelta(minutes=3)
    answer = (
        await client.post(
            "/api/sync/push",
            headers=headers,
            json={"events": [_scan_event(cast.worker, 1, at=late_clock)], "node_time": late_clock.isoformat()},
        )
    ).json()
    assert 175_000 < answer["clock_offset_ms"] < 200_000
    assert (await Scan.select(Scan.clock_suspect).first().run())["clock_suspect"] is True
    node = (await devices.list_nodes())[0]
    assert node.clock_suspect
    await sign_in(client, "hr")
    flagged = await client.get("/attendance/scans?outcome=clock")
    assert "张伟" in flagged.text
    assert "/attendance/scans?outcome=clock" in (await client.get("/sync")).text


async def test_pull_pages_reference_changes_revocations_and_tombstones(client, cast, settings):
    from datetime import date

    from app.attendance.schedule import calendar as plant_calendar
    from app.attendance.schedule.forms import CalendarInput
    from app.people import service as people

    _, headers = await _enrolled(client)
    for index in range(5):
        await people.create_employee(
            people.EmployeeInput(
                f"P{index}", f"工人{index}", "M", None, "13800000000", "active", None, cast.line_a, None, None, 1
            ),
            HR,
        )

    async def pull_all(cursor: int, limit: int = 2) -> tuple[int, list[dict]]:
        pages = []
        while True:
            page = (
                await client.get("/api/sync/pull", headers=headers, params={"cursor": cursor, "limit": limit})
            ).json()
            pages.append(page)
            cursor = page["next_cursor"]
            if not page["more"]:
                return cursor, pages

    cursor, pages = await pull_all(0)
    assert len(pages) >= 3 and all(len(page["changes"].get("employee", [])) <= 2 for page in pages)
    employees = [row for page in pages for row in page["changes"].get("employee", [])]
    assert sorted(row["employee_code"] for row in employees) == [f"P{index}" for index in range(5)]
    assert all("phone" not in row for row in employees)
    badge = await badges.issue_badge(cast.worker, settings.secret_key, HR)
    await plant_calendar.save_day(CalendarInput(date(2026, 12, 31), "rest", "厂休"), HR)
    cursor, pages = await pull_all(cursor)
    credentials = [row for page in pages for row in page["changes"].get("credential", [])]
    assert [row["revoked_at"] for row in credentials] == [None]
    day_id = [row for page in pages for row in page["changes"].get("calendar_day", [])][0]["id"]
    credential_id = credentials[0]["id"]
    await badges.revoke_credential(cast.worker, credential_id, HR)
    await plant_calendar.delete_day(day_id, HR)
    _, pages = await pull_all(cursor)
    revoked = [row for page in pages for row in page["changes"].get("credential", [])]
    assert [(row["id"], row["revoked_at"] is not None) for row in revoked] == [(credential_id, True)]
    assert {"table": "calendar_day", "id": day_id} in [gone for page in pages for gone in page["deleted"]]
    assert badge.payload.startswith("FHR1.")


async def test_only_hr_manages_devices_and_a_new_device_shows_its_code_once(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get("/devices")).status_code == 403
    assert (await client.get("/sync")).status_code == 403
    await sign_in(client, "hr")
    added = await post_form(client, "/devices", {"name": "车间门口"})
    assert added.status_code == 200 and "floorhr kiosk enroll --office" in added.text
    code = added.text.split("--code ")[1].split("<")[0].strip()
    assert (await client.post("/api/sync/enrol", json={"code": code})).status_code == 200
    listing = await client.get("/devices")
    assert "车间门口" in listing.text and code not in listing.text
    assert (await post_form(client, "/devices", {"name": "车间门口"})).status_code == 422
    node = (await devices.list_nodes())[0]
    await post_form(client, f"/devices/{node.id}/revoke", {})
    assert (await devices.list_nodes())[0].status == "revoked"


async def test_the_sync_api_is_in_the_openapi_schema_which_only_admins_may_read(client, cast):
    from tests.cast import sign_in

    assert (await client.get("/schema/openapi.json", follow_redirects=False)).status_code in (302, 303, 307, 401)
    await sign_in(client, "sup-a")
    assert (await client.get("/schema/openapi.json")).status_code == 403
    client.cookies.clear()
    await sign_in(client, "hr")  # the cast's HR user is an administrator
    schema = (await client.get("/schema/openapi.json")).json()
    assert {"/api/sync/enrol", "/api/sync/push", "/api/sync/pull"} <= set(schema["paths"])
    assert "PushRequest" in schema["components"]["schemas"]


async def test_a_scan_of_someone_onboarded_on_the_kiosk_finds_them_by_code(client, cast):
    from app.sync.outbox import PROVISIONAL_BASE

    _, headers = await _enrolled(client)
    event = _scan_event(PROVISIONAL_BASE + 3, 1, employee_code="W0001", credential=PROVISIONAL_BASE + 4)
    stranger = _scan_event(PROVISIONAL_BASE + 5, 2, employee_code="N00000000")
    answer = (await client.post("/api/sync/push", headers=headers, json={"events": [event, stranger]})).json()
    assert answer["stored"] == [event["id"]] and answer["quarantined"] == [stranger["id"]]
    assert await Scan.select(Scan.employee, Scan.credential).run() == [{"employee": cast.worker, "credential": None}]


async def test_a_piece_report_from_someone_onboarded_on_the_kiosk_finds_them_by_code(client, cast):
    from app.piecework.tables import PieceReport
    from app.sync.outbox import PROVISIONAL_BASE
    from tests.piecework.factories import make_operation, make_work_order

    operation = await make_operation(await make_work_order(), "OP-1", "折弯", 30)
    _, headers = await _enrolled(client)
    at = utcnow().isoformat()
    event = {
        "id": str(new_id()),
        "seq": 1,
        "kind": "piece_report",
        "recorded_at": at,
        "payload": {
            "employee_id": PROVISIONAL_BASE + 1,
            "employee_code": "W0001",
            "operation_id": operation,
            "quantity": 40,
            "defects": 1,
            "segment": "normal",
            "work_date": at[:10],
            "reported_at": at,
            "minutes_worked": 480,
            "source": "kiosk",
            "entered_by": "",
            "reason": "",
        },
    }
    answer = (await client.post("/api/sync/push", headers=headers, json={"events": [event]})).json()
    assert answer["stored"] == [event["id"]]
    assert (await PieceReport.select(PieceReport.employee).first().run())["employee"] == cast.worker


async def test_a_push_without_a_token_is_refused_before_its_body_is_read(client):
    nested = "[" * 100_000 + "]" * 100_000  # a body that would exhaust the JSON parser's recursion
    response = await client.post("/api/sync/push", content=nested, headers={"content-type": "application/json"})
    assert response.status_code == 401
    response = await client.post(
        "/api/sync/push", content=nested, headers={"content-type": "application/json", "authorization": "Bearer forged"}
    )
    assert response.status_code == 401
