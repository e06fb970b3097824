"""My page at the kiosk: badge and PIN open the worker's month; they ask for a punch and confirm a payslip."""

from __future__ import annotations

from datetime import timedelta

from app.attendance.tables import PunchCorrection
from app.selfservice.tables import PayslipRead, WorkerRequest
from tests.cast import post_form
from tests.selfservice.helpers import (
    a_month_of_work,
    activate_kiosk,
    has_session,
    locked_payslip,
    open_my_page,
    ready_worker,
)


async def test_badge_and_pin_open_the_workers_month_with_days_pieces_and_payslips(client, cast, settings):
    payload = await ready_worker(cast.worker, settings)
    await a_month_of_work(cast)
    await locked_payslip(cast.worker)
    await activate_kiosk(client)
    response = await open_my_page(client, payload)
    assert response.status_code == 200
    page = response.text
    assert "张伟" in page and "W0001" in page
    assert "07:55 – 17:02" in page  # Monday's punches
    assert "迟到" in page  # Tuesday: late at 08:20
    assert "07:58" in page and "今日" in page  # today's punch, the day still going on
    assert "折弯" in page and "¥30.00" in page  # 120 confirmed bends × ¥0.25
    assert "等待班组长确认" in page  # Wednesday's 40 not decided yet
    assert "2026-10" in page and "4,567.89" in page  # the locked payslip's net pay
    assert "idle-close" in page  # the kiosk visit closes itself


async def test_a_wrong_pin_opens_nothing_and_says_so_in_chinese(client, cast, settings):
    payload = await ready_worker(cast.worker, settings)
    await activate_kiosk(client)
    response = await open_my_page(client, payload, pin="1111")
    assert response.status_code == 422
    assert "PIN 错误" in response.text
    assert not has_session(client)
    assert (await client.get("/me", follow_redirects=False)).headers["location"] == "/me/start"


async def test_a_browser_that_is_no_kiosk_cannot_open_my_page_with_a_badge(client, cast, settings):
    payload = await ready_worker(cast.worker, settings)
    await client.get("/me/start")
    response = await open_my_page(client, payload)
    assert response.status_code == 403
    assert not has_session(client)


async def test_the_worker_asks_for_a_missing_punch_and_hr_finds_it_pending(client, cast, settings):
    payload = await ready_worker(cast.worker, settings)
    await activate_kiosk(client)
    await open_my_page(client, payload)
    response = await post_form(
        client, "/me/corrections", {"day": "2026-11-23", "time": "17:05", "direction": "out", "reason": "忘带工牌"}
    )
    assert response.status_code == 200 and "忘带工牌" in response.text and "待审批" in response.text
    correction = await PunchCorrection.select().first().run()
    assert (correction["employee"], correction["status"], correction["reason"]) == (cast.worker, "pending", "忘带工牌")
    request = await WorkerRequest.select().first().run()
    assert request["filed_as"] == correction["id"]


async def test_a_correction_without_a_reason_is_refused_with_422(client, cast, settings):
    payload = await ready_worker(cast.worker, settings)
    await activate_kiosk(client)
    await open_my_page(client, payload)
    response = await post_form(
        client, "/me/corrections", {"day": "2026-11-23", "time": "17:05", "direction": "out", "reason": " "}
    )
    assert response.status_code == 422
    assert await PunchCorrection.count().run() == 0


async def test_confirming_a_payslip_twice_records_one_reading(client, cast, settings):
    payload = await ready_worker(cast.worker, settings)
    await locked_payslip(cast.worker)
    await activate_kiosk(client)
    await open_my_page(client, payload)
    slip = await client.get("/me/payslips/2026-10")
    assert slip.status_code == 200 and "4,567.89" in slip.text
    for _ in range(2):
        response = await post_form(client, "/me/payslips/2026-10/read", {})
    assert "您已于" in response.text or "确认" in response.text
    assert await PayslipRead.count().run() == 1


async def test_a_kiosk_visit_left_alone_is_closed(client, cast, settings, clock):
    payload = await ready_worker(cast.worker, settings)
    await activate_kiosk(client)
    await open_my_page(client, payload)
    assert (await client.get("/me")).status_code == 200
    clock.shift(timedelta(seconds=90))
    assert (await client.get("/me", follow_redirects=False)).status_code == 303


async def test_closing_ends_the_visit_and_returns_to_the_kiosk(client, cast, settings):
    payload = await ready_worker(cast.worker, settings)
    await activate_kiosk(client)
    await open_my_page(client, payload)
    response = await post_form(client, "/me/close", {})
    assert str(response.url).endswith("/kiosk")
    assert (await client.get("/me", follow_redirects=False)).status_code == 303
