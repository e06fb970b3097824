"""Exits: notice, the last day, badges revoked after it, HR's settlement checklist, the certificate."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import date, timedelta

from litestar.testing import AsyncTestClient

from app.badges.tables import Credential
from app.people.exits import service as exits
from app.people.tables import Employee, EmploymentEvent, Separation
from app.timeutil import local_today, utcnow
from tests.cast import htmx_target, make_employee, make_position, post_form, sign_in


async def _badge(employee_id: int, serial: int = 1, revoked: bool = False) -> int:
    credential = Credential(
        employee=employee_id,
        kind="qr",
        value=f"FHR1.X.{serial}",
        serial=serial,
        issued_at=utcnow(),
        revoked_at=utcnow() if revoked else None,
        change_no=serial,
    )
    await credential.save().run()
    return credential.id


async def _employee(employee_id: int) -> dict:
    return await Employee.select().where(Employee.id == employee_id).first().run()


def _exit_form(reason: str, notice: date, last_day: date, **extra) -> dict:
    return {
        "reason": reason,
        "notice_date": notice.isoformat(),
        "last_day": last_day.isoformat(),
        "contract_start": "2024-03-01",
        "contract_end": "2027-02-28",
        **extra,
    }


async def test_a_resignation_with_too_short_notice_is_refused_naming_the_earliest_day(client, cast, settings):
    today = local_today(settings.zone)
    await sign_in(client, "hr")
    form = _exit_form("resignation", today, today + timedelta(days=10))
    response = await post_form(client, f"/people/{cast.worker}/exit", form, headers=htmx_target("exit-form"))
    assert response.status_code == 422 and "<html" not in response.text
    assert "最早为" in response.text and str((today + timedelta(days=30)).year) in response.text
    assert (await _employee(cast.worker))["last_day"] is None


async def test_the_plant_may_release_a_resigning_worker_earlier_when_hr_ticks_it(client, cast, settings):
    today = local_today(settings.zone)
    await sign_in(client, "hr")
    form = _exit_form("resignation", today, today + timedelta(days=10), early_release="1")
    response = await post_form(client, f"/people/{cast.worker}/exit", form)
    assert response.status_code == 200 and (await _employee(cast.worker))["last_day"] == today + timedelta(days=10)


async def test_exit_on_a_date_revokes_the_badge_after_that_day(client, cast, settings):
    today = local_today(settings.zone)
    badge = await _badge(cast.worker, serial=3)
    await sign_in(client, "hr")
    await post_form(client, f"/people/{cast.worker}/exit", _exit_form("resignation", today - timedelta(days=30), today))
    row = await _employee(cast.worker)
    assert row["last_day"] == today and row["status"] == "active"  # the badge works through the last day

    assert await exits.apply_due_exits(today) == []
    assert await exits.apply_due_exits(today + timedelta(days=1)) == [cast.worker]

    assert (await _employee(cast.worker))["status"] == "left"
    credential = await Credential.select().where(Credential.id == badge).first().run()
    assert credential["revoked_at"] is not None and credential["revoked_reason"] == "left"
    assert credential["change_no"] > row["change_no"]  # newer than the exit itself: kiosks pull it next
    assert await Separation.select(Separation.status).first().run() == {"status": "left"}
    assert await exits.apply_due_exits(today + timedelta(days=2)) == []  # nothing twice


async def test_a_dismissal_whose_last_day_has_passed_applies_at_once(client, cast, settings):
    today = local_today(settings.zone)
    active, old = await _badge(cast.worker, 2), await _badge(cast.worker, 1, revoked=True)
    await sign_in(client, "hr")
    response = await post_form(
        client,
        f"/people/{cast.worker}/exit",
        _exit_form("dismissal", today - timedelta(days=3), today - timedelta(days=1)),
    )
    assert response.status_code == 200 and "已离职，工牌已吊销" in response.text
    assert (await _employee(cast.worker))["status"] == "left"
    revoked = {row["id"]: row["revoked_reason"] for row in await Credential.select().run()}
    assert revoked[active] == "left" and revoked[old] == ""  # an old revocation keeps its own reason


async def test_the_certificate_states_term_end_post_and_years_and_no_reason(client, cast):
    welder = await make_position("焊工", cast.line_a)
    await Employee.update({Employee.position: welder}).where(Employee.id == cast.worker).run()
    await sign_in(client, "hr")
    note = "多次迟到"
    await post_form(
        client, f"/people/{cast.worker}/exit", _exit_form("dismissal", date(2026, 2, 1), date(2026, 2, 28), note=note)
    )
    response = await client.get(f"/people/{cast.worker}/exit/certificate")
    assert response.status_code == 200
    text = response.text
    assert "解除劳动合同证明" in text and "张伟" in text
    assert "2024年3月1日" in text and "2027年2月28日" in text  # the contract term
    assert "2026年2月28日" in text  # the end date
    assert "装配A线" in text and "焊工" in text  # the post
    assert "2 年 0 个月" in text  # years of service: 2024-03-01 through 2026-02-28
    assert "辞退" not in text and "dismissal" not in text and note not in text
    assert "layouts" not in text and "<nav" not in text  # a printable page, not the office frame


async def test_a_contract_that_ran_its_course_gets_an_end_certificate_open_ended_shown(client, cast):
    await sign_in(client, "hr")
    form = {**_exit_form("contract_end", date(2026, 1, 1), date(2026, 2, 28)), "contract_end": ""}
    await post_form(client, f"/people/{cast.worker}/exit", form)
    text = (await client.get(f"/people/{cast.worker}/exit/certificate")).text
    assert "终止劳动合同证明" in text and "无固定期限" in text and "合同到期" not in text


async def test_hr_ticks_the_settlement_checklist_in_place(client, cast, settings):
    today = local_today(settings.zone)
    await sign_in(client, "hr")
    await post_form(client, f"/people/{cast.worker}/exit", _exit_form("resignation", today - timedelta(days=30), today))
    response = await post_form(
        client,
        f"/people/{cast.worker}/exit/settlement",
        {"item": "badge_returned", "done": "1"},
        headers=htmx_target("settlement"),
    )
    assert response.status_code == 200 and "<html" not in response.text and 'id="settlement"' in response.text
    record = await exits.current_exit(cast.worker)
    assert record.settlement["badge_returned"]["by"] == "hr" and not record.settled
    for item in ("final_wages_paid", "equipment_returned", "contract_archived", "social_insurance_stopped"):
        await post_form(client, f"/people/{cast.worker}/exit/settlement", {"item": item, "done": "1"})
    assert (await exits.current_exit(cast.worker)).settled


async def test_a_withdrawn_resignation_clears_the_last_day(client, cast, settings):
    today = local_today(settings.zone)
    await sign_in(client, "hr")
    await post_form(client, f"/people/{cast.worker}/exit", _exit_form("resignation", today, today + timedelta(days=30)))
    response = await post_form(client, f"/people/{cast.worker}/exit/withdraw", {})
    assert response.status_code == 200 and "撤回离职" in response.text
    assert (await _employee(cast.worker))["last_day"] is None and await exits.current_exit(cast.worker) is None
    events = await EmploymentEvent.select(EmploymentEvent.kind).order_by(EmploymentEvent.id).run()
    kinds = [row["kind"] for row in events]
    assert kinds == ["exit", "exit_withdrawn"]


async def test_the_server_applies_due_exits_when_it_starts(app, database_url):
    leaver = await make_employee("W0300", "周末", last_day=date(2020, 1, 31))
    badge = await _badge(leaver)
    async with AsyncTestClient(app=app):
        for _ in range(100):
            if (await _employee(leaver))["status"] == "left":
                break
            await asyncio.sleep(0.05)
    assert (await _employee(leaver))["status"] == "left"
    assert (await Credential.select(Credential.revoked_reason).where(Credential.id == badge).first().run()) == {
        "revoked_reason": "left"
    }


async def test_the_command_line_applies_due_exits(database_url, tmp_path):
    leaver = await make_employee("W0301", "钱多", last_day=date(2026, 3, 31))
    env = {**os.environ, "FLOORHR_DATABASE_URL": database_url, "FLOORHR_DATA_DIR": str(tmp_path)}
    command = [sys.executable, "-m", "app.cli", "exits", "apply", "--today"]
    early = subprocess.run([*command, "2026-03-31"], env=env, capture_output=True, text=True, timeout=120)
    assert early.returncode == 0 and "0 employees left" in early.stdout
    done = subprocess.run([*command, "2026-04-01"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "1 employees left" in done.stdout
    assert (await _employee(leaver))["status"] == "left"


async def test_a_leavers_badge_punches_on_the_last_day_and_is_refused_at_the_office_kiosk_after_it(
    client, cast, settings
):
    """The office half of 'exit on a date revokes the badge after that day' (the kiosk node's copy
    follows through sync, which pulls credentials by change_no: see the exit test above)."""
    from datetime import datetime, time

    from app.attendance.scans.service import record_scan
    from app.audit.service import SYSTEM
    from app.badges import service as badges

    last_day = local_today(settings.zone)  # a last day in the past would apply at once
    badge = await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)
    await sign_in(client, "hr")
    await post_form(
        client, f"/people/{cast.worker}/exit", _exit_form("resignation", last_day - timedelta(days=30), last_day)
    )

    def at(day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), settings.zone)

    worked = await record_scan(
        badge.payload, "office", at(last_day, 8), "kiosk", secret=settings.secret_key, zone=settings.zone
    )
    assert (worked.outcome, worked.reason) == ("punch", "")  # the last day is still a working day
    assert await exits.apply_due_exits(last_day + timedelta(days=1)) == [cast.worker]
    after = await record_scan(
        badge.payload,
        "office",
        at(last_day + timedelta(days=1), 8),
        "kiosk",
        secret=settings.secret_key,
        zone=settings.zone,
    )
    assert after.outcome == "refused" and after.reason in ("revoked", "left")
