"""Clock-in benchmark against a real `floorhr serve` on 127.0.0.1, on SQLite and on PostgreSQL.

  .venv/bin/python bench/clockin.py                  # both engines (PostgreSQL at 127.0.0.1:5432, user postgres)
  .venv/bin/python bench/clockin.py --engine sqlite --seconds 10

(a) Shift change: 20 activated kiosks each post one distinct badge a second (open loop: a request
    leaves on schedule whether or not the last one came back) for --seconds; p50/p99 latency from
    the scheduled send to the answer. Target: p99 <= 50 ms.
(b) Capacity: --clients clients post scans back to back for --capacity-seconds. The baseline is a
    bare one-row insert into the same scan table through Piccolo and write_transaction, served by a
    tiny Litestar app under the same uvicorn, on the same database, with the same clients, in the
    same run: the ratio is scans/s over inserts/s. Target: >= 0.5. The baseline runs in its own
    process (like floorhr serve), not inside this one, so the load generator does not slow it down;
    and it is not a route of floorhr, so nothing bench-only ships in production.

Every scan goes through the kiosk page's own endpoint (POST /kiosk/scan, the HTMX form with the
kiosk cookie and the CSRF token), so middleware, the kiosk check, record_scan and the result
fragment are all measured. A throwaway database and data directory are created and removed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import free_port, wait_for  # noqa: E402  the same helpers the browser tests start servers with

PASSWORD = "Bench-passw0rd-1"
HEADERS = {"HX-Request": "true", "HX-Target": "punch-result"}


async def load_roster(env: dict[str, str], employees: int) -> list[str]:
    """Departments, employees with QR badges and an admin, written in bulk; returns the badge payloads."""
    from app.auth.service import add_user
    from app.badges.rules import sign_badge
    from app.badges.service import qr_value
    from app.badges.tables import Credential
    from app.db.tx import write_transaction
    from app.people.tables import Department, Employee
    from app.settings import Settings
    from app.timeutil import utcnow

    settings = Settings.from_env(env)
    now = utcnow()
    departments = [Department(name=f"车间{i}", code=f"D{i}", created_at=now) for i in range(1, 5)]
    async with write_transaction():
        await Department.insert(*departments).run()
        ids = [row["id"] for row in await Department.select(Department.id).run()]
        codes = [f"B{i:05d}" for i in range(1, employees + 1)]
        for chunk in range(0, employees, 500):
            await Employee.insert(
                *[
                    Employee(
                        employee_code=code,
                        name=f"工人{code}",
                        status="active",
                        department=ids[n % len(ids)],
                        created_at=now,
                        updated_at=now,
                    )
                    for n, code in enumerate(codes[chunk : chunk + 500], start=chunk)
                ]
            ).run()
        people = await Employee.select(Employee.id, Employee.employee_code).run()
        for chunk in range(0, len(people), 500):
            await Credential.insert(
                *[
                    Credential(
                        employee=p["id"], kind="qr", value=qr_value(p["employee_code"], 1), serial=1, issued_at=now
                    )
                    for p in people[chunk : chunk + 500]
                ]
            ).run()
    await add_user("bench-admin", PASSWORD, ("admin",))
    return [sign_badge(settings.secret_key, code, 1) for code in codes]


async def activate_kiosk(base: str, name: str) -> httpx.AsyncClient:
    """An admin activates a browser as a kiosk, exactly as on the Kiosks page; returns that browser."""
    client = httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_connections=8))
    await client.get("/login")
    await client.post(
        "/login", data={"username": "bench-admin", "password": PASSWORD, "_csrf_token": client.cookies["floorhr_csrf"]}
    )
    await client.get("/kiosks")
    response = await client.post(
        "/kiosks", data={"name": name, "_csrf_token": client.cookies["floorhr_csrf"]}, follow_redirects=True
    )
    if "scan-text" not in response.text:
        raise RuntimeError(f"kiosk {name} was not activated: {response.status_code}")
    return client


async def post_scan(client: httpx.AsyncClient, payload: str) -> None:
    response = await client.post(
        "/kiosk/scan", data={"text": payload, "_csrf_token": client.cookies["floorhr_csrf"]}, headers=HEADERS
    )
    if response.status_code != 200 or 'id="punch-result"' not in response.text:
        raise RuntimeError(f"scan failed: {response.status_code} {response.text[:200]}")


async def shift_change(kiosks: list[httpx.AsyncClient], payloads: list[str], seconds: float) -> list[float]:
    """Open loop: kiosk k sends its i-th scan at start + i + k/len(kiosks) seconds; latency from that moment, ms."""
    start = time.perf_counter() + 0.5
    latencies: list[float] = []
    badges = iter(payloads)

    async def one(client: httpx.AsyncClient, due: float, payload: str) -> None:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        await post_scan(client, payload)
        latencies.append((time.perf_counter() - due) * 1000)

    tasks = [
        one(client, start + i + k / len(kiosks), next(badges))
        for i in range(int(seconds))
        for k, client in enumerate(kiosks)
    ]
    await asyncio.gather(*tasks)
    return latencies


async def back_to_back(clients: int, seconds: float, request) -> float:
    """Closed loop: clients send requests back to back; returns completed requests per second."""
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await request(n)
            done += 1

    began = time.perf_counter()
    await asyncio.gather(*[worker(n) for n in range(clients)])
    return done / (time.perf_counter() - began)


def serve_baseline(database_url: str, port: int) -> None:
    """The baseline: one Piccolo insert into the scan table per request, nothing else (runs as its own process)."""
    import uvicorn
    from litestar import Litestar, get, post
    from piccolo.engine.postgres import PostgresEngine

    from app.attendance.tables import Scan
    from app.db.engine import prepare_sqlite, use_database
    from app.db.tx import write_transaction
    from app.ids import new_id
    from app.timeutil import utcnow

    engine = use_database(database_url)

    @post("/insert", status_code=200)
    async def insert() -> str:
        now = utcnow()
        async with write_transaction():
            await Scan.insert(
                Scan(id=new_id(), node_id="baseline", scanned_at=now, received_at=now, outcome="punch")
            ).run()
        return "ok"

    async def startup() -> None:
        await prepare_sqlite(engine)
        if isinstance(engine, PostgresEngine):
            await engine.start_connection_pool(min_size=2, max_size=20)

    @get("/healthz")
    async def healthz() -> str:
        return "ok"

    uvicorn.run(Litestar([insert, healthz], on_startup=[startup]), host="127.0.0.1", port=port, log_level="warning")


def start(args: list[str], env: dict[str, str], port: int) -> subprocess.Popen:
    """The server's stderr goes to a file, not a pipe nobody reads: its access log (a line per request) would fill
    the pipe after a few hundred scans and stall the server mid-run."""
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", process)
    except RuntimeError as failed:
        log.seek(0)
        raise RuntimeError(f"{failed}\n{log.read()[-3000:]}") from None
    return process


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=15)


async def measure(env: dict[str, str], options: argparse.Namespace) -> dict[str, float]:
    floorhr = [sys.executable, "-m", "app.cli"]
    payloads = await load_roster(env, options.employees)
    random.Random(7).shuffle(payloads)
    port = free_port()
    server = start([*floorhr, "serve", "--port", str(port)], env, port)
    try:
        base = f"http://127.0.0.1:{port}"
        kiosks = [await activate_kiosk(base, f"bench-{k:02d}") for k in range(options.kiosks)]
        for client in kiosks:
            await client.get("/kiosk")  # the page load: the CSRF cookie, as a browser would have it
        await back_to_back(4, 1.0, lambda n: post_scan(kiosks[n], "warm-up"))
        latencies = await shift_change(kiosks, payloads, options.seconds)
        rest = iter(payloads[options.kiosks * int(options.seconds) :] * 10)
        scans = await back_to_back(
            options.clients, options.capacity_seconds, lambda n: post_scan(kiosks[n % len(kiosks)], next(rest))
        )
    finally:
        stop(server)
        for client in locals().get("kiosks", []):
            await client.aclose()
    baseline_port = free_port()
    baseline = start([sys.executable, __file__, "--serve-baseline", str(baseline_port)], env, baseline_port)
    try:
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{baseline_port}",
            timeout=30,
            limits=httpx.Limits(max_connections=options.clients),
        ) as client:
            await back_to_back(4, 1.0, lambda n: client.post("/insert"))
            inserts = await back_to_back(options.clients, options.capacity_seconds, lambda n: client.post("/insert"))
    finally:
        stop(baseline)
    ordered = sorted(latencies)
    return {
        "scans": len(latencies),
        "p50": statistics.median(ordered),
        "p99": ordered[max(0, int(len(ordered) * 0.99) - 1)],
        "max": ordered[-1],
        "scans_per_s": scans,
        "inserts_per_s": inserts,
        "ratio": scans / inserts,
    }


async def create_postgres(admin_url: str, name: str, drop: bool = False) -> None:
    import asyncpg

    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop:
            await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()


def run_engine(engine: str, options: argparse.Namespace) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="floorhr-bench-") as data_dir:
        env = {**os.environ, "FLOORHR_DATA_DIR": data_dir, "FLOORHR_LANG": "zh_CN", "PYTHONPATH": str(ROOT)}
        database = f"floorhr_bench_{os.getpid()}"
        if engine == "postgresql":
            asyncio.run(create_postgres(options.postgres, database))
            env["FLOORHR_DATABASE_URL"] = options.postgres.rsplit("/", 1)[0] + "/" + database
        else:
            env["FLOORHR_DATABASE_URL"] = f"sqlite:///{data_dir}/bench.sqlite3"
        try:
            subprocess.run([sys.executable, "-m", "app.cli", "migrate"], env=env, check=True, capture_output=True)
            from app.db.engine import use_database

            use_database(env["FLOORHR_DATABASE_URL"])
            return asyncio.run(measure(env, options))
        finally:
            if engine == "postgresql":
                asyncio.run(create_postgres(options.postgres, database, drop=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--employees", type=int, default=2000)
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20, help="length of the shift change")
    parser.add_argument("--clients", type=int, default=16, help="concurrent clients for the capacity run")
    parser.add_argument("--capacity-seconds", type=float, default=10)
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL URL allowed to create and drop a throwaway database",
    )
    parser.add_argument("--serve-baseline", type=int, metavar="PORT", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.serve_baseline:
        return serve_baseline(os.environ["FLOORHR_DATABASE_URL"], options.serve_baseline)
    for engine in ("sqlite", "postgresql") if options.engine == "both" else (options.engine,):
        r = run_engine(engine, options)
        print(
            f"{engine:10} (a) shift change: {r['scans']:.0f} scans from {options.kiosks} kiosks, "
            f"p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms (target <= 50), max {r['max']:.1f} ms"
        )
        print(
            f"{engine:10} (b) capacity: {r['scans_per_s']:.0f} scans/s vs {r['inserts_per_s']:.0f} bare inserts/s "
            f"= ratio {r['ratio']:.2f} (target >= 0.5)",
            flush=True,
        )


if __name__ == "__main__":
    main()
