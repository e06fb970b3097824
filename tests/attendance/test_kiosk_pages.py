"""The kiosk page: only activated browsers may scan; a scan answers with the result widget; camera results poll in."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime, timedelta

from app.attendance.scans.service import record_scan
from app.attendance.tables import Scan, Shift, ShiftAssignment
from app.audit.service import SYSTEM
from app.auth.tables import Device, Session
from app.badges import service as badges
from app.timeutil import utcnow
from tests.cast import htmx_target, post_form, sign_in

RESULT = htmx_target("punch-result")


async def activate(client, name: str = "一号门") -> None:
    await sign_in(client, "hr")
    await client.get("/kiosks")
    response = await post_form(client, "/kiosks", {"name": name})
    assert response.status_code == 200 and 'id="scan-text"' in response.text


async def test_a_browser_that_was_not_activated_cannot_scan(client, cast, settings):
    payload = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    page = await client.get("/kiosk")
    assert page.status_code == 403 and "此浏览器未激活为考勤机" in page.text
    response = await post_form(client, "/kiosk/scan", {"text": payload}, headers=RESULT)
    assert response.status_code == 403
    assert await Scan.count().run() == 0


async def test_an_admin_activates_this_browser_and_is_signed_out_here(client, cast):
    await activate(client)
    token = client.cookies.get("floorhr_kiosk")
    device = await Device.select().where(Device.kind == "browser").first().run()
    assert device["name"] == "一号门" and device["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert await Session.count().run() == 0
    assert (await client.get("/people", follow_redirects=False)).status_code in (302, 303)


async def test_a_badge_typed_into_the_kiosk_shows_the_clock_in_with_name_and_department(client, cast, settings):
    payload = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    await activate(client)
    response = await post_form(client, "/kiosk/scan", {"text": payload + "\r\n"}, headers=RESULT)
    assert response.status_code == 200 and "<html" not in response.text
    assert 'id="punch-result"' in response.text and 'class="punch ok"' in response.text
    assert "张伟" in response.text and "装配A线" in response.text and "上班打卡" in response.text
    assert "sounds/ok.wav" in response.text
    row = await Scan.select().first().run()
    assert (row["outcome"], row["direction"], row["node_id"], row["source"]) == ("punch", "in", "office", "kiosk")


async def test_a_forged_badge_is_refused_in_red_and_recorded(client, cast):
    await activate(client)
    response = await post_form(client, "/kiosk/scan", {"text": "FHR1.W0001.1.AAAAAAAAAAAAAAAA"}, headers=RESULT)
    assert 'class="punch bad"' in response.text and "无效" in response.text
    assert await Scan.select(Scan.outcome, Scan.reason).run() == [{"outcome": "refused", "reason": "forged"}]


async def test_a_card_with_a_pin_required_asks_for_it_in_the_widget(client, cast):
    await badges.register_card(cast.worker, "rfid", "0012345678", SYSTEM)
    await badges.set_pin_required(True, SYSTEM)
    await badges.set_pin(cast.worker, "2468", SYSTEM)
    await activate(client)
    asked = await post_form(client, "/kiosk/scan", {"text": "0012345678"}, headers=RESULT)
    assert 'name="pin"' in asked.text and 'value="0012345678"' in asked.text
    done = await post_form(client, "/kiosk/scan", {"text": "0012345678", "pin": "2468"}, headers=RESULT)
    assert "上班打卡" in done.text


async def test_a_revoked_kiosk_can_no_longer_scan(client, cast):
    await activate(client)
    device = await Device.select(Device.id).first().run()
    await sign_in(client, "hr")
    await post_form(client, f"/kiosks/{device['id']}/revoke", {})
    assert (await client.get("/kiosk")).status_code == 403


async def test_only_admins_manage_kiosks(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get("/kiosks")).status_code == 403


async def test_the_widget_polls_in_a_camera_scan_and_returns_to_idle(client, cast, settings):
    payload = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    await activate(client)
    assert (await client.get("/kiosk/result", params={"after": 0})).status_code == 204
    await record_scan(payload, "office", utcnow(), "camera", secret=settings.secret_key, zone=settings.zone)
    polled = await client.get("/kiosk/result", params={"after": 0}, headers=RESULT)
    assert "张伟" in polled.text and "上班打卡" in polled.text and "after=1&until=" in polled.text
    assert (await client.get("/kiosk/result", params={"after": 1, "until": 10**10})).status_code == 204
    idle = await client.get("/kiosk/result", params={"after": 1, "until": 1})
    assert 'class="punch idle"' in idle.text and "张伟" not in idle.text


async def test_hr_reviews_refused_scans_with_the_reason(client, cast, settings):
    await record_scan(
        "<script>alert(1)</script>", "office", utcnow(), "kiosk", secret=settings.secret_key, zone=settings.zone
    )
    await sign_in(client, "hr")
    page = await client.get("/attendance/scans")
    assert "未登记" in page.text and "&lt;SCRIPT&gt;" not in page.text and "&lt;script&gt;" in page.text
    fragment = await client.get("/attendance/scans", params={"outcome": ""}, headers=htmx_target("scan-table"))
    assert "<html" not in fragment.text and "1 次扫描" in fragment.text


async def test_the_result_shows_the_time_and_the_shift_it_matched(client, cast, settings):
    now = datetime.now(settings.zone)
    start = (now - timedelta(minutes=30)).time().replace(second=0, microsecond=0)
    shift = Shift(code="D", name="早班", start=start, end=(now + timedelta(hours=7)).time().replace(microsecond=0))
    await shift.save().run()
    await (
        ShiftAssignment(department=cast.line_a, week=json.dumps([shift.id] * 7), effective_from=date(2026, 1, 1))
        .save()
        .run()
    )
    payload = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    await activate(client)
    response = await post_form(client, "/kiosk/scan", {"text": payload}, headers=RESULT)
    assert re.search(rf"上班打卡 \d\d:\d\d · 早班 {start:%H:%M}", response.text)


async def test_a_scan_posted_without_htmx_answers_the_whole_kiosk_page_with_the_result(client, cast, settings):
    payload = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    await activate(client)
    response = await post_form(client, "/kiosk/scan", {"text": payload})  # a browser without JavaScript
    assert response.status_code == 200 and "<html" in response.text and "张伟" in response.text
    assert await Scan.count().where(Scan.outcome == "punch").run() == 1
