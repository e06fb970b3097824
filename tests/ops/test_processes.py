"""A real office server on 127.0.0.1 while kiosks post scans: `floorhr backup` mid-stream, SIGTERM mid-stream,
and the archive restored with every scan committed before the backup began (SQLite, and PostgreSQL where set).

Bounded: 20 posters (the issue's 20 kiosks), 10 scans a batch, for about 8 seconds, then again until the server
stops; every request has a 30 s timeout and every process 180 s; only loopback addresses.
"""

from __future__ import annotations

import asyncio
import os
import re
import secrets
import signal
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import uuid_utils

from app.attendance.tables import Scan
from app.audit.service import Actor
from app.settings import Settings
from app.sync import devices
from tests.e2e.conftest import free_port

pytestmark = pytest.mark.slow
POSTERS, SECONDS, BATCH = 20, 8.0, 10
PASSPHRASE = "an unguessable plant"
FLOORHR = [sys.executable, "-m", "app.cli"]


def _env(settings: Settings, **extra: str) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("FLOORHR_")}
    return {
        **clean,
        "FLOORHR_DATABASE_URL": settings.database_url,
        "FLOORHR_DATA_DIR": str(settings.data_dir),
        "FLOORHR_LANG": "en",
        "FLOORHR_BACKUP_NIGHTLY": "off",
        "FLOORHR_BACKUP_PASSPHRASE": PASSPHRASE,
        **extra,
    }


async def _floorhr(env: dict[str, str], *args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        *FLOORHR, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=180)
    assert process.returncode == 0, f"floorhr {' '.join(args)}: {out.decode()}{err.decode()}"
    return out.decode()


