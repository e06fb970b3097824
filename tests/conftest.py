"""Shared fixtures: a fresh database per test on SQLite and, where configured, PostgreSQL; the cast.

FLOORHR_TEST_POSTGRES_URL names a throwaway PostgreSQL database (its tables are dropped). Where
it is set, every database test runs on both engines; in CI (CI=true) it must be set and reachable.

Time, one rule for the whole suite: no test reads the real date to decide what it expects.
- In-process tests run on the tests' clock: the autouse ``clock`` fixture moves Python's clock
  (time-machine: datetime.now, date.today, time.time; not the monotonic clock) to TEST_NOW and
  lets it tick. A test that needs another moment calls ``clock.move_to(...)``. Fixed dates in
  these tests are therefore "dates around TEST_NOW".
- Tests that start processes or a browser (marked ``e2e`` or ``slow``, or ``real_clock`` when
  they start a CLI subprocess whose answer depends on the date) run on the real clock and compute
  their dates relative to the real today, because the processes they start read the real clock.
- A rule pinned to a date (a 2026 holiday, a retirement vector) gets that date passed in.
``scripts/test-clock`` runs the suite with the machine's clock moved 400 days ahead and 30 back.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from app.db.engine import all_tables, migrate, use_database
from app.settings import Settings
from app.wiring import wire

POSTGRES_URL = os.environ.get("FLOORHR_TEST_POSTGRES_URL", "")
ENGINES = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


# A Wednesday in a working week, 10:00 in Shanghai: the moment the in-process tests live in.
TEST_NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
REAL_CLOCK_MARKERS = ("e2e", "slow", "real_clock")


@pytest.fixture(autouse=True)
def clock(request: pytest.FixtureRequest):
    """The tests' clock (see the module docstring); None for tests that run on the real clock."""
    if any(request.node.get_closest_marker(name) for name in REAL_CLOCK_MARKERS):
        yield None
        return
    with time_machine.travel(TEST_NOW, tick=True) as traveller:
        yield traveller


def _engine(item: pytest.Item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("database_url") if callspec else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last: while Playwright runs, its event loop occupies the main thread. A test marked
    postgresql_only is not collected for SQLite, nor one marked sqlite_only for PostgreSQL (deselected, never
    skipped: CI always has both)."""
    other_engine = [
        item
        for item in items
        if (item.get_closest_marker("postgresql_only") and _engine(item) == "sqlite")
        or (item.get_closest_marker("sqlite_only") and _engine(item) == "postgresql")
    ]
    if other_engine:
        config.hook.pytest_deselected(items=other_engine)
        items[:] = [item for item in items if item not in other_engine]
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)
    items.sort(key=lambda item: "/e2e/" in str(item.path))


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") and not POSTGRES_URL:
        raise pytest.UsageError("CI must set FLOORHR_TEST_POSTGRES_URL: the suite runs on PostgreSQL too")


async def _reset_postgres(url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated once; each test gets a copy, which is much faster than migrating again."""
    path = tmp_path_factory.mktemp("template") / "floorhr.sqlite3"
    use_database(f"sqlite:///{path}")
    asyncio.run(migrate())
    return path


@pytest.fixture(scope="session")
def postgres_migrated() -> str:
    try:
        asyncio.run(_reset_postgres(POSTGRES_URL))
    except (OSError, Exception) as exc:  # a configured but unreachable database fails the suite
        pytest.fail(f"FLOORHR_TEST_POSTGRES_URL is set but PostgreSQL does not answer: {exc}")
    use_database(POSTGRES_URL)
    asyncio.run(migrate())
    return POSTGRES_URL


async def _truncate_postgres(url: str) -> None:
    import asyncpg

    names = ", ".join(f'"{table._meta.tablename}"' for table in all_tables())
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        await connection.close()


wire()  # what create_app and the CLI do first: sync parts and people's hooks, for tests that call services


@pytest.fixture(params=ENGINES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, migrated, empty database for this test; every table bound to it."""
    if request.param == "sqlite":
        path = tmp_path / "floorhr.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_migrated")
        asyncio.run(_truncate_postgres(url))
    use_database(url)
    return url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    data_dir = tmp_path / "data"
    return Settings.from_env(
        {
            "FLOORHR_DATABASE_URL": database_url,
            "FLOORHR_DATA_DIR": str(data_dir),
            "FLOORHR_LANG": "zh_CN",
        }
    )


@pytest.fixture
def app(settings: Settings):
    from app.main import create_app

    return create_app(settings, connection_pool=False)  # the test client runs the app on another loop


@pytest.fixture
async def client(app):
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=app, base_url="http://floorhr.test") as test_client:
        yield test_client


pytest_plugins = ["tests.cast"]
