"""A running solve's progress, for the planner page to poll: the best plan's objective, CP-SAT's bound, the gap.

Held in this process's memory by a token the page's form carries (a run takes at most MAX_SECONDS; entries older
than KEEP_SECONDS are dropped). A page served by another process, or a token never seen, just shows no figures.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

KEEP_SECONDS = 600.0
TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


@dataclass
class Progress:
    seconds: float  # the run's time limit
    started: float = field(default_factory=time.monotonic)
    objective: float | None = None  # the best plan's objective so far (all parts solved so far)
    bound: float | None = None  # CP-SAT's bound on the best possible objective
    solutions: int = 0
    done: bool = False

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def gap(self) -> float | None:
        """The relative optimality gap of the best plan so far, 0..1 (as Solution.gap)."""
        if self.objective is None or not self.bound:
            return None
        return max(0.0, (self.bound - self.objective) / abs(self.bound))


_live: dict[str, Progress] = {}


def valid(token: str) -> bool:
    return bool(TOKEN.match(token or ""))


def start(token: str, seconds: float) -> Progress | None:
    if not valid(token):
        return None
    now = time.monotonic()
    for key in [key for key, item in _live.items() if now - item.started > KEEP_SECONDS]:
        _live.pop(key, None)
    _live[token] = Progress(seconds)
    return _live[token]


def get(token: str) -> Progress | None:
    return _live.get(token) if valid(token) else None


def reporter(item: Progress | None):
    """The solver's report callback for this progress (None: nothing to report to)."""
    if item is None:
        return None

    def report(objective: float, bound: float) -> None:
        item.objective, item.bound, item.solutions = objective, bound, item.solutions + 1

    return report
