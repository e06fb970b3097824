"""Talent pool benchmark: HR searching 20,000 candidates, against a real `floorhr serve`.

  .venv/bin/python bench/recruiting.py                                  # SQLite, 20,000 candidates, 20 s
  .venv/bin/python bench/recruiting.py --engine postgresql --postgres postgresql://postgres@127.0.0.1:5432/floorhr_recruiting

The pool: --candidates candidates with names, skills, posts and tags, a tenth of them on requisitions (some
hired, who leave the pool). Open loop: HR's searches (a skill, a post, a name, a tag, or none) are sent on a
fixed schedule spread over --seconds (a tenth-odd of them a full name, a rare word); latency is from the scheduled send to the answer. The baseline, in
the same run, on the same server and schedule: GET /me/start, a bare page render (the same layout, no
database). Reported: p50 and p99 of both and the ratio of the p99s. Target: search p99 <= 50 ms.
SQLite runs on a throwaway database; PostgreSQL on the database given (its recruiting rows are removed after).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.selfservice import open_loop, summary  # noqa: E402  the same open loop and percentiles
from tests.e2e.conftest import free_port, wait_for  # noqa: E402

SKILLS = ["焊接", "氩弧焊", "叉车", "数控", "装配", "质检", "冲压", "模具", "喷涂", "包装", "电工", "钳工"]
POSTS = ["焊工", "叉车司机", "数控操作工", "装配工", "质检员", "冲压工", "包装工", "电工"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟强磊军洋勇杰涛明超芳娜秀英敏静丽艳娟"
PASSWORD = "bench-Passw0rd"


async def load_pool(count: int) -> None:
    from app.audit.service import SYSTEM
    from app.auth import service as auth
    from app.db.tx import write_transaction
    from app.people.tables import Department
    from app.recruiting.candidates import search_text
    from app.recruiting.tables import Application, Candidate, Requisition
    from app.timeutil import utcnow

    await auth.add_user("benchhr", PASSWORD, ("hr",), display_name="人事", actor=SYSTEM)
    rng, now, today = random.Random(25), utcnow(), date.today()
    department = (await Department.insert(Department(name="冲压车间", created_at=now)).returning(Department.id).run())[
        0
    ]
    requisition = (
        await Requisition.insert(
            Requisition(
                department=department["id"],
                title="冲压工",
                headcount=500,
                needed_by=today,
                status="open",
                created_at=now,
            )
        )
        .returning(Requisition.id)
        .run()
    )[0]["id"]
    rows = []
    for n in range(count):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        skills = " ".join(rng.sample(SKILLS, rng.randint(0, 3)))
        posts = rng.choice(POSTS)
        tags = [tag for tag in ("potential", "urgent") if rng.random() < 0.1]
        rows.append(
            Candidate(
                name=name,
                phone=f"139{n:08d}",
                id_hash=secrets.token_hex(32),
                id_masked="320506********0000",
                source=rng.choice(["walk_in", "referral", "job_fair", "agency"]),
                skills=skills,
                posts=posts,
                tags=json.dumps(tags),
                consent=True,
                search_text=search_text(name, skills, posts, tags),
                last_activity=today - timedelta(days=rng.randint(0, 600)),
                created_at=now,
            )
        )
    for start in range(0, len(rows), 1000):
        async with write_transaction():
            await Candidate.insert(*rows[start : start + 1000]).run()
    ids = [row["id"] for row in await Candidate.select(Candidate.id).run()]
    applications = [
        Application(
            candidate=candidate,
            requisition=requisition,
            stage=rng.choice(["applied", "interview", "hired"]),
            applied_at=now,
            moved_at=now,
        )
        for candidate in rng.sample(ids, len(ids) // 10)
    ]
    for start in range(0, len(applications), 1000):
        async with write_transaction():
            await Application.insert(*applications[start : start + 1000]).run()
    await Candidate.raw("ANALYZE").run()


async def cleanup() -> None:
    from app.auth.tables import User
    from app.people.tables import Department
    from app.recruiting.tables import Application, Candidate, Requisition

    await Application.delete(force=True).run()
    await Candidate.delete(force=True).run()
    await Requisition.delete(force=True).run()
    await Department.delete().where(Department.name == "冲压车间").run()
    await User.delete().where(User.username == "benchhr").run()


async def session(base: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=base) as client:
        await client.get("/login")
        token = client.cookies.get("floorhr_csrf", "")
        await client.post("/login", data={"username": "benchhr", "password": PASSWORD, "_csrf_token": token})
        return dict(client.cookies)


async def measure(env: dict[str, str], options: argparse.Namespace) -> tuple[dict, dict]:
    await load_pool(options.candidates)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,  # the access log would fill an unread pipe and stall the server
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz", server)
        cookies = await session(base)
        rng = random.Random(7)
        queries = ["", "?q=焊接", "?q=叉车司机", "?q=王", "?tag=potential", "?q=数控&tag=urgent", "?source=referral"]
        queries += ["?q=何芳敏", "?q=赵明超 焊接"]  # a person looked up by full name: a rare word
        searches = [(f"/recruiting/candidates/{rng.choice(queries)}", cookies) for _ in range(options.requests)]
        bare = [("/me/start", {}) for _ in range(options.requests)]
        await open_loop(base, searches[:20] + bare[:20], 1.0)  # warm-up: templates compiled, the daily purge done
        found = summary(await open_loop(base, searches, options.seconds))
        bare_page = summary(await open_loop(base, bare, options.seconds))
    finally:
        server.terminate()
        server.wait(timeout=15)
    return found, bare_page


def run_engine(engine: str, options: argparse.Namespace) -> tuple[dict, dict]:
    from app.db.engine import use_database

    with tempfile.TemporaryDirectory(prefix="floorhr-bench-") as data_dir:
        env = {**os.environ, "FLOORHR_DATA_DIR": data_dir, "FLOORHR_LANG": "zh_CN", "PYTHONPATH": str(ROOT)}
        env["FLOORHR_DATABASE_URL"] = options.postgres if engine == "postgresql" else f"sqlite:///{data_dir}/b.sqlite3"
        subprocess.run(
            [sys.executable, "-m", "app.cli", "migrate", "--no-backup"], env=env, check=True, capture_output=True
        )
        use_database(env["FLOORHR_DATABASE_URL"])
        try:
            return asyncio.run(measure(env, options))
        finally:
            if engine == "postgresql":
                asyncio.run(cleanup())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/floorhr_recruiting")
    options = parser.parse_args()
    found, bare = run_engine(options.engine, options)
    print(
        f"{options.engine:10} talent pool search over {options.candidates} candidates, {options.requests} searches in "
        f"{options.seconds:.0f} s: p50 {found['p50']:.1f} ms, p99 {found['p99']:.1f} ms (target <= 50), "
        f"max {found['max']:.1f} ms; bare page p50 {bare['p50']:.1f} ms, p99 {bare['p99']:.1f} ms; "
        f"p99 ratio {found['p99'] / bare['p99']:.2f}x",
        flush=True,
    )


if __name__ == "__main__":
    main()
