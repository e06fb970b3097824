"""What people needs from the capabilities above it, reached without importing them.

People sits below attendance and badges, yet a transfer puts the employee on a shift (attendance) and a
leaver loses their badges and cards (badges). The composition layer (app/wiring.py) plugs attendance's
shift directory and badges' revocation in here once, before anything runs; unplugged, a transfer offers
no shift and a leaver has nothing revoked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from app.audit.service import Actor
from app.i18n import N_


class ShiftDirectory(Protocol):
    """The shifts a transfer may put an employee on (app.attendance.schedule.transfers)."""

    async def list_shifts(self) -> list[Any]: ...

    async def shift_exists(self, shift_id: int) -> bool: ...

    async def shift_name(self, shift_id: int | None) -> str: ...

    async def assign_on_transfer(
        self, employee_code: str, department_id: int | None, shift_id: int, effective_from: date, actor: Actor
    ) -> dict[str, str]: ...


class _NoShifts:
    async def list_shifts(self) -> list[Any]:
        return []

    async def shift_exists(self, shift_id: int) -> bool:
        return False

    async def shift_name(self, shift_id: int | None) -> str:
        return ""

    async def assign_on_transfer(
        self, employee_code: str, department_id: int | None, shift_id: int, effective_from: date, actor: Actor
    ) -> dict[str, str]:
        return {"shift_id": N_("Choose a shift from the list.")}


Revoke = Callable[[int, Actor], Awaitable[int]]  # (employee id, actor) -> how many credentials it revoked


@dataclass(frozen=True)
class Hooks:
    shifts: ShiftDirectory = _NoShifts()
    on_left: tuple[Revoke, ...] = ()  # each joins the caller's write transaction


_plugged = Hooks()


def plug(hooks: Hooks) -> None:
    """Called by app.wiring.wire() only; the same hooks every time, whatever the node's role."""
    global _plugged
    _plugged = hooks


def shifts() -> ShiftDirectory:
    return _plugged.shifts


async def left(employee_id: int, actor: Actor) -> int:
    """Everything a leaver held is revoked (their badges and cards); how many credentials went."""
    return sum([await revoke(employee_id, actor) for revoke in _plugged.on_left])
