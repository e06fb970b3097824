"""Leave at a kiosk: the badge shows the balance; a request made on a kiosk node reaches the office once through the
outbox, is filed for the department head, and the approval and the balance come back in the pull."""

from __future__ import annotations

import json
from datetime import date, timedelta

from app.approvals.tables import ApprovalItem
from app.audit.service import SYSTEM, Actor
from app.badges import service as badges
from app.leave import kiosk_sync, requests
from app.leave.tables import LeaveBalance, LeaveRequest
from app.people.tables import Employee
from app.sync import node_state, outbox
from app.sync.tables import OutboxEvent
from app.timeutil import utcnow
from tests.attendance.test_kiosk_pages import activate
from tests.cast import htmx_target, post_form, sign_in
from tests.leave.factories import head_of_line_a, line_a_on_day_shift, years_worked
from tests.sync.test_api import _enrolled

STEP = htmx_target("leave-step")


async def _plant(cast):
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 8)
    await head_of_line_a(cast)


async def test_a_worker_asks_for_annual_leave_at_the_kiosk_and_sees_the_balance(client, cast, settings):
    await _plant(cast)
    payload = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    await activate(client)
    form = await post_form(client, "/kiosk/leave", {"badge": payload}, headers=STEP)
    assert form.status_code == 200 and "<html" not in form.text
    assert "张伟" in form.text and "年休假剩余：5 天" in form.text
    sent = await post_form(
        client,
        "/kiosk/leave",
        {"badge": payload, "type_code": "annual", "first": "2026-12-01", "last": "2026-12-02"},
        headers=STEP,
    )
    assert sent.status_code == 200 and "已提交审批" in sent.text
    request = await LeaveRequest.select().first().run()
    assert (request["source"], request["status"], request["halves"]) == ("kiosk", "pending", 4)
    assert (await ApprovalItem.select().first().run())["status"] == "pending"
    again = await post_form(client, "/kiosk/leave", {"badge": payload}, headers=STEP)
    assert "年休假剩余：5 天" in again.text  # approved leave comes off; this one still waits
    forged = await post_form(client, "/kiosk/leave", {"badge": "FHR1.W0001.1.AAAAAAAAAAAAAAAA"}, headers=STEP)
    assert forged.status_code == 422


async def test_maternity_leave_asked_at_the_kiosk_is_counted_like_the_office_s(client, cast, settings):
    """Twins and a difficult birth: 98 + 15 + 15 days from the first day, the last day left empty (issue 18)."""
    await _plant(cast)
    await Employee.update({Employee.gender: "F"}).where(Employee.id == cast.worker).run()
    payload = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    await activate(client)
    form = await post_form(client, "/kiosk/leave", {"badge": payload}, headers=STEP)
    assert 'name="babies"' in form.text and 'name="pregnancy_months"' in form.text
    asked = {
        "badge": payload,
        "type_code": "maternity",
        "first": "2026-12-01",
        "last": "",
        "babies": "2",
        "event_date": "2026-12-10",
    }
    sent = await post_form(client, "/kiosk/leave", {**asked, "difficult": "1"}, headers=STEP)
    assert sent.status_code == 200 and "已提交审批" in sent.text
    request = await LeaveRequest.select().first().run()
    assert request["last_day"] == date(2026, 12, 1) + timedelta(days=98 + 15 + 15 - 1)
    refused = await post_form(
        client, "/kiosk/leave", {**asked, "first": "2027-06-01", "pregnancy_months": "11"}, headers=STEP
    )
    assert refused.status_code == 422 and await LeaveRequest.count().run() == 1


async def test_a_request_made_offline_arrives_once_and_the_approval_comes_back(client, cast, settings):
    await _plant(cast)
    data = requests.RequestInput(cast.worker, "annual", date(2026, 12, 1), date(2026, 12, 1), reason="看病")
    outbox.configure("kiosk")
    try:
        await node_state.write({"last_pull_at": utcnow()})
        request_id = await kiosk_sync.request_at_kiosk(data, settings, "gate-1", Actor(name="kiosk:gate-1"))
        shown = await kiosk_sync.kiosk_balance(cast.worker, 2026, settings)
    finally:
        outbox.configure("office")
    assert shown.synced_at is not None and shown.annual_left == -1  # nothing pulled yet; the pending day is off
    assert await ApprovalItem.count().run() == 0  # a kiosk node files nothing itself
    events = [
        {
            "id": str(row["id"]),
            "seq": row["seq"],
            "kind": row["kind"],
            "payload": json.loads(row["payload"]),
            "recorded_at": row["recorded_at"].isoformat(),
        }
        for row in await OutboxEvent.select().run()
    ]
    assert [(event["kind"], event["id"]) for event in events] == [("leave_request", str(request_id))]
    await LeaveRequest.delete(force=True).run()  # this one database now plays the office
    _, headers = await _enrolled(client, "gate-1")
    for _ in range(2):
        answer = (await client.post("/api/sync/push", headers=headers, json={"events": events})).json()
    assert answer["duplicates"] == [str(request_id)]
    assert await LeaveRequest.count().run() == 1 and await ApprovalItem.count().run() == 1
    item = await ApprovalItem.select().first().run()

    await sign_in(client, "head-a")
    await post_form(client, f"/approvals/{item['id']}/approve", {})
    pulled = (await client.get("/api/sync/pull", headers=headers, params={"cursor": 0, "limit": 500})).json()
    back = [row for row in pulled["changes"].get("leave_request", []) if row["id"] == str(request_id)]
    assert [row["status"] for row in back] == ["approved"] and "reason" not in back[0]  # health data stays
    balance = pulled["changes"]["leave_balance"]
    assert [(row["employee"], row["annual_halves"], row["annual_taken_halves"]) for row in balance] == [
        (cast.worker, 10, 2)
    ]


