"""A real floorhr server on 127.0.0.1 (its own SQLite and demo plant) and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

CHROMIUM = "/usr/lib/chromium/chromium"  # the /usr/bin wrapper script takes seconds longer to start
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FLOORHR = [sys.executable, "-m", "app.cli"]


@dataclass(frozen=True)
class LiveServer:
    url: str
    data_dir: Path
    env: dict[str, str]
    admin_password: str

    def floorhr(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*FLOORHR, *args], env=self.env, capture_output=True, text=True, timeout=120)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stderr.read() if process.stderr else ''}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"server did not answer {url} within {seconds} s")


def serve_demo(data_dir: Path, *demo_options: str):
    """A real server on a fresh SQLite database holding the demo plant (with demo_options); yields a LiveServer."""
    env = {**os.environ, "FLOORHR_DATA_DIR": str(data_dir), "FLOORHR_LANG": "zh_CN"}
    env.pop("FLOORHR_DATABASE_URL", None)
    for command in (["migrate"], ["demo", *demo_options]):
        subprocess.run([*FLOORHR, *command], env=env, check=True, capture_output=True, timeout=300)
    port = free_port()
    process = subprocess.Popen(
        [*FLOORHR, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{url}/healthz", process)
        password = (data_dir / "admin-password.txt").read_text().strip()
        yield LiveServer(url=url, data_dir=data_dir, env=env, admin_password=password)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory):
    yield from serve_demo(tmp_path_factory.mktemp("live"), "--no-history")  # an empty floor: tests make their punches


@pytest.fixture(scope="module")
def browser():
    """Per module: Playwright's sync API keeps an event loop running in this thread while it lives."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run scripts/test, which installs it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, server: LiveServer, username: str = "admin", password: str | None = None) -> None:
    page.goto(f"{server.url}/login")
    page.fill("#username", username)
    page.fill("#password", password or server.admin_password)
    page.click("main button[type=submit]")  # not the header's sign-out button when someone is signed in
    page.wait_for_url(lambda url: "/login" not in url)  # signed in: the next page load is already ours
