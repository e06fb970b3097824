"""Linking a phone from the kiosk, and the security of My page: ids cannot be changed, revocation is at once."""

from __future__ import annotations

import re
from contextlib import asynccontextmanager

from litestar.testing import AsyncTestClient

from app.audit.service import SYSTEM
from app.badges import service as badges
from app.selfservice.tables import WorkerSession
from tests.cast import make_employee, post_form, sign_in
from tests.selfservice.helpers import PIN, activate_kiosk, locked_payslip, open_my_page, ready_worker


@asynccontextmanager
async def a_phone(app):
    async with AsyncTestClient(app=app, base_url="http://floorhr.test") as phone:
        phone.headers["user-agent"] = "Mozilla/5.0 (Linux; Android 14; Redmi Note 13) Mobile"
        yield phone


async def link_code(client) -> str:
    response = await post_form(client, "/phone/new", {})
    assert response.status_code == 200 and "<svg" in response.text
    return re.search(r"/phone/link/([\w-]+)", response.text).group(1)


async def link(phone, code: str, pin: str = PIN):
    page = await phone.get(f"/phone/link/{code}")
    assert page.status_code == 200
    return await post_form(phone, f"/phone/link/{code}", {"pin": pin})


async def linked_phone(app, client, cast, settings):
    payload = await ready_worker(cast.worker, settings)
    await activate_kiosk(client)
    await open_my_page(client, payload)
    return await link_code(client)


async def test_a_phone_opens_the_one_time_code_gives_the_pin_and_keeps_my_page(app, client, cast, settings):
    code = await linked_phone(app, client, cast, settings)
    await post_form(client, "/me/close", {})  # the kiosk visit ends; the phone stays linked
    async with a_phone(app) as phone:
        page = await phone.get(f"/phone/link/{code}")
        assert "张伟" in page.text
        response = await link(phone, code)
        assert response.status_code == 200 and "张伟" in response.text and "idle-close" not in response.text
        assert (await phone.get("/me")).status_code == 200
        phones = await phone.get("/phone/list")
        assert "Redmi Note 13" in phones.text
    async with a_phone(app) as thief:  # the same code a second time
        assert (await thief.get(f"/phone/link/{code}")).status_code == 404


async def test_a_phone_revoked_by_hr_is_refused_at_once(app, client, cast, settings):
    code = await linked_phone(app, client, cast, settings)
    async with a_phone(app) as phone:
        await link(phone, code)
        session = await WorkerSession.select().where(WorkerSession.kind == "phone").first().run()
        async with AsyncTestClient(app=app, base_url="http://floorhr.test") as office:
            await sign_in(office, "hr")
            listed = await office.get(f"/people/{cast.worker}/phones")
            assert "Redmi Note 13" in listed.text
            await post_form(office, f"/people/{cast.worker}/phones/{session['id']}/revoke", {})
        response = await phone.get("/me", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/me/start"


async def test_a_lost_badge_revoked_by_hr_closes_the_phones_linked_with_it(app, client, cast, settings):
    code = await linked_phone(app, client, cast, settings)
    async with a_phone(app) as phone:
        await link(phone, code)
        await badges.revoke_badge(cast.worker, SYSTEM)
        assert (await phone.get("/me", follow_redirects=False)).status_code == 303


async def test_another_workers_page_phone_or_payslip_cannot_be_reached_by_changing_an_id(app, client, cast, settings):
    other = await make_employee("W0002", "李娜", cast.line_a)
    await locked_payslip(other, "2026-09", net_fen=999_999)
    other_session = WorkerSession(
        token_hash="x" * 64,
        employee=other,
        kind="phone",
        device="李娜的手机",
        created_at=badges.utcnow(),
        last_seen_at=badges.utcnow(),
        expires_at=badges.utcnow(),
    )
    await other_session.save().run()
    code = await linked_phone(app, client, cast, settings)
    async with a_phone(app) as phone:
        await link(phone, code)
        page = await phone.get(f"/me?employee={other}&employee_id={other}")
        assert "张伟" in page.text and "李娜" not in page.text
        assert (await phone.get("/me/payslips/2026-09")).status_code == 404
        refused = await post_form(phone, f"/phone/list/{other_session.id}/revoke", {})
        assert refused.status_code == 404
        row = await WorkerSession.select().where(WorkerSession.id == other_session.id).first().run()
        assert row["revoked_at"] is None
        assert (await phone.get(f"/people/{other}/phones", follow_redirects=False)).status_code in (302, 303, 401)


async def test_pin_attempts_on_a_phone_are_rate_limited(app, client, cast, settings):
    code = await linked_phone(app, client, cast, settings)
    async with a_phone(app) as phone:
        for _attempt in range(4):
            assert (await link(phone, code, pin="0000")).status_code == 422
        locked = await link(phone, code, pin="0000")
        assert locked.status_code == 429 and "15 分钟" in locked.text
        still = await link(phone, code)  # the right PIN, too late
        assert still.status_code == 429
        assert (await phone.get("/me", follow_redirects=False)).status_code == 303


async def test_the_worker_revokes_their_own_phone(app, client, cast, settings):
    code = await linked_phone(app, client, cast, settings)
    async with a_phone(app) as phone:
        await link(phone, code)
        session = await WorkerSession.select().where(WorkerSession.kind == "phone").first().run()
        await post_form(phone, f"/phone/list/{session['id']}/revoke", {})
        assert (await phone.get("/me", follow_redirects=False)).status_code == 303
