"""Times are stored in UTC and shown in the plant's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """An aware UTC datetime; SQLite hands some values back naive, and those are UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def to_local(value: datetime, zone: ZoneInfo) -> datetime:
    return as_utc(value).astimezone(zone)


def local_today(zone: ZoneInfo) -> date:
    return datetime.now(zone).date()
