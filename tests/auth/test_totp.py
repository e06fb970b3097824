"""Second factor: an enrolled admin needs the code after the password; wrong codes lock like wrong passwords."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp

from app.audit.tables import AuditLog
from app.auth import totp
from app.auth.tables import Session, TotpSecret
from app.timeutil import utcnow
from tests.cast import PASSWORD, csrf_token, post_form, sign_in


async def _enrol(client) -> pyotp.TOTP:
    """Enrol the signed-in user through the page, as HR would with a phone."""
    page = await client.get("/account/totp")
    assert page.status_code == 200 and "<svg" in page.text  # the QR code, inline
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page.text).group(1)
    generator = pyotp.TOTP(secret)
    response = await post_form(client, "/account/totp", {"code": generator.now()})
    assert response.status_code == 200 and 'id="totp-enrolled"' in response.text
    return generator


async def _password_step(client, username: str = "hr", password: str = PASSWORD):
    await client.get("/login")
    return await client.post(
        "/login",
        data={"username": username, "password": password, "_csrf_token": csrf_token(client)},
        follow_redirects=False,
    )


async def test_an_enrolled_admin_is_refused_without_the_code_and_let_in_with_it(client, cast, settings):
    await sign_in(client, "hr")
    generator = await _enrol(client)
    row = await TotpSecret.select().first().run()
    assert generator.secret not in row["secret_encrypted"]  # encrypted at rest
    assert totp.decrypt(row["secret_encrypted"], settings.secret_key) == generator.secret
    await client.post("/logout", data={"_csrf_token": csrf_token(client)})
    await Session.delete(force=True).run()
    client.cookies.clear()

    response = await _password_step(client)
    assert response.status_code == 303 and response.headers["location"].startswith("/login/code")
    assert await Session.count().run() == 0  # the right password alone opens nothing
    assert "/login" in str((await client.get("/reports")).url)  # still not signed in
    refused = await post_form(client, "/login/code", {"code": ""})
    assert refused.status_code == 400 and await Session.count().run() == 0
    accepted = await post_form(client, "/login/code", {"code": generator.at(utcnow() + timedelta(seconds=30))})
    assert accepted.status_code == 200 and "<h2>待办</h2>" in accepted.text
    assert 'id="totp-reminder"' not in accepted.text  # enrolled: no more reminder
    assert await Session.count().run() == 1
    assert await AuditLog.count().where(AuditLog.action == "user.totp_enrolled").run() == 1


async def test_a_used_code_cannot_be_replayed(client, cast, settings):
    await sign_in(client, "hr")
    generator = await _enrol(client)  # used the current step to confirm
    client.cookies.clear()
    await _password_step(client)
    response = await post_form(client, "/login/code", {"code": generator.now()})
    assert response.status_code == 400 and "验证码错误" in response.text


async def test_five_wrong_codes_lock_the_account_even_with_the_right_code_after(client, cast, settings):
    await sign_in(client, "hr")
    generator = await _enrol(client)
    client.cookies.clear()
    await Session.delete(force=True).run()
    await _password_step(client)
    for _ in range(5):
        response = await post_form(client, "/login/code", {"code": "000000"})
    assert response.status_code == 400 and "锁定" in response.text
    await _password_step(client)  # the right password again does not reset the count
    right = generator.at(utcnow() + timedelta(seconds=30))
    response = await post_form(client, "/login/code", {"code": right})
    assert response.status_code == 400 and "锁定" in response.text and await Session.count().run() == 0


async def test_the_code_page_without_a_password_step_sends_back_to_sign_in(client, cast):
    response = await client.get("/login/code", follow_redirects=False)
    assert response.status_code in (302, 303) and response.headers["location"] == "/login"
    forged = await post_form(client, "/login/code", {"code": "123456"})
    assert await Session.count().run() == 0 and "/login" in str(forged.url)


async def test_a_user_without_a_second_factor_signs_in_with_the_password(client, cast):
    response = await sign_in(client, "sup-a")
    assert response.status_code == 200 and await Session.count().run() == 1


async def test_supervisors_cannot_open_enrolment(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get("/account/totp")).status_code == 403


async def test_an_admin_removes_a_lost_second_factor_from_the_command_line(client, cast, database_url, tmp_path):
    import os
    import subprocess
    import sys

    await sign_in(client, "hr")
    await _enrol(client)
    env = {**os.environ, "FLOORHR_DATABASE_URL": database_url, "FLOORHR_DATA_DIR": str(tmp_path / "cli")}
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "users", "reset-totp", "HR"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert await TotpSecret.count().run() == 0 and await Session.count().run() == 0  # old sessions end too
    client.cookies.clear()
    response = await sign_in(client, "hr")
    assert "<h2>待办</h2>" in response.text and 'id="totp-reminder"' in response.text
    assert await AuditLog.count().where(AuditLog.action == "user.totp_reset").run() == 1
    unknown = subprocess.run(
        [sys.executable, "-m", "app.cli", "users", "reset-totp", "nobody"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert unknown.returncode != 0
