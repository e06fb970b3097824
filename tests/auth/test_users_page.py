"""Admins manage office accounts in the browser: add with roles and an employee link, change roles, disable,
unlock, set a password; nobody else may, and the last administrator cannot lock the plant out."""

from __future__ import annotations

from datetime import timedelta

from app.audit.tables import AuditLog
from app.auth.tables import LoginThrottle, Session, User
from app.timeutil import utcnow
from tests.cast import PASSWORD, csrf_token, post_form, sign_in


async def _form(client, url: str, pairs: list[tuple[str, str]]):
    """A form with repeated fields (several roles ticked), as a browser sends it."""
    data: dict[str, list[str]] = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return await client.post(url, data={**data, "_csrf_token": csrf_token(client)})


async def test_an_admin_adds_a_supervisor_linked_to_an_employee_who_can_then_sign_in(client, cast):
    await sign_in(client, "hr")
    response = await _form(
        client,
        "/users",
        [
            ("username", "Zhuguan-B"),
            ("display_name", "李主管"),
            ("employee_code", "S0002"),
            ("roles", "supervisor"),
            ("password", "Floor-passw0rd"),
        ],
    )
    assert response.status_code == 200 and "zhuguan-b" in response.text
    row = await User.select().where(User.username == "zhuguan-b").first().run()
    assert row["roles"] == "supervisor" and row["employee"] == cast.supervisor_b
    assert await AuditLog.count().where(AuditLog.action == "user.create").run() == 1
    client.cookies.clear()
    signed = await sign_in(client, "zhuguan-b", "Floor-passw0rd")
    assert str(signed.url).endswith("/pieces/confirm")


async def test_a_bad_account_is_refused_in_chinese_and_nothing_is_added(client, cast):
    await sign_in(client, "hr")
    before = await User.count().run()
    for data, message in (
        ((["username", "x"], ["roles", "hr"], ["password", "short1"]), "至少需要 10 个字符"),
        ((["username", "x"], ["password", "Floor-passw0rd"]), "至少选择一个角色"),
        ((["username", "x"], ["roles", "hr"], ["employee_code", "NOPE"], ["password", "Floor-passw0rd"]), "没有此工号"),
    ):
        response = await _form(client, "/users", [tuple(pair) for pair in data])
        assert response.status_code == 422 and message in response.text, message
    assert await User.count().run() == before


async def test_roles_change_ends_the_sessions_and_the_last_admin_stays(client, cast):
    await sign_in(client, "hr")
    sup = await User.select(User.id).where(User.username == "sup-a").first().run()
    await _form(client, f"/users/{sup['id']}/roles", [("roles", "supervisor"), ("roles", "dept_head")])
    assert (await User.select(User.roles).where(User.id == sup["id"]).first().run())["roles"] == "dept_head,supervisor"
    hr = await User.select(User.id).where(User.username == "hr").first().run()
    refused = await _form(client, f"/users/{hr['id']}/roles", [("roles", "hr")])
    assert refused.status_code == 422 and "至少需要一名有效的管理员" in refused.text
    assert "admin" in (await User.select(User.roles).where(User.id == hr["id"]).first().run())["roles"]


async def test_disabling_ends_sessions_and_an_admin_unlocks_a_locked_account(client, cast):
    sup = await User.select(User.id).where(User.username == "sup-a").first().run()
    await sign_in(client, "sup-a")
    assert await Session.count().where(Session.user == sup["id"]).run() == 1
    client.cookies.clear()
    await sign_in(client, "hr")
    await post_form(client, f"/users/{sup['id']}/active", {"active": "0"})
    assert await Session.count().where(Session.user == sup["id"]).run() == 0
    await post_form(client, f"/users/{sup['id']}/active", {"active": "1"})
    await LoginThrottle.insert(
        LoginThrottle(username="sup-a", failures=0, locked_until=utcnow() + timedelta(minutes=5))
    ).run()
    assert "已锁定" in (await client.get("/users")).text
    await post_form(client, f"/users/{sup['id']}/unlock", {})
    assert await LoginThrottle.count().run() == 0
    client.cookies.clear()
    assert str((await sign_in(client, "sup-a", PASSWORD)).url).endswith("/pieces/confirm")


async def test_only_admins_open_the_users_page(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get("/users")).status_code == 403
