"""Pure rules of backups: archive names, which copies to keep, when the next nightly run is, when to worry.

Times: archive names and `taken` moments are UTC; the nightly time of day is plant-local (the plant's zone
is passed in). No database, no HTTP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

SUFFIX = ".fhrbak"
_NAME = re.compile(r"^floorhr-(\d{8}T\d{6}Z)" + re.escape(SUFFIX) + "$")
STALE_AFTER = timedelta(hours=36)  # a nightly backup missed once is noticed; missed twice is red


def archive_name(taken: datetime) -> str:
    """floorhr-20261125T020000Z.fhrbak: sorts by time, and says when in UTC."""
    return f"floorhr-{taken.astimezone(UTC):%Y%m%dT%H%M%SZ}{SUFFIX}"


def taken_at(name: str) -> datetime | None:
    """The UTC moment in an archive's name, or None for a file that is not one of ours."""
    match = _NAME.match(name)
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC) if match else None


def to_keep(names: list[str], zone: ZoneInfo, daily: int, monthly: int) -> set[str]:
    """The newest archive of each of the last `daily` plant-local days that have one, and the newest of each
    of the last `monthly` months; files that are not archives are always kept (never ours to delete)."""
    ours = sorted(((taken_at(name), name) for name in names if taken_at(name)), reverse=True)
    keep = {name for name in names if not taken_at(name)}
    for count, bucket in ((daily, lambda day: day), (monthly, lambda day: (day.year, day.month))):
        seen: list = []
        for moment, name in ours:
            key = bucket(moment.astimezone(zone).date())
            if key not in seen:
                if len(seen) == count:
                    break
                seen.append(key)
                keep.add(name)
    return keep


def next_run(now: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The next plant-local `at` strictly after now (aware), as an aware UTC datetime."""
    local = now.astimezone(zone)
    candidate = datetime.combine(local.date(), at, zone)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, zone)
    return candidate.astimezone(UTC)


def parse_time_of_day(text: str) -> time | None:
    """'02:30' -> 02:30; anything else None."""
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", text.strip())
    return time(int(match.group(1)), int(match.group(2))) if match else None


@dataclass(frozen=True)
class Freshness:
    age: timedelta | None  # None: never backed up
    stale: bool  # shown in red


def freshness(last_success: datetime | None, now: datetime) -> Freshness:
    if last_success is None:
        return Freshness(None, True)
    age = max(now - last_success, timedelta(0))
    return Freshness(age, age > STALE_AFTER)


def unknown_migrations(archived: dict[str, list[str]], known: dict[str, set[str]]) -> list[str]:
    """Migrations the archive's database ran that this code base does not have: it comes from a newer floorhr."""
    return [
        f"{app}:{name}"
        for app, names in sorted(archived.items())
        for name in names
        if name not in known.get(app, set())
    ]


def replay_targets(archived: dict[str, list[str]], known: dict[str, set[str]]) -> dict[str, str] | None:
    """Per app, the last migration to run so that a new database has exactly the archive's schema: Piccolo runs an
    app's migrations in the order of their ids, so this works when the archive ran the first N of them (its app
    absent: none). None when it ran some but skipped an earlier one (a migration merged in later with an older
    id), which cannot be replayed in order."""
    targets = {}
    for app, names in archived.items():
        ran = set(names)
        if not ran:
            continue
        ordered = sorted(known.get(app, set()))
        if set(ordered[: len(ran)]) != ran:
            return None
        targets[app] = ordered[len(ran) - 1]
    return targets
