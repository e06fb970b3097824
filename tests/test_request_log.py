"""Every answer carries a request id; a fault of ours shows a page with that id and leaves its traceback in the log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import httpx
import pytest
from litestar import get, post
from litestar.params import JSONBody

from tests.e2e.conftest import free_port, wait_for


async def test_each_answer_has_a_request_id_and_one_access_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="floorhr.access"):
        response = await client.get("/login")
    request_id = response.headers["x-request-id"]
    assert len(request_id) == 12
    lines = [record.getMessage() for record in caplog.records if record.name == "floorhr.access"]
    assert any(f"rid={request_id}" in line and "path=/login" in line and "status=200" in line for line in lines)


async def test_a_fault_shows_the_request_id_in_chinese_and_logs_the_traceback(app, client, caplog):
    @get("/boom-for-test", sync_to_thread=False)
    def boom() -> str:
        raise ZeroDivisionError("the fault")

    app.register(boom)
    with caplog.at_level(logging.ERROR, logger="floorhr.error"):
        response = await client.get("/boom-for-test")
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert request_id in response.text and "服务器" in response.text
    assert "the fault" not in response.text and "Traceback" not in response.text
    errors = [record for record in caplog.records if record.name == "floorhr.error"]
    assert errors and f"rid={request_id}" in errors[0].getMessage() and errors[0].exc_info[0] is ZeroDivisionError


async def test_a_client_that_hangs_up_mid_request_is_one_log_line_not_a_fault(app, caplog):
    """A kiosk that times out (or a closed tab) leaves its request without a body: not a fault of ours."""

    @post("/api/sync/hangup-for-test", sync_to_thread=False)
    def take(data: JSONBody[dict]) -> dict:
        return data

    app.register(take)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/sync/hangup-for-test",
        "raw_path": b"/api/sync/hangup-for-test",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"), (b"content-length", b"20")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    sent = []

    async def receive():
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    with caplog.at_level(logging.INFO):
        await app(scope, receive, send)
    assert not [record for record in caplog.records if record.name == "floorhr.error"]
    lines = [record.getMessage() for record in caplog.records if record.name == "floorhr.access"]
    assert any("client went away" in line for line in lines)
    assert sent[0]["status"] == 499


@pytest.mark.slow
@pytest.mark.sqlite_only  # about the process's log, not the database: once is enough
def test_a_server_whose_log_nobody_reads_keeps_answering(settings):
    """The access log is written by a thread: with stderr a pipe nobody drains (a stalled journald, a parent that
    never reads), the pipe's 64 KB fill after ~600 lines and the requests must still be answered. Written from
    the event loop, the server stopped answering everyone there (found by bench/selfservice.py)."""
    port = free_port()
    env = {
        **os.environ,
        "FLOORHR_DATABASE_URL": settings.database_url,
        "FLOORHR_DATA_DIR": str(settings.data_dir),
        "FLOORHR_LANG": "zh_CN",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,  # never read below
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", server)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            answered = sum(client.get("/healthz").status_code == 200 for _ in range(1500))  # ~160 KB of log lines
        assert answered == 1500
    finally:
        server.terminate()
        _, log = server.communicate(timeout=30)  # read now: the thread writes what it queued, then the server ends
    assert log.decode().count("path=/healthz status=200") >= 1500, "every request has its line, none lost"
