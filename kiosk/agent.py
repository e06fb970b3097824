"""The kiosk node's sync agent: push then pull every few seconds while the office answers, back off while not.

It runs beside the kiosk page in the node's event loop; a scan never waits for it (scans write the
local database and the outbox; the agent only reads the outbox and marks what the office acknowledged).
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from app.sync import client, rules

log = logging.getLogger("floorhr.sync")


async def run_agent(
    interval: float = rules.INTERVAL_S, stop: asyncio.Event | None = None, batch: int = rules.BATCH
) -> None:
    failures = 0
    stop = stop or asyncio.Event()
    while not stop.is_set():
        try:
            report = await client.sync_once(batch)
        except client.NotEnrolled:
            delay = interval * 5
        except client.OfficeUnreachable as unreachable:
            failures += 1
            delay = rules.backoff_seconds(failures)
            if failures == 1:
                log.warning("office unreachable, working offline: %s", unreachable)
        except client.DeviceRefused as refused:
            failures += 1
            delay = rules.BACKOFF_CAP_S
            log.error("the office refuses this node's token; enrol it again: %s", refused)
        except Exception:  # noqa: BLE001 - the agent must outlive any one failed round
            failures += 1
            delay = rules.backoff_seconds(failures)
            log.exception("sync round failed")
        else:
            if failures:
                log.warning("office answers again; %s pending", report.pending)
            failures, delay = 0, interval
        with suppress(asyncio.TimeoutError):  # the wait ends early only when the node shuts down
            await asyncio.wait_for(stop.wait(), timeout=delay)
