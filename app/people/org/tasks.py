"""Applying what falls due by date: scheduled transfers, and exits whose last day is over (hourly in the office).

Hourly is enough: a badge stays valid through the last day anyway, and the kiosk's scan service refuses
an employee whose last day is before today (plant time) even before the revocation reaches it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from litestar import Litestar

from app.audit import service as audit
from app.people.exits.service import apply_due_exits
from app.people.lifecycle.service import apply_due_transfers
from app.timeutil import local_today

INTERVAL_SECONDS = 3600
log = logging.getLogger("floorhr.people")


@dataclass(frozen=True)
class Applied:
    transfers: int
    left: list[int]  # employee ids that became 'left'


async def apply_due(today: date, actor: audit.Actor = audit.SYSTEM) -> Applied:
    transfers = await apply_due_transfers(today, actor)
    return Applied(transfers=transfers, left=await apply_due_exits(today, actor))


async def _every_hour(zone: ZoneInfo) -> None:
    while True:
        try:
            applied = await apply_due(local_today(zone))
            if applied.transfers or applied.left:
                log.info("applied %d transfers and %d exits", applied.transfers, len(applied.left))
        except Exception:  # noqa: BLE001 - a failed run is retried next hour; it must not stop the server
            log.exception("applying due transfers and exits failed")
        await asyncio.sleep(INTERVAL_SECONDS)


@asynccontextmanager
async def due_changes_lifespan(app: Litestar) -> AsyncIterator[None]:
    """At start-up and then hourly, in the office role only (a kiosk receives the results by sync)."""
    settings = app.state.settings
    if settings.role != "office":
        yield
        return
    task = asyncio.create_task(_every_hour(settings.zone))
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
