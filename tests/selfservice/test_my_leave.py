"""Leave on My page: the worker sees what is left and their requests, asks from the kiosk visit or a linked phone with
the kiosk's and the office's rules and messages, and the request waits in the approvals inbox."""

from __future__ import annotations

from app.approvals.tables import ApprovalItem
from app.leave.tables import LeaveRequest
from tests.cast import make_employee, post_form, sign_in
from tests.leave.factories import head_of_line_a, line_a_on_day_shift, years_worked
from tests.selfservice.helpers import activate_kiosk, open_my_page, ready_worker
from tests.selfservice.test_phones import a_phone, link


async def _on_my_page(client, cast, settings, years: int = 8) -> None:
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, years)
    payload = await ready_worker(cast.worker, settings)
    await activate_kiosk(client)
    response = await open_my_page(client, payload)
    assert response.status_code == 200


async def test_my_page_shows_the_balance_and_an_empty_state_that_says_what_to_do(client, cast, settings):
    await _on_my_page(client, cast, settings)
    page = (await client.get("/me")).text
    assert 'id="leave"' in page and "我的假期" in page
    assert "年休假剩余：5 天" in page  # 8 years worked, at the plant since before this year
    assert "还没有请过假" in page


async def test_the_worker_asks_for_annual_leave_with_a_half_day_and_it_waits_in_the_inbox(client, cast, settings):
    await _on_my_page(client, cast, settings)
    await head_of_line_a(cast)
    other = await make_employee("W0999", "别人", cast.line_a)
    response = await post_form(
        client,
        "/me/leave",
        {
            "employee_id": str(other),  # ignored: the worker is the session's
            "type_code": "annual",
            "first": "2026-12-07",  # Monday
            "last": "2026-12-08",
            "half_last": "1",
            "reason": "回老家",
        },
    )
    assert response.status_code == 200
    request = await LeaveRequest.select().first().run()
    assert (request["employee"], request["type_code"], request["halves"], request["status"]) == (
        cast.worker,
        "annual",
        3,
        "pending",
    )
    assert (request["source"], request["reason"]) == ("phone", "回老家")
    item = await ApprovalItem.select().first().run()
    assert (item["kind"], item["ref"], item["employee"], item["status"]) == (
        "leave",
        str(request["id"]),
        cast.worker,
        "pending",
    )
    assert "年休假" in response.text and "1.5" in response.text and "待审批" in response.text
    await sign_in(client, "head-a")
    assert "回老家" in (await client.get("/approvals")).text


async def test_more_annual_leave_than_is_left_is_refused_with_the_offices_message(client, cast, settings):
    await _on_my_page(client, cast, settings)
    response = await post_form(
        client, "/me/leave", {"type_code": "annual", "first": "2026-12-01", "last": "2026-12-31"}
    )
    assert response.status_code == 422
    assert "年休假不足" in response.text and 'id="leave"' in response.text
    assert "2026-12-31" in response.text  # the dates the worker typed stay in the form
    assert await LeaveRequest.count().run() == 0 and await ApprovalItem.count().run() == 0


async def test_dates_without_a_working_day_and_a_bad_date_are_refused_in_chinese(client, cast, settings):
    await _on_my_page(client, cast, settings)
    weekend = await post_form(
        client, "/me/leave", {"type_code": "personal", "first": "2026-12-05", "last": "2026-12-06"}
    )
    assert weekend.status_code == 422 and "没有工作日" in weekend.text
    bad = await post_form(client, "/me/leave", {"type_code": "personal", "first": "2026-13-40"})
    assert bad.status_code == 422
    unknown = await post_form(client, "/me/leave", {"type_code": "holiday", "first": "2026-12-07"})
    assert unknown.status_code == 422 and "请选择假期类型" in unknown.text
    assert await LeaveRequest.count().run() == 0


async def test_a_linked_phone_asks_for_leave_and_without_a_session_nothing_is_asked(app, client, cast, settings):
    await _on_my_page(client, cast, settings)
    code = (await post_form(client, "/phone/new", {})).text.split("/phone/link/")[1].split('"')[0].split("<")[0]
    async with a_phone(app) as phone:
        assert (await link(phone, code)).status_code == 200
        response = await post_form(phone, "/me/leave", {"type_code": "personal", "first": "2026-12-09"})
        assert response.status_code == 200 and "事假" in response.text
    async with a_phone(app) as stranger:
        await stranger.get("/me/start")
        refused = await post_form(
            stranger,
            "/me/leave",
            {"type_code": "personal", "first": "2026-12-10"},
        )
        assert refused.status_code in (303, 200) and "/me/start" in str(refused.url)
    assert await LeaveRequest.count().run() == 1


async def test_a_woman_asks_for_maternity_leave_on_my_page_with_the_offices_birth_fields(client, cast, settings):
    from datetime import date

    from app.people.tables import Employee

    await Employee.update({Employee.gender: "F"}).where(Employee.id == cast.worker).run()
    await _on_my_page(client, cast, settings)
    page = (await client.get("/me")).text
    assert 'name="difficult"' in page and 'name="babies"' in page and 'name="pregnancy_months"' in page
    form = {"type_code": "maternity", "first": "2026-12-01", "last": "", "event_date": "2026-12-10"}
    bad = await post_form(client, "/me/leave", {**form, "babies": "0"})
    assert bad.status_code == 422 and "请输入 1 到 9 之间的整数" in bad.text and 'value="0"' in bad.text
    assert await LeaveRequest.count().run() == 0
    response = await post_form(client, "/me/leave", {**form, "difficult": "1", "babies": "2"})
    assert response.status_code == 200
    row = await LeaveRequest.select().first().run()  # 98 + 15 (difficult birth) + 15 (a second baby) calendar days
    assert (row["last_day"], row["halves"], row["source"]) == (date(2027, 4, 7), 256, "phone")


async def test_a_miscarriage_asked_on_my_page_runs_15_days_before_4_months(client, cast, settings):
    from datetime import date

    from app.people.tables import Employee

    await Employee.update({Employee.gender: "F"}).where(Employee.id == cast.worker).run()
    await _on_my_page(client, cast, settings)
    form = {
        "type_code": "maternity",
        "first": "2026-12-01",
        "last": "",
        "pregnancy_months": "3",
        "event_date": "2026-11-30",
    }
    assert (await post_form(client, "/me/leave", form)).status_code == 200
    row = await LeaveRequest.select().first().run()
    assert (row["last_day"], row["halves"]) == (date(2026, 12, 15), 30)


async def test_my_page_asks_the_date_of_the_death_for_bereavement_leave(client, cast, settings):
    from datetime import date

    await _on_my_page(client, cast, settings)
    assert 'name="event_date"' in (await client.get("/me")).text
    form = {"type_code": "bereavement", "first": "2026-12-07", "last": "2026-12-08"}
    missing = await post_form(client, "/me/leave", form)
    assert missing.status_code == 422 and "请填写本次请假事由的日期" in missing.text
    far = await post_form(client, "/me/leave", {**form, "event_date": "2027-03-01"})
    assert far.status_code == 422 and "请假开始日期须在事由日期前 30 天以内" in far.text
    assert await LeaveRequest.count().run() == 0
    assert (await post_form(client, "/me/leave", {**form, "event_date": "2026-12-05"})).status_code == 200
    row = await LeaveRequest.select().first().run()
    assert (row["event_date"], row["source"], row["halves"]) == (date(2026, 12, 5), "phone", 4)
