"""A kiosk enrols with an office serving HTTPS by pinning the certificate's fingerprint the code carries:
a real `floorhr serve --tls` on 127.0.0.1 and a real `floorhr kiosk enroll`; a wrong fingerprint and plain
HTTP without --insecure are refused before anything is sent."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from tests.e2e.conftest import free_port

pytestmark = pytest.mark.slow
FLOORHR = [sys.executable, "-m", "app.cli"]


def _floorhr(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*FLOORHR, *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def office(tmp_path):
    env = {**os.environ, "FLOORHR_DATA_DIR": str(tmp_path / "office"), "FLOORHR_BACKUP_NIGHTLY": "off"}
    env.pop("FLOORHR_DATABASE_URL", None)
    assert _floorhr(env, "migrate", "--no-backup").returncode == 0
    port = free_port()
    process = subprocess.Popen(
        [*FLOORHR, "serve", "--tls", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"https://127.0.0.1:{port}"
        wait_for_tls(url, process)
        yield env, url
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_for_tls(url: str, process) -> None:
    import time

    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read())
        try:
            if httpx.get(f"{url}/healthz", verify=False, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("the office did not answer over HTTPS")


def _kiosk_env(tmp_path, name: str) -> dict:
    env = {**os.environ, "FLOORHR_DATA_DIR": str(tmp_path / name), "FLOORHR_ROLE": "kiosk", "FLOORHR_CAMERA": "none"}
    env.pop("FLOORHR_DATABASE_URL", None)
    return env


def test_a_kiosk_pins_the_office_certificate_and_a_wrong_pin_or_plain_http_is_refused(office, tmp_path):
    env, url = office
    added = _floorhr(env, "device", "add", "一号门")
    code = added.stdout.splitlines()[-1]
    assert "/" in code  # CODE/FINGERPRINT: the code carries the certificate's fingerprint

    plain = _floorhr(
        _kiosk_env(tmp_path, "k0"),
        "kiosk",
        "enroll",
        "--office",
        url.replace("https", "http"),
        "--code",
        code.split("/")[0],
    )
    assert plain.returncode != 0 and "plain HTTP" in plain.stderr

    wrong = code.split("/")[0] + "/" + "0" * 8 + "-" + "0" * 8 + "-" + "0" * 8 + "-" + "0" * 8
    refused = _floorhr(_kiosk_env(tmp_path, "k1"), "kiosk", "enroll", "--office", url, "--code", wrong)
    assert refused.returncode != 0 and "presented certificate" in refused.stderr

    enrolled = _floorhr(_kiosk_env(tmp_path, "k2"), "kiosk", "enroll", "--office", url, "--code", code)
    assert enrolled.returncode == 0, enrolled.stderr
    assert "enrolled as 一号门" in enrolled.stdout
    status = _floorhr(_kiosk_env(tmp_path, "k2"), "sync", "now")
    assert status.returncode == 0, status.stderr  # later syncs trust exactly the pinned certificate


def test_the_session_cookie_is_secure_over_tls(office):
    env, url = office
    assert _floorhr(env, "users", "add", "hr-tls", "--roles", "hr", "--password", "Tls-passw0rd1").returncode == 0
    with httpx.Client(base_url=url, verify=False) as client:
        client.get("/login")
        answer = client.post(
            "/login",
            data={
                "username": "hr-tls",
                "password": "Tls-passw0rd1",
                "_csrf_token": client.cookies.get("floorhr_csrf", ""),
            },
        )
        assert answer.status_code == 303, answer.text
        cookies = answer.headers.get_list("set-cookie")
    session = next(cookie for cookie in cookies if cookie.startswith("floorhr_session="))
    assert "Secure" in session
