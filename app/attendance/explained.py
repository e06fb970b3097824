"""Absences explained by a capability above attendance (leave), without attendance importing it.

A capability registers an explainer: given people and a range, the (employee id, work date) pairs it
explains with a code (the leave type). recompute_days turns those days from absent into status
"leave" with that code; lateness and absence reports then leave them out. The capability names the table
whose change numbers make those days stale, so ensure_days recomputes them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

Explainer = Callable[[list[int] | None, date, date], Awaitable[dict[tuple[int, date], str]]]

_EXPLAINERS: list[Explainer] = []
ENTITIES: set[str] = set()
LABELS: dict[str, str] = {}  # code → English msgid, for the attendance pages


def register(explainer: Explainer, entity: str, labels: dict[str, str] | None = None) -> None:
    """entity: the table (stamped with change numbers) whose changes make explained days stale."""
    if explainer not in _EXPLAINERS:
        _EXPLAINERS.append(explainer)
    ENTITIES.add(entity)
    LABELS.update(labels or {})


async def explained(employee_ids: list[int] | None, first: date, last: date) -> dict[tuple[int, date], str]:
    found: dict[tuple[int, date], str] = {}
    for explainer in _EXPLAINERS:
        found.update(await explainer(employee_ids, first, last))
    return found
