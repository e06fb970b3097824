"""What one capability exchanges with kiosk nodes: the reference tables they pull, the facts they push.

Each capability declares its part in app/<cap>/sync.py as PART; app/wiring.py lists them all, explicitly,
and installs them once. The sync core never imports a capability: it reads what was installed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.sync import facts, reference
from app.sync.reference import Pulled


@dataclass(frozen=True)
class SyncPart:
    pulled: tuple[Pulled, ...] = ()  # pulled down to kiosks, in this order
    appliers: tuple = ()  # marked with app.sync.facts.fact_kind or batch_fact_kind


def install(parts: Iterable[SyncPart]) -> None:
    parts = tuple(parts)
    reference.install(tuple(pulled for part in parts for pulled in part.pulled))
    facts.install([applier for part in parts for applier in part.appliers])
