"""Shared fixtures: a fresh database per test on SQLite and, where configured, PostgreSQL; the cast.

FLOORHR_TEST_POSTGRES_URL names a throwaway PostgreSQL database (its tables are dropped). Where
it is set, every database test runs on both engines; in CI (CI=true) it must be set and reachable.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest

from app.db.engine import all_tables, migrate, use_database
from app.settings import Settings

POSTGRES_URL = os.environ.get("FLOORHR_TEST_POSTGRES_URL", "")
ENGINES = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: while Playwright runs, its event loop occupies the main thread."""
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
    return Settings.from_env({
        "FLOORHR_DATABASE_URL": database_url,
        "FLOORHR_DATA_DIR": str(data_dir),
        "FLOORHR_LANG": "zh_CN",
    })


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
