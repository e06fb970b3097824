"""What runs beside the pages for as long as the app serves: the database's pool, and on a kiosk node the camera
loop and the sync agent. Each reads what it needs from app.state (settings, engine, connection_pool)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from litestar import Litestar
from piccolo.engine.postgres import PostgresEngine

from app.db.connect import PlantSQLiteEngine
from app.db.engine import prepare_sqlite
from kiosk.agent import run_agent
from kiosk.scanner import run_camera


async def _stopped(task: asyncio.Task | None) -> None:
    if task is not None:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


@asynccontextmanager
async def database_lifespan(app: Litestar) -> AsyncIterator[None]:
    """WAL on SQLite; a pool of connections (app.db.connect for SQLite's) unless the app runs on the tests' own
    loop."""
    engine, pooled = app.state.engine, app.state.connection_pool
    await prepare_sqlite(engine)
    if pooled and isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=2, max_size=20)
    elif pooled and isinstance(engine, PlantSQLiteEngine):
        engine.start_connection_pool()
    try:
        yield
    finally:
        if pooled and isinstance(engine, PostgresEngine | PlantSQLiteEngine):
            await engine.close_connection_pool()


@asynccontextmanager
async def camera_lifespan(app: Litestar) -> AsyncIterator[None]:
    """On a kiosk node the camera loop runs beside the page (settings.camera: a device, a video file, or none)."""
    settings = app.state.settings
    wanted = settings.role == "kiosk" and settings.camera != "none"
    task = asyncio.create_task(run_camera(settings)) if wanted else None
    try:
        yield
    finally:
        await _stopped(task)


@asynccontextmanager
async def agent_lifespan(app: Litestar) -> AsyncIterator[None]:
    """On a kiosk node the sync agent pushes and pulls beside the page (settings.sync off: not in this process)."""
    settings, stop = app.state.settings, asyncio.Event()
    wanted = settings.role == "kiosk" and settings.sync
    task = asyncio.create_task(run_agent(settings.sync_interval_s, stop, settings.sync_batch)) if wanted else None
    try:
        yield
    finally:
        stop.set()
        await _stopped(task)