async def _answering(url: str, server, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(timeout=1) as client:
        while time.monotonic() < deadline:
            assert server.returncode is None, "the server exited"
            try:
                if (await client.get(f"{url}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {seconds} s")


class Poster:
    """One kiosk: posts batches of punches until told to stop or the server goes away; keeps what was acknowledged."""

    def __init__(self, url: str, token: str, worker: tuple[int, str]):
        self.url, self.token, self.worker = url, token, worker
        self.seq = 0
        self.acked: list[tuple[float, str]] = []  # (monotonic time of the answer, scan id)
        self.unanswered: list[set[str]] = []  # batches whose request failed: the server was stopping
        self.stop = False

    def _batch(self) -> list[dict]:
        events = []
        for _ in range(BATCH):
            self.seq += 1
            events.append(
                {
                    "id": str(uuid_utils.uuid7()),
                    "seq": self.seq,
                    "kind": "scan",
                    "recorded_at": datetime.now(UTC).isoformat(),
                    "payload": {
                        "source": "kiosk",
                        "shown_text": "FHR1",
                        "employee": self.worker[0],
                        "employee_code": self.worker[1],
                        "credential": None,
                        "outcome": "punch",
                        "reason": "",
                        "direction": "in" if self.seq % 2 else "out",
                    },
                }
            )
        return events

    async def run(self, until: float) -> None:
        async with httpx.AsyncClient(timeout=30) as client:
            while time.monotonic() < until and not self.stop:
                batch = self._batch()
                try:
                    answer = await client.post(
                        f"{self.url}/api/sync/push",
                        json={"events": batch},
                        headers={"Authorization": f"Bearer {self.token}"},
                    )
                except httpx.TransportError:
                    self.unanswered.append({event["id"] for event in batch})
                    return  # the server is gone
                assert answer.status_code == 200, answer.text
                now = time.monotonic()
                self.acked += [(now, fact_id) for fact_id in answer.json()["stored"]]


async def _kiosks(url: str, worker: tuple[int, str]) -> list[Poster]:
    posters = []
    for number in range(POSTERS):
        _, code = await devices.add_node(f"Gate {number}", Actor(name="hr"))
        posters.append(Poster(url, (await devices.enrol(code)).token, worker))
    return posters


async def _restored_scan_ids(archive: Path, settings: Settings, tmp_path: Path) -> set[str]:
    """Restore archive into a new installation of the same engine; its scan ids."""
    if settings.database_kind == "sqlite":
        target = tmp_path / "restored"
        url = f"sqlite:///{target / 'floorhr.sqlite3'}"
    else:
        import asyncpg

        name = f"floorhr_restored_{secrets.token_hex(3)}"
        admin = await asyncpg.connect(settings.database_url)
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        url, target = re.sub(r"/[^/]+$", f"/{name}", settings.database_url), tmp_path / "restored"
    env = {**_env(settings), "FLOORHR_DATABASE_URL": url, "FLOORHR_DATA_DIR": str(target)}
    printed = await _floorhr(env, "restore", str(archive))
    assert "restored" in printed and "secret key restored" in printed
    if settings.database_kind == "sqlite":
        with sqlite3.connect(target / "floorhr.sqlite3") as connection:
            return {row[0] for row in connection.execute("SELECT id FROM scan")}
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        return {str(row["id"]) for row in await connection.fetch("SELECT id FROM scan")}
    finally:
        await connection.close()
        admin = await asyncpg.connect(settings.database_url)
        await admin.execute(f'DROP DATABASE "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
async def office(settings: Settings):
    """`floorhr serve` on the test's database; killed afterwards if the test did not stop it."""
    port = free_port()
    url, env = f"http://127.0.0.1:{port}", _env(settings)
    server = await asyncio.create_subprocess_exec(
        *FLOORHR,
        "serve",
        "--port",
        str(port),
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await _answering(url, server)
        yield server, url, env
    finally:
        if server.returncode is None:
            server.kill()
            await server.wait()


async def test_a_backup_while_kiosks_post_restores_every_scan_committed_before_it(office, settings, cast, tmp_path):
    server, url, env = office
    posters = await _kiosks(url, (cast.worker, "W0001"))

    until = time.monotonic() + SECONDS
    running = [asyncio.create_task(poster.run(until + 60)) for poster in posters]
    while sum(len(poster.acked) for poster in posters) < POSTERS * BATCH and time.monotonic() < until:
        await asyncio.sleep(0.1)  # every kiosk's first batch or so is in before the backup starts
    began = time.monotonic()
    printed = await _floorhr(env, "backup", "--to", str(tmp_path / "backups"))
    ended = time.monotonic()
    await asyncio.sleep(max(0.5, until - ended))  # and scans keep coming after it
    for poster in posters:
        poster.stop = True
    await asyncio.gather(*running)
    archive = Path(re.search(r"backup written: (\S+)", printed).group(1))
    before = {fact_id for poster in posters for moment, fact_id in poster.acked if moment < began}
    during = {fact_id for poster in posters for moment, fact_id in poster.acked if began <= moment <= ended}
    assert before and during  # scans were committed before the backup and kept coming in while it ran

    for poster in posters:
        poster.stop = False
    again = [asyncio.create_task(poster.run(time.monotonic() + 30)) for poster in posters]
    await asyncio.sleep(1.0)
    server.send_signal(signal.SIGTERM)  # mid-stream: systemd's stop
    await asyncio.gather(*again)
    _, err = await asyncio.wait_for(server.communicate(), timeout=30)
    # uvicorn finishes the requests in flight, runs the shutdown, then re-raises the signal: systemd counts
    # an exit by SIGTERM as a clean stop.
    assert server.returncode in (0, -signal.SIGTERM) and "Traceback" not in err.decode()
    acked = {fact_id for poster in posters for _, fact_id in poster.acked}
    stored = {str(row["id"]) for row in await Scan.select(Scan.id).run()}
    unanswered = [batch for poster in posters for batch in poster.unanswered]
    assert acked <= stored  # every acknowledged scan
    assert all(batch <= stored or not batch & stored for batch in unanswered)  # a batch is all there or not at all
    assert stored <= acked.union(*unanswered)

    verified = await _floorhr(env, "backup", "--verify", str(archive))
    assert "as its manifest says" in verified
    restored = await _restored_scan_ids(archive, settings, tmp_path)
    assert before <= restored <= acked
