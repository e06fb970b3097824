"""Missing-punch corrections: the supervisor of line A asks, line B's is refused, HR approves, the day is whole."""

from __future__ import annotations

import json
from datetime import date

import pytest

from app.attendance.days.compute import recompute_days
from app.attendance.scans import sync_facts as scan_sync
from app.attendance.tables import AttendanceDay, PunchCorrection, Scan
from app.audit.tables import AuditLog
from app.sync import outbox
from app.sync.tables import OutboxEvent
from tests.attendance.factories import PLANT, local, make_pattern, make_scan, make_shift, weekdays
from tests.cast import htmx_target, post_form, sign_in

MONDAY = date(2026, 3, 2)


@pytest.fixture
async def forgot_to_clock_out(cast) -> None:
    """W0001 on line A's day shift clocked in on Monday and never out."""
    shift = await make_shift("D", "早班", "08:00", "17:00", [["12:00", "13:00"]])
    await make_pattern(weekdays(shift), department_id=cast.line_a)
    await make_scan(cast.worker, "2026-03-02 07:57")
    await recompute_days(None, MONDAY, MONDAY, PLANT)


def missing_out(cast, **values) -> dict:
    return {
        "employee_id": str(cast.worker),
        "date": "2026-03-02",
        "time": "17:02",
        "direction": "out",
        "reason": "打卡机排队，忘记打卡",
        **values,
    }


async def monday(cast) -> dict:
    return (
        await AttendanceDay.select()
        .where((AttendanceDay.employee == cast.worker) & (AttendanceDay.work_date == MONDAY))
        .first()
        .run()
    )


async def test_the_supervisor_of_line_a_asks_and_hr_approves_and_the_day_becomes_present(
    client, cast, forgot_to_clock_out
):
    assert (await monday(cast))["status"] == "missing_punch"
    await sign_in(client, "sup-a")
    page = await client.get("/attendance/corrections")
    assert "张伟" in page.text and "李红梅" not in page.text  # only line A's people to choose from
    await post_form(client, "/attendance/corrections", missing_out(cast))
    request = await PunchCorrection.select().first().run()
    assert request["status"] == "pending" and request["work_date"] == MONDAY
    assert (await monday(cast))["status"] == "missing_punch"  # nothing changes before HR decides

    await client.post("/logout", data={"_csrf_token": client.cookies.get("floorhr_csrf")})
    await sign_in(client, "hr")
    response = await post_form(client, f"/attendance/corrections/{request['id']}/approve", {})
    assert response.status_code == 200
    scan = await Scan.select().where(Scan.source == "correction").first().run()
    assert scan["node_id"] == "office" and scan["outcome"] == "punch" and scan["id"].version == 7
    assert scan["scanned_at"] == local("2026-03-02 17:02") and scan["employee"] == cast.worker
    day = await monday(cast)
    assert day["status"] == "present" and day["last_out"] == local("2026-03-02 17:02")
    decided = await PunchCorrection.select().first().run()
    assert decided["status"] == "approved" and decided["scan"] == scan["id"]
    assert decided["decided_by"] == cast.hr_admin_user
    actions = {
        row["action"]: row["actor"]
        for row in await AuditLog.select().where(AuditLog.entity == "punch_correction").run()
    }
    assert actions == {"punch_correction.request": "sup-a", "punch_correction.approve": "hr"}


async def test_the_supervisor_of_line_b_is_refused_for_line_as_worker(client, cast, forgot_to_clock_out):
    await sign_in(client, "sup-b")
    response = await post_form(client, "/attendance/corrections", missing_out(cast))
    assert response.status_code == 403 and "本班组" in response.text
    assert await PunchCorrection.count().run() == 0


async def test_a_supervisor_cannot_approve_a_correction(client, cast, forgot_to_clock_out):
    await sign_in(client, "sup-a")
    await post_form(client, "/attendance/corrections", missing_out(cast))
    request = await PunchCorrection.select(PunchCorrection.id).first().run()
    response = await post_form(client, f"/attendance/corrections/{request['id']}/approve", {})
    assert response.status_code == 403
    assert await Scan.count().where(Scan.source == "correction").run() == 0


async def test_hr_rejects_a_request_and_nothing_is_punched(client, cast, forgot_to_clock_out):
    await sign_in(client, "hr")
    await post_form(client, "/attendance/corrections", missing_out(cast))
    request = await PunchCorrection.select(PunchCorrection.id).first().run()
    await post_form(client, f"/attendance/corrections/{request['id']}/reject", {})
    again = await post_form(client, f"/attendance/corrections/{request['id']}/approve", {})
    assert again.status_code == 403  # decided already
    assert (await PunchCorrection.select().first().run())["status"] == "rejected"
    assert await Scan.count().where(Scan.source == "correction").run() == 0


async def test_a_bad_request_comes_back_with_messages_in_place(client, cast, forgot_to_clock_out):
    await sign_in(client, "sup-a")
    bad = missing_out(cast, time="25:00", reason="", direction="sideways")
    response = await post_form(client, "/attendance/corrections", bad, headers=htmx_target("correction-form"))
    assert response.status_code == 422 and "<html" not in response.text
    assert "请说明缺卡原因" in response.text and "请按 时:分" in response.text
    assert await PunchCorrection.count().run() == 0


async def test_a_night_shifts_missing_morning_clock_out_belongs_to_the_evening_before(client, cast):
    night = await make_shift("N", "夜班", "22:00", "06:00")
    await make_pattern(weekdays(night), employee_id=cast.worker)
    await make_scan(cast.worker, "2026-03-02 21:55")
    await sign_in(client, "sup-a")
    await post_form(client, "/attendance/corrections", missing_out(cast, date="2026-03-03", time="06:01"))
    assert (await PunchCorrection.select().first().run())["work_date"] == MONDAY


async def test_on_a_kiosk_node_an_approved_correction_goes_to_the_office_with_the_workers_code(
    client, cast, forgot_to_clock_out
):
    """The correction's scan is a fact like any other: a node that records one queues it for the office."""
    await sign_in(client, "hr")
    await post_form(client, "/attendance/corrections", missing_out(cast))
    request = await PunchCorrection.select().first().run()
    outbox.configure("kiosk")
    try:
        response = await post_form(client, f"/attendance/corrections/{request['id']}/approve", {})
    finally:
        outbox.configure("office")
    assert response.status_code == 200
    scan = await Scan.select().where(Scan.source == "correction").first().run()
    assert scan is not None and scan["employee"] == cast.worker and scan["direction"] == "out"
    event = await OutboxEvent.select().where(OutboxEvent.id == scan["id"]).first().run()
    payload = json.loads(event["payload"]) if isinstance(event["payload"], str) else event["payload"]
    assert event["kind"] == "scan" and payload["employee_code"] == "W0001" and payload["source"] == "correction"
    assert scan_sync._problem(payload) == ""  # the office's applier takes it
    assert (await monday(cast))["status"] == "present"
