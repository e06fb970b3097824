"""What HR sees of backups: the last one that worked, the last attempt if it failed, and the schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from app.ops import rules
from app.ops.backup import BackupConfig, stored_passphrase
from app.ops.tables import BackupRun
from app.timeutil import as_utc, utcnow


@dataclass(frozen=True)
class LastBackup:
    taken: datetime  # UTC
    age: timedelta
    size: int  # bytes
    path: str
    copied_to: str
    trigger: str


@dataclass(frozen=True)
class BackupStatus:
    last: LastBackup | None
    stale: bool  # red: none, or older than 36 h
    failed_message: str  # the latest attempt failed after the last success: why ("" otherwise)
    nightly_at: time
    folder: Path
    copy_to: Path | None
    has_passphrase: bool
    keep_daily: int
    keep_monthly: int


async def backup_status(config: BackupConfig) -> BackupStatus:
    now = utcnow()
    latest = await BackupRun.select().order_by(BackupRun.taken_at, ascending=False).first().run()
    good = (
        await BackupRun.select()
        .where(BackupRun.ok == True)
        .order_by(  # noqa: E712 - a Piccolo expression
            BackupRun.taken_at, ascending=False
        )
        .first()
        .run()
    )
    last = None
    if good:
        taken = as_utc(good["taken_at"])
        last = LastBackup(
            taken, max(now - taken, timedelta(0)), good["size"], good["path"], good["copied_to"], good["trigger"]
        )
    fresh = rules.freshness(last.taken if last else None, now)
    failed = latest["message"] if latest and not latest["ok"] else ""
    return BackupStatus(
        last,
        fresh.stale,
        failed,
        config.at,
        config.folder,
        config.copy_to,
        stored_passphrase(config) is not None,
        config.keep_daily,
        config.keep_monthly,
    )
