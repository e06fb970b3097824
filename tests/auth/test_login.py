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
    response = await post_form(client, "/login", {"username": "hr", "password": "Cast-passw0rd",
                                                  "next": "//evil.example/x"})
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
