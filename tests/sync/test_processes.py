"""A real office process and a real kiosk node process on 127.0.0.1: offline days, a kill mid-push, replays.

The office runs on the test's database (SQLite, and PostgreSQL where configured); the kiosk node on
its own SQLite file. Scans are recorded on the kiosk through `floorhr scan`, as a kiosk records them.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from app.attendance.tables import Scan
from app.audit.service import Actor
from app.badges import service as badges
from app.people import service as people
from app.people.exits import service as exits
from app.settings import Settings
from app.sync import devices
from app.sync.tables import QuarantinedFact
from tests.e2e.conftest import free_port, wait_for

pytestmark = pytest.mark.slow
FLOORHR = [sys.executable, "-m", "app.cli"]
HR = Actor(name="hr")
ZONE = ZoneInfo("Asia/Shanghai")


class Node:
    """One floorhr process's environment: the office, or the kiosk node."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.process: subprocess.Popen | None = None

    def floorhr(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        try:
            done = subprocess.run([*FLOORHR, *args], env=self.env, capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired as slow:
            raise AssertionError(f"floorhr {' '.join(args)} took over 120 s: {slow.stderr}") from slow
        if check and done.returncode != 0:
            raise AssertionError(f"floorhr {' '.join(args)}: {done.stdout}{done.stderr}")
        return done

    def start(self, *args: str, url: str) -> None:
        self.process = subprocess.Popen(
            [*FLOORHR, *args], env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        wait_for(f"{url}/healthz", self.process)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=20)
        self.process = None

    def pending(self) -> int:
        return int(self.floorhr("sync", "status").stdout.splitlines()[0].removeprefix("pending "))


@pytest.fixture
def office(settings: Settings, tmp_path: Path):
    port = free_port()
    env = {
        **os.environ,
        "FLOORHR_DATABASE_URL": settings.database_url,
        "FLOORHR_DATA_DIR": str(settings.data_dir),
        "FLOORHR_LANG": "zh_CN",
    }
    node = Node(env)
    node.url = f"http://127.0.0.1:{port}"
    node.port = str(port)
    node.start("serve", "--port", node.port, url=node.url)
    yield node
    node.stop()


@pytest.fixture
def kiosk(tmp_path: Path):
    env = {
        **os.environ,
        "FLOORHR_ROLE": "kiosk",
        "FLOORHR_DATA_DIR": str(tmp_path / "kiosk"),
        "FLOORHR_LANG": "zh_CN",
        "FLOORHR_NODE_ID": "gate-1",
        "FLOORHR_CAMERA": "none",
        "FLOORHR_SYNC_INTERVAL": "0.3",
    }
    env.pop("FLOORHR_DATABASE_URL", None)
    node = Node(env)
    node.database = tmp_path / "kiosk" / "floorhr.sqlite3"
    node.port = str(free_port())
    node.url = f"http://127.0.0.1:{node.port}"
    yield node
    node.stop()


async def _workers(settings: Settings) -> dict[str, str]:
    """Two workers with badges, created through the services (so they are change-numbered): code -> badge."""
    department = (await people.list_departments()) or None
    shown = {}
    for code, name in (("K0001", "赵强"), ("K0002", "李娜")):
        await people.create_employee(
            people.EmployeeInput(
                code,
                name,
                "M",
                None,
                "",
                "active",
                date(2025, 1, 6),
                department[0].id if department else None,
                None,
                None,
                1,
            ),
            HR,
        )
        employee_id = await badges.employee_id_for_code(code)
        shown[code] = (await badges.issue_badge(employee_id, settings.secret_key, HR)).payload
    return shown


async def _enrol(office: Node, kiosk: Node) -> None:
    _, code = await devices.add_node("Gate 1", HR)
    assert (
        "enrolled as Gate 1"
        in kiosk.floorhr("kiosk", "enroll", "--office", office.url, "--code", code, "--insecure").stdout
    )


def _kiosk_rows(kiosk: Node, sql: str) -> list[tuple]:
    with sqlite3.connect(kiosk.database) as connection:
        return connection.execute(sql).fetchall()


async def _office_scan_ids() -> list[str]:
    return [str(row["id"]) for row in await Scan.select(Scan.id).run()]


async def _eventually(check, seconds: float = 90, step: float = 0.02):
    """Poll check (sync or async) until it returns something true; returns that."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        value = await value if asyncio.iscoroutine(value) else value
        if value:
            return value
        await asyncio.sleep(step)
    raise AssertionError(f"timed out after {seconds} s")


async def test_offline_punches_a_kill_mid_push_and_a_replay_end_with_each_punch_once(office, kiosk, settings, cast):
    shown = await _workers(settings)
    await _enrol(office, kiosk)
    office.stop()  # the office link is down: the kiosk keeps clocking people in
    now = datetime.now(ZONE).replace(second=0, microsecond=0)
    shown_on_kiosk = []
    for minutes, code in ((0, "K0001"), (1, "K0002"), (5, "K0001"), (120, "K0001")):
        at = (now - timedelta(hours=3) + timedelta(minutes=minutes)).isoformat()
        shown_on_kiosk.append(kiosk.floorhr("scan", shown[code], "--at", at).stdout.split()[:2])
    assert shown_on_kiosk == [
        ["clock-in", "K0001"],
        ["clock-in", "K0002"],
        ["clock-out", "K0001"],
        ["clock-in", "K0001"],
    ]  # the second scan toggles offline
    status = kiosk.floorhr("sync", "status").stdout
    assert "pending 4" in status and "office does not answer" in status
    assert kiosk.floorhr("sync", "now", check=False).returncode == 1

    backlog = 3000
    subprocess.run(
        [sys.executable, "-m", "tests.sync.backlog", ",".join(shown.values()), str(backlog)],
        env=kiosk.env,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
        timeout=300,
    )
    total = backlog + 4
    office.start("serve", "--port", office.port, url=office.url)
    kiosk.env["FLOORHR_SYNC_BATCH"] = "50"
    kiosk.start("kiosk", "run", "--port", kiosk.port, url=kiosk.url)

    async def some_arrived() -> int:
        count = await Scan.count().run()
        return count if count > 0 else 0

    arrived = await _eventually(some_arrived)
    kiosk.stop(signal.SIGKILL)  # in the middle of the push
    assert arrived < total and kiosk.pending() > 0

    kiosk.start("kiosk", "run", "--port", kiosk.port, url=kiosk.url)
    await _eventually(lambda: kiosk.pending() == 0, step=0.5)
    kiosk_ids = sorted(str(row[0]) for row in _kiosk_rows(kiosk, "SELECT id FROM scan"))
    office_ids = sorted(await _office_scan_ids())
    assert len(kiosk_ids) == total and office_ids == kiosk_ids  # none lost, none doubled
    corner = httpx.get(f"{kiosk.url}/kiosk", timeout=10).text  # the kiosk's own browser, no sign-in
    assert 'id="sync-status"' in corner and "在线" in corner and "0 条待同步" in corner

    token = dict(_kiosk_rows(kiosk, "SELECT key, value FROM node_state"))["token"]
    rows = _kiosk_rows(kiosk, "SELECT id, seq, kind, payload, recorded_at FROM outbox_event ORDER BY seq LIMIT 500")
    batch = [
        {
            "id": str(uuid_text),
            "seq": seq,
            "kind": kind,
            "payload": json.loads(payload),
            "recorded_at": _iso(recorded_at),
        }
        for uuid_text, seq, kind, payload, recorded_at in rows
    ]
    for _ in range(2):  # the same batch delivered twice more
        answer = httpx.post(
            f"{office.url}/api/sync/push",
            json={"events": batch},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ).json()
        assert answer["stored"] == [] and len(answer["duplicates"]) == 500
    assert sorted(await _office_scan_ids()) == kiosk_ids
    office.stop()
    await _eventually(
        lambda: "离线" in httpx.get(f"{kiosk.url}/kiosk/sync-status", timeout=10).text, seconds=30, step=0.3
    )


def _iso(value: str) -> str:
    moment = datetime.fromisoformat(value)
    return (moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))).isoformat()


async def test_revocations_at_the_office_reach_the_kiosk_and_hold_while_it_is_offline(office, kiosk, settings, cast):
    shown = await _workers(settings)
    await _enrol(office, kiosk)
    today = datetime.now(ZONE).date()
    morning = datetime.combine(today, datetime.min.time(), ZONE) + timedelta(hours=8)
    assert kiosk.floorhr("scan", shown["K0001"], "--at", morning.isoformat()).stdout.startswith("clock-in K0001")

    k1, k2 = await badges.employee_id_for_code("K0001"), await badges.employee_id_for_code("K0002")
    credential = (await badges.credentials_of(k1)).items[0]
    await badges.revoke_credential(k1, credential.id, HR)
    outcome = await exits.record_exit(
        k2, exits.ExitInput("resignation", today, today, None, None, early_release=True), today, HR
    )
    assert not outcome.errors
    assert "pulled" in kiosk.floorhr("sync", "now").stdout
    office.stop()  # and the office goes away again: the kiosk still knows
    refused = kiosk.floorhr("scan", shown["K0001"], "--at", (morning + timedelta(hours=9)).isoformat(), check=False)
    assert refused.stdout.strip() == "refused revoked"
    on_last_day = kiosk.floorhr("scan", shown["K0002"], "--at", (morning + timedelta(hours=1)).isoformat())
    assert on_last_day.stdout.startswith("clock-in K0002")  # the last day is still a working day
    day_after = kiosk.floorhr("scan", shown["K0002"], "--at", (morning + timedelta(days=1)).isoformat(), check=False)
    assert day_after.stdout.strip() == "refused left"

    office.start("serve", "--port", office.port, url=office.url)
    kiosk.floorhr("sync", "now")
    reasons = sorted(row["reason"] for row in await Scan.select(Scan.reason).where(Scan.outcome == "refused").run())
    assert reasons == ["left", "revoked"]  # HR sees the refused scans too

    token = dict(_kiosk_rows(kiosk, "SELECT key, value FROM node_state"))["token"]
    broken = {
        "id": "0190a3c0-0000-7000-8000-000000000001",
        "seq": 99,
        "kind": "scan",
        "recorded_at": morning.isoformat(),
        "payload": {"outcome": "punch"},
    }
    answer = httpx.post(
        f"{office.url}/api/sync/push",
        json={"events": [broken]},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).json()
    assert answer["quarantined"] == [broken["id"]]
    assert [row["reason"] for row in await QuarantinedFact.select(QuarantinedFact.reason).run()] == [
        "source must be one of kiosk, camera, cli, correction"
    ]

    await devices.revoke_node((await devices.node_by_name("Gate 1")).id, HR)
    kiosk.floorhr("scan", shown["K0001"], "--at", (morning + timedelta(hours=10)).isoformat(), check=False)
    failed = kiosk.floorhr("sync", "now", check=False)
    assert failed.returncode == 1 and "sync failed" in failed.stderr
    assert kiosk.pending() == 1
