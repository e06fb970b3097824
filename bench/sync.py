"""Sync benchmark: a kiosk node with a backlog of punches pushes it to a real office, on SQLite and PostgreSQL.

  .venv/bin/python bench/sync.py                      # 10,000 punches, both office engines
  .venv/bin/python bench/sync.py --events 2000 --engine sqlite

A throwaway office (its database and data directory) runs `floorhr serve` on 127.0.0.1; a kiosk
node is enrolled with a one-time code exactly as in production and records the backlog through
record_scan while the office is unreachable. Then one `sync now` (push in batches of 500, then
pull) is timed inside the kiosk's process. Target: 10,000 events in <= 10 s.

The baseline, in the same run, on the same office database: the same number of scan rows
inserted straight into the office's scan table in chunks of 500 (one transaction per chunk),
the least any sync could do. The ratio is sync seconds over baseline seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from clockin import create_postgres, start, stop  # noqa: E402  the same throwaway-database helpers

from tests.e2e.conftest import free_port  # noqa: E402

FLOORHR = [sys.executable, "-m", "app.cli"]
TIMED_SYNC = """
import asyncio, time
from app.db.engine import use_database
from app.settings import Settings
from app.sync import client

settings = Settings.from_env()
use_database(settings.database_url)
began = time.perf_counter()
report = asyncio.run(client.sync_once())
print(time.perf_counter() - began, report.pushed, report.duplicates, report.quarantined, report.pending)
"""


async def roster(employees: int) -> list[str]:
    """Change-numbered employees with badges at the office (so the kiosk pulls them); returns badge payloads."""
    from app.audit.service import Actor
    from app.badges import service as badges
    from app.people import service as people
    from app.settings import Settings

    settings, actor, shown = Settings.from_env(), Actor("bench"), []
    for index in range(employees):
        code = f"S{index:04d}"
        await people.create_employee(
            people.EmployeeInput(code, f"工人{index}", "M", None, "", "active", None, None, None, None, 1), actor
        )
        shown.append(
            (await badges.issue_badge(await badges.employee_id_for_code(code), settings.secret_key, actor)).payload
        )
    return shown


async def baseline(events: int) -> float:
    """Seconds to insert `events` scan rows straight into the office's scan table, 500 per transaction."""
    from app.attendance.tables import Scan
    from app.db.tx import write_transaction
    from app.ids import new_id
    from app.timeutil import utcnow

    rows = [
        Scan(
            id=new_id(),
            node_id="baseline",
            node_seq=n,
            scanned_at=utcnow(),
            received_at=utcnow(),
            source="kiosk",
            outcome="punch",
            direction="in",
        )
        for n in range(1, events + 1)
    ]
    began = time.perf_counter()
    for chunk in range(0, events, 500):
        async with write_transaction():
            await Scan.insert(*rows[chunk : chunk + 500]).run()
    seconds = time.perf_counter() - began
    await Scan.delete().where(Scan.node_id == "baseline").run()
    return seconds


def run_engine(engine: str, options: argparse.Namespace) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="floorhr-bench-sync-") as work:
        office = {**os.environ, "FLOORHR_DATA_DIR": f"{work}/office", "FLOORHR_LANG": "zh_CN", "PYTHONPATH": str(ROOT)}
        kiosk = {
            **os.environ,
            "FLOORHR_DATA_DIR": f"{work}/kiosk",
            "FLOORHR_ROLE": "kiosk",
            "FLOORHR_NODE_ID": "bench",
            "PYTHONPATH": str(ROOT),
        }
        kiosk.pop("FLOORHR_DATABASE_URL", None)
        database = f"floorhr_bench_sync_{os.getpid()}"
        if engine == "postgresql":
            asyncio.run(create_postgres(options.postgres, database))
            office["FLOORHR_DATABASE_URL"] = options.postgres.rsplit("/", 1)[0] + "/" + database
        else:
            office["FLOORHR_DATABASE_URL"] = f"sqlite:///{work}/office/floorhr.sqlite3"
        server = None
        try:
            subprocess.run([*FLOORHR, "migrate"], env=office, check=True, capture_output=True)
            os.environ.update({key: office[key] for key in ("FLOORHR_DATA_DIR", "FLOORHR_DATABASE_URL")})
            from app.db.engine import use_database

            use_database(office["FLOORHR_DATABASE_URL"])
            shown = asyncio.run(roster(options.employees))
            port = free_port()
            server = start([*FLOORHR, "serve", "--port", str(port)], office, port)
            code = subprocess.run(
                [*FLOORHR, "device", "add", "bench"], env=office, check=True, capture_output=True, text=True
            ).stdout.split()[-1]
            subprocess.run(
                [*FLOORHR, "kiosk", "enroll", "--office", f"http://127.0.0.1:{port}", "--code", code, "--insecure"],
                env=kiosk,
                check=True,
                capture_output=True,
            )
            subprocess.run(
                [sys.executable, "-m", "tests.sync.backlog", ",".join(shown), str(options.events)],
                env=kiosk,
                check=True,
                cwd=ROOT,
            )
            seconds, pushed, duplicates, quarantined, pending = subprocess.run(
                [sys.executable, "-c", TIMED_SYNC], env=kiosk, check=True, capture_output=True, text=True
            ).stdout.split()
            if int(pushed) != options.events or int(pending) or int(quarantined) or int(duplicates):
                raise RuntimeError(f"sync did not store each event once: {pushed} {duplicates} {quarantined} {pending}")
            stop(server)
            server = None
            plain = asyncio.run(baseline(options.events))
            return {"seconds": float(seconds), "baseline": plain}
        finally:
            if server is not None:
                stop(server)
            if engine == "postgresql":
                asyncio.run(create_postgres(options.postgres, database, drop=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--employees", type=int, default=40)
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL URL allowed to create and drop a throwaway database",
    )
    options = parser.parse_args()
    for engine in ("sqlite", "postgresql") if options.engine == "both" else (options.engine,):
        r = run_engine(engine, options)
        print(
            f"office on {engine:10}: {options.events} events in {r['seconds']:.2f} s = "
            f"{options.events / r['seconds']:,.0f} events/s (target <= 10 s); straight inserts {r['baseline']:.2f} s; "
            f"ratio {r['seconds'] / r['baseline']:.1f}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
