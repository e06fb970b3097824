"""Office side of the outbox: how each kind of fact pushed by a kiosk is checked and stored.

A capability marks an applier for each fact kind it records on kiosks and lists it in its app/<cap>/sync.py:

    @fact_kind("scan")
    async def apply_scan(fact: PushedFact) -> None: ...

The applier runs inside the push's write transaction, stores the fact under fact.id (so a replay
finds it) and raises InvalidFact(reason) when the payload cannot be accepted; the sync API then puts
the fact in quarantine for HR with that reason. Appliers never call record_fact.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime


class InvalidFact(ValueError):
    """The payload of a pushed fact cannot be stored; the reason is shown to HR on the Sync page."""


@dataclass(frozen=True)
class PushedFact:
    id: uuid.UUID
    kind: str
    payload: dict
    recorded_at: datetime  # the node's clock, UTC
    node_id: str  # the device's node id
    node_seq: int
    clock_suspect: bool  # the node's clock was off by more than 2 minutes when it pushed


Applier = Callable[[PushedFact], Awaitable[None]]
BatchApplier = Callable[[list[PushedFact]], Awaitable[dict[uuid.UUID, str]]]
_APPLIERS: dict[str, Applier] = {}
_BATCH_APPLIERS: dict[str, BatchApplier] = {}


def fact_kind(kind: str) -> Callable[[Applier], Applier]:
    """Marks an applier as the office's for kind; a capability lists it in its app/<cap>/sync.py."""

    def mark(applier: Applier) -> Applier:
        applier.fact_kind, applier.batched = kind, False
        return applier

    return mark


def batch_fact_kind(kind: str) -> Callable[[BatchApplier], BatchApplier]:
    """For a kind kiosks record by the thousand (scans): the applier takes the batch's new facts of that kind,
    validates them without writing, stores the valid ones in bulk, and returns {id: reason} for the rest."""

    def mark(applier: BatchApplier) -> BatchApplier:
        applier.fact_kind, applier.batched = kind, True
        return applier

    return mark


def install(appliers) -> None:
    """The appliers every capability declares (app.sync.parts.install); the same set whatever the role."""
    _APPLIERS.clear()
    _BATCH_APPLIERS.clear()
    for applier in appliers:
        (_BATCH_APPLIERS if applier.batched else _APPLIERS)[applier.fact_kind] = applier


def applier_for(kind: str) -> Applier | None:
    return _APPLIERS.get(kind)


def batch_applier_for(kind: str) -> BatchApplier | None:
    return _BATCH_APPLIERS.get(kind)


def known_kinds() -> list[str]:
    return sorted({*_APPLIERS, *_BATCH_APPLIERS})


INT_MAX = 2**31 - 1  # office row ids are 32-bit; a kiosk's provisional ids are far above


def office_id(value) -> int | None:
    """value if it can be an office row id, else None (a kiosk node's provisional id, or junk)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= INT_MAX else None