async def test_a_kiosk_request_the_office_cannot_grant_comes_back_rejected_with_the_reason(client, cast, settings):
    await _plant(cast)
    await requests.request_leave(
        requests.RequestInput(cast.worker, "annual", date(2026, 12, 1), date(2026, 12, 1)), "record", SYSTEM
    )
    event = {
        "id": "0190a3c0-0000-7000-8000-0000000000bb",
        "seq": 1,
        "kind": "leave_request",
        "recorded_at": "2026-11-24T08:00:00+00:00",
        "payload": {
            "employee": cast.worker,
            "employee_code": "W0001",
            "type_code": "annual",
            "first": "2026-12-01",
            "last": "2026-12-01",
            "half_first": False,
            "half_last": False,
        },
    }
    _, headers = await _enrolled(client)
    answer = (await client.post("/api/sync/push", headers=headers, json={"events": [event]})).json()
    assert answer["stored"] == [event["id"]]
    row = await LeaveRequest.select().where(LeaveRequest.source == "kiosk").first().run()
    assert row["status"] == "rejected" and row["decision_reason"] == "该员工在这些日期中已有请假。"
    assert await LeaveBalance.count().run() == 1


async def test_a_request_from_my_page_on_a_kiosk_node_arrives_as_the_workers_own(client, cast, settings):
    await _plant(cast)
    data = requests.RequestInput(cast.worker, "personal", date(2026, 12, 3), date(2026, 12, 3), reason="家里有事")
    outbox.configure("kiosk")
    try:
        request_id = await kiosk_sync.request_at_kiosk(
            data, settings, "gate-1", Actor(name=f"worker:{cast.worker}"), source="phone"
        )
    finally:
        outbox.configure("office")
    row = await OutboxEvent.select().first().run()
    event = {
        "id": str(row["id"]),
        "seq": row["seq"],
        "kind": row["kind"],
        "payload": json.loads(row["payload"]),
        "recorded_at": row["recorded_at"].isoformat(),
    }
    await LeaveRequest.delete(force=True).run()  # this one database now plays the office
    _, headers = await _enrolled(client, "gate-1")
    await client.post("/api/sync/push", headers=headers, json={"events": [event]})
    arrived = await LeaveRequest.select().where(LeaveRequest.id == request_id).first().run()
    assert (arrived["source"], arrived["status"], arrived["reason"]) == ("phone", "pending", "家里有事")
    assert await ApprovalItem.count().run() == 1


async def test_a_miscarriage_asked_on_a_kiosk_node_reaches_the_office_with_its_months_of_pregnancy(
    client, cast, settings
):
    from app.people.tables import Employee

    await _plant(cast)
    await Employee.update({Employee.gender: "F"}).where(Employee.id == cast.worker).run()
    data = requests.RequestInput(cast.worker, "maternity", date(2026, 12, 1), date(2026, 12, 16), pregnancy_months=3)
    outbox.configure("kiosk")
    try:
        await kiosk_sync.request_at_kiosk(data, settings, "gate-1", Actor(name=f"worker:{cast.worker}"), source="phone")
    finally:
        outbox.configure("office")
    row = await OutboxEvent.select().first().run()
    payload = json.loads(row["payload"])
    assert payload["pregnancy_months"] == 3
    event = {"id": str(row["id"]), "seq": row["seq"], "kind": row["kind"], "payload": payload}
    await LeaveRequest.delete(force=True).run()  # this one database now plays the office
    _, headers = await _enrolled(client, "gate-1")
    await client.post(
        "/api/sync/push", headers=headers, json={"events": [{**event, "recorded_at": "2026-11-24T08:00:00+00:00"}]}
    )
    arrived = await LeaveRequest.select().where(LeaveRequest.id == row["id"]).first().run()
    assert arrived["status"] == "rejected"  # 16 days: a miscarriage before 4 months allows 15, a birth 98
    assert arrived["decision_reason"].startswith("产假每次最多 15 天")
