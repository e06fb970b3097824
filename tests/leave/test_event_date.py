"""A per-event leave names its event (the wedding, the death, the birth or miscarriage): its days are summed per event
by that date (RULES.md, "Leave": marriage, bereavement, paternity and maternity leave are figures per event); a
miscarriage's months of pregnancy are stored and shown to the approver; both travel from a kiosk node once."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.approvals.tables import ApprovalItem
from app.audit.service import SYSTEM, Actor
from app.errors import Refused
from app.leave import kiosk_sync, rules
from app.leave.requests import RequestInput, request_leave
from app.leave.tables import LeaveRequest
from app.people.tables import Employee
from app.sync import outbox
from app.sync.tables import OutboxEvent
from tests.cast import htmx_target, post_form, sign_in
from tests.leave.factories import head_of_line_a, line_a_on_day_shift, years_worked
from tests.sync.test_api import _enrolled

D = date
FORM = htmx_target("leave-form")


@pytest.fixture
async def plant(cast):
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 8)
    await head_of_line_a(cast)


async def ask(cast, code: str, first: date, last: date, event: date | None, **more) -> object:
    return await request_leave(RequestInput(cast.worker, code, first, last, event_date=event, **more), "office", SYSTEM)


T = rules.Taken
WEDDING, DEATH = D(2026, 12, 5), D(2026, 12, 4)


@pytest.mark.parametrize(
    ("code", "leave", "others", "halves"),
    [
        # the same wedding 6 weeks later: found by its date, though the window alone would miss it
        ("marriage", T(D(2027, 1, 18), D(2027, 1, 18), 2, WEDDING), [T(D(2026, 12, 7), D(2026, 12, 8), 4, WEDDING)], 4),
        # another death 6 days after the first: its own days, though the window alone would join them
        (
            "bereavement",
            T(D(2026, 12, 10), D(2026, 12, 10), 2, D(2026, 12, 10)),
            [T(D(2026, 12, 7), D(2026, 12, 9), 6, DEATH)],
            0,
        ),
        # a birth a week before the date expected: one birth
        (
            "maternity",
            T(D(2027, 1, 1), D(2027, 3, 1), 2, D(2026, 12, 28)),
            [T(D(2026, 12, 20), D(2026, 12, 31), 24, D(2027, 1, 4))],
            24,
        ),
        # a request from before the field names no event: found by the window
        ("marriage", T(D(2026, 12, 14), D(2026, 12, 14), 2, WEDDING), [T(D(2026, 12, 7), D(2026, 12, 8), 4)], 4),
        # a kiosk's fact from before the field: its event found by the window among all
        ("marriage", T(D(2026, 12, 14), D(2026, 12, 14), 2), [T(D(2026, 12, 7), D(2026, 12, 8), 4, WEDDING)], 4),
        # two births months apart: two events
        (
            "maternity",
            T(D(2027, 9, 1), D(2027, 9, 1), 2, D(2027, 9, 1)),
            [T(D(2026, 12, 20), D(2026, 12, 31), 24, D(2027, 1, 4))],
            0,
        ),
    ],
)
def test_leave_of_one_event_is_found_by_its_date(code, leave, others, halves):
    assert rules.event_halves(code, leave, others) == halves


async def test_two_requests_for_one_wedding_are_summed_by_its_date_and_a_second_wedding_has_its_own(cast, plant):
    await ask(cast, "marriage", D(2026, 12, 7), D(2026, 12, 8), D(2026, 12, 5))  # 2 of the wedding's 3 days
    with pytest.raises(Refused) as refused:  # six weeks later, the same wedding: no window would join them
        await ask(cast, "marriage", D(2027, 1, 18), D(2027, 1, 19), D(2026, 12, 5))
    assert refused.value.params == {"type": "婚假", "days": 3, "taken": "2", "asked": "2"}
    assert refused.value.text == "婚假每次最多 3 天：本次事由已申请 2 天，所选日期共 2 天。"
    assert await LeaveRequest.count().run() == 1
    await ask(cast, "marriage", D(2027, 6, 7), D(2027, 6, 9), D(2027, 6, 5))  # another wedding: its own 3 days
    rows = await LeaveRequest.select(LeaveRequest.event_date).order_by(LeaveRequest.first_day).run()
    assert [row["event_date"] for row in rows] == [D(2026, 12, 5), D(2027, 6, 5)]


async def test_two_deaths_a_week_apart_each_have_their_bereavement_leave(cast, plant):
    await ask(cast, "bereavement", D(2026, 12, 7), D(2026, 12, 9), D(2026, 12, 4))  # all 3 days
    await ask(cast, "bereavement", D(2026, 12, 10), D(2026, 12, 11), D(2026, 12, 10))  # another death: allowed
    with pytest.raises(Refused):  # the first death has no day left
        await ask(cast, "bereavement", D(2026, 12, 14), D(2026, 12, 14), D(2026, 12, 4))
    assert await LeaveRequest.count().run() == 2


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ("", "请填写本次请假事由的日期"),
        ("2026-02-30", "YYYY-MM-DD"),
        ("5 Dec", "YYYY-MM-DD"),
        ("2027-01-08", "请假开始日期须在事由日期前 30 天以内、事由日期后一年以内"),  # the leave 31 days before it
        ("2025-12-06", "请假开始日期须在事由日期前 30 天以内、事由日期后一年以内"),  # more than a year after it
    ],
)
async def test_the_office_form_refuses_a_missing_or_bad_event_date_in_chinese_and_saves_nothing(
    client, cast, plant, event, message
):
    await sign_in(client, "sup-a")
    form = {"employee_id": str(cast.worker), "type_code": "marriage", "first": "2026-12-08", "last": "2026-12-08"}
    response = await post_form(client, "/leave", {**form, "event_date": event}, headers=FORM)
    assert response.status_code == 422 and "<html" not in response.text
    assert message in response.text and 'id="event_date-error"' in response.text
    assert await LeaveRequest.count().run() == 0


async def test_leave_without_an_event_keeps_no_event_date(client, cast, plant):
    await sign_in(client, "sup-a")
    form = {"employee_id": str(cast.worker), "type_code": "annual", "first": "2026-12-08", "event_date": "nonsense"}
    assert (await post_form(client, "/leave", form)).status_code in (200, 303)
    assert (await LeaveRequest.select(LeaveRequest.event_date).first().run())["event_date"] is None


async def test_a_miscarriage_s_months_and_date_are_stored_and_shown_to_the_approver(client, cast, plant):
    await Employee.update({Employee.gender: "F"}).where(Employee.id == cast.worker).run()
    await sign_in(client, "sup-a")
    form = {"employee_id": str(cast.worker), "type_code": "maternity", "first": "2026-12-01", "last": ""}
    await post_form(client, "/leave", {**form, "pregnancy_months": "3", "event_date": "2026-11-30"})
    row = await LeaveRequest.select().first().run()
    assert (row["pregnancy_months"], row["event_date"], row["halves"]) == (3, D(2026, 11, 30), 30)
    await sign_in(client, "hr")  # maternity leave: HR decides alone
    inbox = await client.get("/approvals")
    assert "流产日期：2026-11-30。" in inbox.text and "怀孕月数：3 个月。" in inbox.text
    page = await client.get(f"/leave/requests/{row['id']}")
    assert 'id="event-date">2026-11-30<' in page.text and 'id="pregnancy-months">3<' in page.text
    assert "流产日期" in page.text


async def test_the_wedding_date_is_shown_in_the_inbox_and_on_the_request(client, cast, plant):
    await sign_in(client, "sup-a")
    form = {"employee_id": str(cast.worker), "type_code": "marriage", "first": "2026-12-07", "last": "2026-12-08"}
    await post_form(client, "/leave", {**form, "event_date": "2026-12-05"})
    await sign_in(client, "head-a")
    assert "结婚日期：2026-12-05。" in (await client.get("/approvals")).text
    row = await LeaveRequest.select(LeaveRequest.id).first().run()
    page = (await client.get(f"/leave/requests/{row['id']}")).text
    assert "结婚日期" in page and 'id="event-date">2026-12-05<' in page


async def test_the_kiosk_asks_for_the_event_date_and_refuses_leave_without_it(client, cast, plant, settings):
    from app.badges import service as badges
    from tests.attendance.test_kiosk_pages import activate

    payload = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    await activate(client)
    step = htmx_target("leave-step")
    form = await post_form(client, "/kiosk/leave", {"badge": payload}, headers=step)
    assert 'name="event_date"' in form.text
    asked = {"badge": payload, "type_code": "bereavement", "first": "2026-12-07", "last": "2026-12-08"}
    refused = await post_form(client, "/kiosk/leave", asked, headers=step)
    assert refused.status_code == 422 and "请填写本次请假事由的日期" in refused.text
    assert await LeaveRequest.count().run() == 0
    sent = await post_form(client, "/kiosk/leave", {**asked, "event_date": "2026-12-04"}, headers=step)
    assert sent.status_code == 200 and "已提交审批" in sent.text
    assert (await LeaveRequest.select(LeaveRequest.event_date).first().run())["event_date"] == D(2026, 12, 4)


async def _push_from(client, node: str, events: list[dict]) -> dict:
    _, headers = await _enrolled(client, node)
    answer = {}
    for _ in range(2):  # sent twice: applied once
        answer = (await client.post("/api/sync/push", headers=headers, json={"events": events})).json()
    return answer


async def test_a_node_s_request_brings_its_event_date_and_months_once_and_they_count_at_the_office(
    client, cast, plant, settings
):
    await Employee.update({Employee.gender: "F"}).where(Employee.id == cast.worker).run()
    data = RequestInput(
        cast.worker, "maternity", D(2026, 12, 1), D(2026, 12, 15), pregnancy_months=3, event_date=D(2026, 11, 30)
    )
    outbox.configure("kiosk")
    try:
        request_id = await kiosk_sync.request_at_kiosk(data, settings, "gate-1", Actor(name="kiosk:gate-1"))
        local = await LeaveRequest.select().first().run()
    finally:
        outbox.configure("office")
    assert (local["event_date"], local["pregnancy_months"]) == (D(2026, 11, 30), 3)  # kept on the node too
    row = await OutboxEvent.select().first().run()
    payload = json.loads(row["payload"])
    assert (payload["event_date"], payload["pregnancy_months"]) == ("2026-11-30", 3)
    event = {"id": str(row["id"]), "seq": row["seq"], "kind": row["kind"], "payload": payload}
    await LeaveRequest.delete(force=True).run()  # this one database now plays the office
    answer = await _push_from(client, "gate-1", [{**event, "recorded_at": row["recorded_at"].isoformat()}])
    assert answer["duplicates"] == [str(request_id)]
    arrived = await LeaveRequest.select().run()
    assert [(r["status"], r["event_date"], r["pregnancy_months"]) for r in arrived] == [("pending", D(2026, 11, 30), 3)]
    assert await ApprovalItem.count().run() == 1
    _, headers = await _enrolled(client, "gate-2")
    pulled = (await client.get("/api/sync/pull", headers=headers, params={"cursor": 0, "limit": 500})).json()
    back = pulled["changes"]["leave_request"]
    assert [row["status"] for row in back] == ["pending"]
    assert "pregnancy_months" not in back[0] and "event_date" not in back[0]  # health data stays at the office
    with pytest.raises(Refused):  # the same miscarriage: 15 days in all, all asked for at the node
        await ask(cast, "maternity", D(2027, 1, 11), D(2027, 1, 11), D(2026, 11, 30), pregnancy_months=3)


async def test_an_older_node_s_fact_without_the_new_fields_still_applies(client, cast, plant):
    event = {
        "id": "0190a3c0-0000-7000-8000-0000000000cc",
        "seq": 1,
        "kind": "leave_request",
        "recorded_at": "2026-11-24T08:00:00+00:00",
        "payload": {
            "employee": cast.worker,
            "employee_code": "W0001",
            "type_code": "marriage",
            "first": "2026-12-07",
            "last": "2026-12-08",
            "half_first": False,
            "half_last": False,
        },
    }
    answer = await _push_from(client, "gate-1", [event])
    assert answer["duplicates"] == [event["id"]]
    row = await LeaveRequest.select().first().run()
    assert (row["status"], row["event_date"], row["pregnancy_months"]) == ("pending", None, None)
    with pytest.raises(Refused):  # its wedding is found by the window: 2 + 2 days are more than 3
        await ask(cast, "marriage", D(2026, 12, 14), D(2026, 12, 15), D(2026, 12, 5))
