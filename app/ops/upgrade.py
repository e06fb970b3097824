"""Upgrade checks: `floorhr migrate` backs the database up first when it holds data and migrations are pending."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.errors import Refused
from app.i18n import N_
from app.ops import database as db
from app.ops.backup import stored_passphrase, take_backup
from app.ops.migrations import known_migrations
from app.ops.plan import current_config
from app.settings import Settings

NEEDS_PASSPHRASE = N_(
    "The database holds data and migrations are pending, so floorhr backs it up first, but no "
    "backup passphrase is set: run `floorhr backup passphrase`, or `floorhr migrate --no-backup` "
    "if you have a backup of your own."
)


@dataclass(frozen=True)
class BeforeMigrating:
    pending: int  # migrations this code base has that the database has not run
    backup: Path | None  # the archive taken first, if one was


def pending_migrations(applied: dict[str, list[str]]) -> int:
    return sum(len(ids - set(applied.get(app, []))) for app, ids in known_migrations().items())


async def backup_before_migrating(settings: Settings, skip: bool = False) -> BeforeMigrating:
    counts, applied = await db.state_of(settings.database_url)
    pending = pending_migrations(applied)
    if skip or not pending or not db.has_data(counts):
        return BeforeMigrating(pending, None)
    config = await current_config(settings)
    passphrase = stored_passphrase(config)
    if passphrase is None:
        raise Refused(NEEDS_PASSPHRASE)
    return BeforeMigrating(pending, (await take_backup(settings, config, passphrase, "migrate")).path)
