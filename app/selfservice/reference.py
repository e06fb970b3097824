"""Plant-wide reference data My page reads for every worker (shifts, calendar, rates, leave types), kept a minute."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from app.db.engine import current_engine

REFERENCE_SECONDS = 60.0  # plant-wide reference data (shifts, calendar, rates) is read at most once a minute
_reference: dict[tuple, tuple[object, float, Any]] = {}


async def cached(key: tuple, load: Callable[[], Awaitable[Any]]) -> Any:
    """Plant-wide reference data shared by every worker's page, kept REFERENCE_SECONDS per database: at a
    shift change a thousand pages read it once a minute instead of once each (a change to shifts or rates
    shows on My page within the minute; HR's pages and payroll always read it fresh)."""
    engine, now = current_engine(), time.monotonic()
    found = _reference.get(key)
    if found is None or found[0] is not engine or found[1] < now:
        if len(_reference) > 64:
            _reference.clear()
        found = (engine, now + REFERENCE_SECONDS, await load())
        _reference[key] = found
    return found[2]
