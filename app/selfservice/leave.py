"""My page's leave section: the worker's balances and requests (SECTIONS in app.selfservice.month); the request form
posts to app.selfservice.leave_routes."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from app.forms import Month
from app.leave import mine, types
from app.selfservice.reference import cached
from app.timeutil import local_today


async def load(employee_id: int, month: Month, zone: ZoneInfo) -> mine.MyLeave:
    """The section's data: the same whichever month the page shows."""
    return await mine.my_leave(employee_id, local_today(zone), await cached(("leave_types",), types.all_types))
