"""Nightly backups by the server itself (office role): at FLOORHR_BACKUP_AT plant time, and at start-up when the
last good backup is over a day old (a PC that was off at night). Off while no passphrase is set."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import timedelta

from litestar import Litestar

from app.ops import rules
from app.ops.backup import BackupConfig, backup_now, stored_passphrase
from app.ops.plan import current_config
from app.ops.tables import BackupRun
from app.settings import Settings
from app.timeutil import as_utc, utcnow

log = logging.getLogger("floorhr.ops")
CATCH_UP_AFTER = timedelta(hours=26)
RECHECK_S = 600
CATCH_UP_DELAY_S = 300  # let the server settle (and a restart loop not back up every time)


async def _run(settings: Settings, trigger: str) -> None:
    config = await current_config(settings)
    if stored_passphrase(config) is None:
        log.warning("no backup passphrase is set: the nightly backup did not run (floorhr backup passphrase)")
        return
    try:
        await backup_now(settings, config, trigger)
        log.info("%s backup written to %s", trigger, config.folder)
    except Exception:  # noqa: BLE001 - recorded for the Plant page by take_backup; the server goes on
        log.exception("the %s backup failed", trigger)


async def _overdue() -> bool:
    good = (
        await BackupRun.select(BackupRun.taken_at)
        .where(BackupRun.ok == True)
        .order_by(  # noqa: E712
            BackupRun.taken_at, ascending=False
        )
        .first()
        .run()
    )
    return good is None or utcnow() - as_utc(good["taken_at"]) > CATCH_UP_AFTER


async def _nightly(settings: Settings, config: BackupConfig) -> None:
    if stored_passphrase(config) is not None and await _overdue():
        await asyncio.sleep(CATCH_UP_DELAY_S)
        await _run(settings, "nightly")
    while True:
        wake = rules.next_run(utcnow(), (await current_config(settings)).at, settings.zone)
        while (left := (wake - utcnow()).total_seconds()) > 0:
            await asyncio.sleep(min(left, RECHECK_S))  # every 10 minutes: the Plant page may have moved the time
            if utcnow() < wake:
                wake = rules.next_run(utcnow(), (await current_config(settings)).at, settings.zone)
        await _run(settings, "nightly")
        await asyncio.sleep(1)  # past the minute's boundary before computing the next run


@asynccontextmanager
async def nightly_backup_lifespan(app: Litestar) -> AsyncIterator[None]:
    """Office role only; FLOORHR_BACKUP_NIGHTLY=off turns it off (a test server, a second office process)."""
    settings: Settings = app.state.settings
    config = BackupConfig.from_env(settings)
    if settings.role != "office" or not config.nightly:
        yield
        return
    task = asyncio.create_task(_nightly(settings, config))
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
