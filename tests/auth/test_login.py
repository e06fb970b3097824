"""Signing in and out, the login lock, sessions and cookies."""

from __future__ import annotations

from app.auth.tables import Session
from tests.cast import make_user, post_form, sign_in


async def test_a_correct_login_opens_a_session_with_a_safe_cookie(client, cast):
    response = await sign_in(client, "hr")
    assert response.status_code == 200 and "<h2>待办</h2>" in response.text  # HR lands on the to-do
    cookie = next(h for h in response.history[0].headers.get_list("set-cookie") if h.startswith("floorhr_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    assert await Session.count().run() == 1


async def test_a_wrong_password_is_refused_in_chinese(client, cast):
    response = await sign_in(client, "hr", "wrong-password1")
    assert response.status_code == 400
    assert "用户名或密码错误" in response.text
    assert await Session.count().run() == 0


async def test_five_failures_lock_the_username_even_for_the_right_password(client, cast):
    for _ in range(5):
        await sign_in(client, "hr", "wrong-password1")
    response = await sign_in(client, "hr")
    assert response.status_code == 400 and "锁定" in response.text
    assert await Session.count().run() == 0


async def test_signing_out_ends_the_session(client, cast):
    await sign_in(client, "hr")
    await post_form(client, "/logout", {})
    assert await Session.count().run() == 0
    response = await client.get("/people", follow_redirects=False)
    assert response.headers["location"].startswith("/login")


async def test_login_never_redirects_to_another_site(client, cast):
    await client.get("/login")
    response = await post_form(
        client, "/login", {"username": "hr", "password": "Cast-passw0rd", "next": "//evil.example/x"}
    )
    assert response.history[0].headers["location"] == "/"
    assert str(response.url).endswith("/") and "待办" in response.text  # HR's home: today's to-do


async def test_each_role_lands_on_a_page_it_may_open(client, cast):
    await make_user("head", "dept_head", cast.supervisor_a)
    for username, page in (("sup-a", "/pieces/confirm"), ("head", "/training")):  # head of no department yet
        await client.get("/login")
        response = await post_form(client, "/login", {"username": username, "password": "Cast-passw0rd"})
        assert response.status_code == 200 and str(response.url).endswith(page)


async def test_healthz_reports_role_database_and_version(client, settings):
    body = (await client.get("/healthz")).json()
    assert body["status"] == "ok" and body["role"] == "office"
    assert body["database"] == settings.database_kind


async def test_one_address_trying_many_accounts_is_held_back_but_others_still_sign_in(client, cast, app):
    from app.auth.address_throttle import AddressThrottle
    from app.auth.rules import ADDRESS_MAX_FAILURES

    for attempt in range(ADDRESS_MAX_FAILURES):  # a different (unknown) name each time: no account lock applies
        await sign_in(client, f"guess-{attempt}", "wrong-password1")
    refused = await sign_in(client, "hr")  # the right password, from the same address
    assert refused.status_code == 400 and "此电脑登录失败次数过多" in refused.text
    assert await Session.count().run() == 0
    app.state.login_throttle = AddressThrottle()  # another computer (a fresh address record) signs in
    assert (await sign_in(client, "hr")).status_code == 200


def test_a_spray_across_accounts_holds_back_addresses_that_failed_not_clean_ones():
    from datetime import timedelta

    from app.auth.address_throttle import AddressThrottle
    from app.auth.rules import SPRAY_LIMIT
    from app.timeutil import utcnow

    throttle, now = AddressThrottle(), utcnow()
    for index in range(SPRAY_LIMIT):
        throttle.failed(f"10.0.0.{index}", now)
    assert throttle.refused("10.0.0.1", now)  # one failure, but part of a spray
    assert not throttle.refused("10.0.9.9", now)  # HR's own computer never failed: it signs in
    assert not throttle.refused("10.0.0.1", now + timedelta(minutes=2))  # the spray window passed
