"""Pure rules of the sync agent: when to try the office again."""

from __future__ import annotations

import random

INTERVAL_S = 3.0  # online: push then pull every few seconds (Settings.sync_interval_s, FLOORHR_SYNC_INTERVAL)
BATCH = 500  # events per push; the office takes at most 500 (Settings.sync_batch, FLOORHR_SYNC_BATCH)
BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 60.0  # an office back after an outage is noticed within a minute


def backoff_seconds(
    failures: int, draw: float | None = None, base: float = BACKOFF_BASE_S, cap: float = BACKOFF_CAP_S
) -> float:
    """Seconds to wait after `failures` failed attempts in a row: exponential, capped, with jitter.

    The wait is drawn between half and all of min(cap, base * 2^(failures-1)) ("equal jitter"), so
    the kiosks of a plant that lost the office together do not all call back in the same second.
    draw in [0, 1) replaces the random draw in tests.
    """
    if failures <= 0:
        return 0.0
    ceiling = min(cap, base * 2 ** (failures - 1))
    draw = random.random() if draw is None else draw
    return ceiling / 2 + ceiling / 2 * draw
