"""PIPL access request: one download with the person's rows from every table that points at them."""

from __future__ import annotations

import json
from datetime import date

from app.attendance.tables import AttendanceDay, PunchCorrection
from app.audit.tables import AuditLog
from app.badges.tables import Credential, KioskPin
from app.people.tables import Separation
from app.timeutil import utcnow
from tests.cast import make_employee, make_user, sign_in


async def _history_of(worker: int, other: int) -> None:
    now = utcnow()
    for employee, value in ((worker, "FHR1.SECRET.1"), (other, "FHR1.OTHER.1")):
        await Credential(employee=employee, kind="qr", value=value, serial=1, issued_at=now).save().run()
    await KioskPin(employee=worker, pin_hash="argon2-hash-of-pin").save().run()
    await (
        AttendanceDay(
            employee=worker, work_date=date(2026, 3, 2), status="present", worked_minutes=480, computed_at=now
        )
        .save()
        .run()
    )
    await AttendanceDay(employee=other, work_date=date(2026, 3, 2), status="absent", computed_at=now).save().run()
    await (
        PunchCorrection(employee=worker, work_date=date(2026, 3, 2), at=now, direction="in", reason="忘记打卡")
        .save()
        .run()
    )
    await (
        Separation(
            employee=worker,
            reason="resignation",
            notice_date=date(2026, 3, 1),
            last_day=date(2026, 3, 31),
            created_at=now,
        )
        .save()
        .run()
    )
    await make_user("w-login", "supervisor", worker)


async def test_the_export_holds_the_persons_rows_from_each_table_and_no_one_elses(client, cast):
    other = await make_employee("W0002", "李四", cast.line_a)
    await _history_of(cast.worker, other)
    await sign_in(client, "hr")
    response = await client.get(f"/people/{cast.worker}/personal-data")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    data = json.loads(response.content)
    assert data["employee"]["name"] == "张伟" and data["employee"]["phone"] == "13800138000"
    tables = data["tables"]
    assert [row["work_date"] for row in tables["attendance_day.employee"]] == ["2026-03-02"]
    assert [row["status"] for row in tables["attendance_day.employee"]] == ["present"]  # not 李四's absence
    assert tables["punch_correction.employee"][0]["reason"] == "忘记打卡"
    assert tables["separation.employee"][0]["reason"] == "resignation"
    assert tables["floorhr_user.employee"][0]["username"] == "w-login"
    assert len(tables["credential.employee"]) == 1 and tables["credential.employee"][0]["value"] == "(withheld)"
    assert tables["kiosk_pin.employee"][0]["pin_hash"] == "(withheld)"
    assert tables["floorhr_user.employee"][0]["password_hash"] == "(withheld)"
    for table in ("scan.employee", "quiz_attempt.employee", "employment_event.employee"):
        assert table in tables  # every table pointing at a person is listed, empty or not
    assert "FHR1.SECRET" not in response.text and "FHR1.OTHER" not in response.text and "李四" not in response.text


async def test_the_export_is_audited_and_only_hr_may_download(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get(f"/people/{cast.worker}/personal-data")).status_code == 403
    await sign_in(client, "hr")
    assert (await client.get(f"/people/{cast.worker}/personal-data")).status_code == 200
    entry = await AuditLog.select().where(AuditLog.action == "employee.personal_data_export").first().run()
    assert entry["actor"] == "hr" and entry["entity_id"] == str(cast.worker)
    assert (await client.get("/people/999999/personal-data")).status_code == 404
