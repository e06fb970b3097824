"""What training needs from the capabilities above it, reached without importing them.

The probation assessment shows the worker's appraisal results (app.appraisal sits above training). The
composition layer (app/wiring.py) plugs appraisal's reader in here once; unplugged, the page shows none.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AppraisalLine:
    """One appraisal result as the probation page shows it. status: a message id; href: the result on the person's
    appraisal history (HR and heads; a supervisor follows the period's board instead);
    in_probation: the period overlaps the probation (else it is only the latest result)."""

    result_id: int
    period_id: int
    first_day: date
    last_day: date
    total: str
    grade: str
    status: str
    href: str
    in_probation: bool


# (employee id, first day, last day of the probation) -> the results over it, and the latest, newest first
AppraisalResults = Callable[[int, date, date], Awaitable[list[AppraisalLine]]]


async def _no_results(employee_id: int, first: date, last: date) -> list[AppraisalLine]:
    return []


@dataclass(frozen=True)
class Hooks:
    appraisal_results: AppraisalResults = _no_results


_plugged = Hooks()


def plug(hooks: Hooks) -> None:
    """Called by app.wiring.wire() only; the same hooks every time, whatever the node's role."""
    global _plugged
    _plugged = hooks


async def appraisal_results(employee_id: int, first: date, last: date) -> list[AppraisalLine]:
    return await _plugged.appraisal_results(employee_id, first, last)
