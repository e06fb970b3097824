"""A worker's own leave for My page (at the kiosk or on a linked phone): what is left, their requests, what they may
ask for. Read from what this node holds: on a kiosk node the pulled balance and requests, with when it last synced."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.leave import kiosk_sync, service, types


@dataclass(frozen=True)
class MyLeave:
    balance: kiosk_sync.KioskBalance
    requests: list[service.RequestRow]
    types: list[types.TypeInfo]
    today: date


async def my_leave(employee_id: int, today: date, leave_types: list[types.TypeInfo] | None = None) -> MyLeave:
    """leave_types: the plant's types when the caller holds them already (My page keeps them a minute)."""
    return MyLeave(
        await kiosk_sync.kiosk_balance(employee_id, today.year),
        await service.latest_of(employee_id),
        [t for t in (leave_types if leave_types is not None else await types.all_types()) if t.active],
        today,
    )
