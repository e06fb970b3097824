"""Absences explained by a capability above attendance (leave), without attendance importing it; and the days
on which a capability above (self-service's overtime requests) approved arriving early as overtime.

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


EarlyOvertime = Callable[[list[int] | None, date, date], Awaitable[set[tuple[int, date]]]]
_EARLY: list[EarlyOvertime] = []


def register_early_overtime(provider: EarlyOvertime) -> None:
    """provider: the (employee id, work date) pairs on which work before the shift was approved as overtime
    (RULES.md: arriving early is not overtime unless a supervisor approved it). The capability marks a day it
    changes stale itself (app.attendance.days.compute.mark_stale)."""
    if provider not in _EARLY:
        _EARLY.append(provider)


async def early_overtime(employee_ids: list[int] | None, first: date, last: date) -> set[tuple[int, date]]:
    found: set[tuple[int, date]] = set()
    for provider in _EARLY:
        found |= await provider(employee_ids, first, last)
    return found
