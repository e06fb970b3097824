"""Leave requests: a supervisor enters annual leave, the department head approves from the inbox, HR above 3 days;
overlaps and a missing balance are refused; leave not started can be cancelled; HR records leave after the fact."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.approvals.tables import ApprovalItem
from app.attendance.days.compute import recompute_days
from app.attendance.tables import AttendanceDay
from app.audit.tables import AuditLog
from app.leave.tables import LeaveBalance, LeaveRequest
from app.people.tables import Employee
from tests.attendance.factories import PLANT
from tests.cast import htmx_target, post_form, sign_in
from tests.leave.factories import head_of_line_a, line_a_on_day_shift, years_worked


@pytest.fixture
async def plant(cast):
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 8)  # 5 days of annual leave a year
    return await head_of_line_a(cast)


def annual(cast, first: str, last: str, **more) -> dict:
    return {"employee_id": str(cast.worker), "type_code": "annual", "first": first, "last": last, **more}


async def sign_out(client) -> None:
    await client.post("/logout", data={"_csrf_token": client.cookies.get("floorhr_csrf")})


async def test_the_supervisor_enters_leave_and_the_department_head_approves_it(client, cast, plant):
    await sign_in(client, "sup-a")
    response = await post_form(client, "/leave", annual(cast, "2026-11-30", "2026-12-01", reason="回老家"))
    assert response.status_code in (200, 303)
    request = await LeaveRequest.select().first().run()
    assert (request["status"], request["halves"], request["source"]) == ("pending", 4, "office")
    item = await ApprovalItem.select().first().run()
    assert item["kind"] == "leave" and item["ref"] == str(request["id"]) and item["status"] == "pending"

    await sign_out(client)
    await sign_in(client, "head-a")
    inbox = await client.get("/approvals")
    assert inbox.status_code == 200 and "张伟" in inbox.text and "年休假" in inbox.text
    response = await post_form(client, f"/approvals/{item['id']}/approve", {})
    assert response.status_code in (200, 303)
    assert (await LeaveRequest.select().first().run())["status"] == "approved"
    balance = await LeaveBalance.select().where(LeaveBalance.employee == cast.worker).first().run()
    assert (balance["annual_halves"], balance["annual_taken_halves"]) == (10, 4)
    page = await client.get(f"/leave/people/{cast.worker}")
    assert 'id="annual-left">3<' in page.text


async def test_more_than_three_days_go_on_to_hr_after_the_head(client, cast, plant):
    await sign_in(client, "sup-a")
    await post_form(client, "/leave", annual(cast, "2026-11-30", "2026-12-03"))
    item = await ApprovalItem.select().first().run()
    await sign_out(client)
    await sign_in(client, "sup-b")
    assert (await post_form(client, f"/approvals/{item['id']}/approve", {})).status_code == 403
    await sign_out(client)
    await sign_in(client, "head-a")
    await post_form(client, f"/approvals/{item['id']}/approve", {})
    assert (await LeaveRequest.select().first().run())["status"] == "pending"  # now waiting for HR
    assert "张伟" not in (await client.get("/approvals")).text
    await sign_out(client)
    await sign_in(client, "hr")
    await post_form(client, f"/approvals/{item['id']}/approve", {})
    assert (await LeaveRequest.select().first().run())["status"] == "approved"


async def test_a_rejection_needs_a_reason_and_keeps_it(client, cast, plant):
    await sign_in(client, "sup-a")
    await post_form(client, "/leave", annual(cast, "2026-11-30", "2026-11-30"))
    item = await ApprovalItem.select().first().run()
    await sign_out(client)
    await sign_in(client, "head-a")
    refused = await post_form(
        client, f"/approvals/{item['id']}/reject", {"reason": ""}, headers=htmx_target("approval-items")
    )
    assert refused.status_code == 422 and "<html" not in refused.text
    await post_form(client, f"/approvals/{item['id']}/reject", {"reason": "月底赶货"})
    request = await LeaveRequest.select().first().run()
    assert (request["status"], request["decision_reason"]) == ("rejected", "月底赶货")


async def test_an_overlap_and_too_much_annual_leave_are_refused_in_the_users_language(client, cast, plant):
    await sign_in(client, "sup-a")
    await post_form(client, "/leave", annual(cast, "2026-11-30", "2026-12-01"))
    overlap = await post_form(
        client, "/leave", annual(cast, "2026-12-01", "2026-12-02"), headers=htmx_target("leave-form")
    )
    assert overlap.status_code == 422 and "已有请假" in overlap.text and "<html" not in overlap.text
    too_much = await post_form(client, "/leave", annual(cast, "2026-12-07", "2026-12-11"))
    assert too_much.status_code == 422 and "年休假不足" in too_much.text
    bad = await post_form(client, "/leave", annual(cast, "2026-12-09", "2026-12-08"))
    assert bad.status_code == 422, bad.text[-3000:]
    assert await LeaveRequest.count().run() == 1


async def test_leave_over_a_weekend_counts_only_working_days(client, cast, plant):
    await sign_in(client, "sup-a")
    await post_form(client, "/leave", annual(cast, "2026-12-04", "2026-12-07", half_first="1"))  # Fri noon to Mon
    assert (await LeaveRequest.select().first().run())["halves"] == 3


async def test_leave_not_started_can_be_cancelled_and_the_inbox_empties(client, cast, plant):
    await sign_in(client, "sup-a")
    await post_form(client, "/leave", annual(cast, "2026-11-30", "2026-11-30"))
    request = await LeaveRequest.select().first().run()
    await post_form(client, f"/leave/requests/{request['id']}/cancel", {})
    assert (await LeaveRequest.select().first().run())["status"] == "cancelled"
    assert (await ApprovalItem.select().first().run())["status"] == "cancelled"


async def test_hr_records_leave_after_the_fact_and_the_absent_days_become_that_leave(client, cast, plant):
    await recompute_days(None, date(2026, 11, 16), date(2026, 11, 17), PLANT)
    day = await AttendanceDay.select().where(AttendanceDay.work_date == date(2026, 11, 16)).first().run()
    assert day["status"] == "absent"
    await sign_in(client, "hr")
    await post_form(client, "/leave", {**annual(cast, "2026-11-16", "2026-11-17"), "type_code": "sick", "record": "1"})
    request = await LeaveRequest.select().first().run()
    assert (request["status"], request["source"]) == ("approved", "record")
    days = (
        await AttendanceDay.select()
        .where(AttendanceDay.employee == cast.worker)
        .order_by(AttendanceDay.work_date)
        .run()
    )
    assert [(d["status"], d["leave_code"]) for d in days] == [("leave", "sick"), ("leave", "sick")]
    assert await AuditLog.exists().where(AuditLog.action == "leave.record").run()
    page = await client.get("/attendance/days?from=2026-11-16&to=2026-11-17")
    assert page.status_code == 200 and "休假" in page.text and "病假" in page.text
    exceptions = await client.get("/attendance/exceptions?from=2026-11-16&to=2026-11-17")
    assert "张伟" not in exceptions.text  # the absence report leaves explained days out
    assert await ApprovalItem.count().run() == 0


async def test_leave_started_cannot_be_cancelled(client, cast, plant):
    await sign_in(client, "hr")
    await post_form(client, "/leave", {**annual(cast, "2026-11-24", "2026-11-26"), "record": "1"})
    request = await LeaveRequest.select().first().run()
    response = await post_form(client, f"/leave/requests/{request['id']}/cancel", {})
    assert response.status_code == 422
    assert (await LeaveRequest.select().first().run())["status"] == "approved"


async def test_a_photo_of_the_doctor_s_note_is_uploaded_and_a_renamed_file_refused(client, cast, plant, settings):
    await sign_in(client, "sup-a")
    await post_form(client, "/leave", {**annual(cast, "2026-11-30", "2026-11-30"), "type_code": "sick"})
    request = await LeaveRequest.select().first().run()
    assert "缺少证明" in (await client.get("/leave")).text
    token = {"_csrf_token": client.cookies.get("floorhr_csrf")}
    fake = await client.post(
        f"/leave/requests/{request['id']}/evidence",
        data=token,
        files={"file": ("note.jpg", b"MZ\x90\x00 not a photo", "image/jpeg")},
    )
    assert fake.status_code == 422 and "JPEG" in fake.text
    photo = b"\xff\xd8\xff\xe0" + b"\x00" * 200
    done = await client.post(
        f"/leave/requests/{request['id']}/evidence", data=token, files={"file": ("病假条.jpg", photo, "image/jpeg")}
    )
    assert done.status_code in (200, 303)
    stored = (await LeaveRequest.select().first().run())["evidence"]
    assert stored.endswith(".jpg") and (settings.data_dir / "leave-evidence" / stored).read_bytes() == photo
    shown = await client.get(f"/leave/requests/{request['id']}/evidence")
    assert shown.status_code == 200 and shown.content == photo
    assert await AuditLog.exists().where(AuditLog.action == "leave.evidence").run()


async def a_woman(employee_id: int) -> None:
    await Employee.update({Employee.gender: "F"}).where(Employee.id == employee_id).run()


async def test_maternity_leave_goes_to_hr_alone_in_calendar_days(client, cast, plant):
    await a_woman(cast.worker)
    await sign_in(client, "sup-a")
    await post_form(
        client,
        "/leave",
        {**annual(cast, "2026-12-01", "2027-03-08"), "type_code": "maternity", "event_date": "2026-12-10"},
    )
    request = await LeaveRequest.select().first().run()
    assert request["halves"] == 98 * 2  # 98 calendar days (Special Rules art. 7)
    item = await ApprovalItem.select().output(load_json=True).first().run()
    assert item["steps"] == [{"role": "hr", "employee": None}]


async def test_maternity_leave_without_a_last_day_runs_98_days_plus_15_for_twins(client, cast, plant):
    await a_woman(cast.worker)
    await sign_in(client, "hr")
    await post_form(
        client,
        "/leave",
        {
            "employee_id": str(cast.worker),
            "type_code": "maternity",
            "first": "2026-12-01",
            "last": "",
            "babies": "2",
            "event_date": "2026-12-12",
        },
    )
    request = await LeaveRequest.select().first().run()
    assert request["last_day"] == date(2026, 12, 1) + timedelta(days=113 - 1)
