"""Column values as either engine hands them back, made one Python value: the SQLite/PostgreSQL quirks in one place.

SQLite returns JSON columns as their text and MIN/MAX of a date or a timestamp as ISO text; PostgreSQL
(asyncpg) returns Python objects. Domain code calls these instead of checking `isinstance(value, str)`.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from app.timeutil import as_utc


def json_value(value: Any, default: Any = None) -> Any:
    """A JSON column's value (parsed when it comes back as text); default for NULL."""
    if value is None:
        return default
    return json.loads(value) if isinstance(value, str) else value


def date_value(value: date | str | None) -> date | None:
    """A date column or aggregate (ISO text on SQLite, "2026-11-25" or "2026-11-25 00:00:00"); None stays None."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def utc_moment(value: datetime | str | None) -> datetime | None:
    """A timestamp column or aggregate as aware UTC (SQLite returns MIN/MAX of a timestamp as text)."""
    if value is None:
        return None
    return as_utc(datetime.fromisoformat(value) if isinstance(value, str) else value)
