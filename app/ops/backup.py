"""Taking a backup: a consistent database copy, the secret key and the uploaded files in one encrypted archive.

Where backups go and when (FLOORHR_BACKUP_*, read once into BackupConfig), where the passphrase comes
from, the second copy, pruning to N daily and M monthly copies, and the record HR sees on the Plant page.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from datetime import time as time_of_day
from pathlib import Path

from app import __version__
from app.errors import Refused
from app.i18n import N_
from app.ops import database as db
from app.ops import rules
from app.ops.archive import Part, write_archive
from app.ops.crypto import sealing_key
from app.ops.tables import BackupRun
from app.settings import Settings, SettingsError
from app.timeutil import utcnow

log = logging.getLogger("floorhr.ops")
NO_PASSPHRASE = N_("No backup passphrase is set: run `floorhr backup passphrase` on the server first.")
PASSPHRASE_ENV = "FLOORHR_BACKUP_PASSPHRASE"
RUNNING = N_("A backup is already running; wait for it to finish.")
_one_at_a_time = asyncio.Lock()  # in this server process: "back up now" and the nightly run


@dataclass(frozen=True)
class BackupConfig:
    folder: Path  # where archives are written (FLOORHR_BACKUP_DIR, default DATA_DIR/backups)
    copy_to: Path | None  # a second folder: a USB disk or a mounted network share (FLOORHR_BACKUP_COPY_TO)
    at: time_of_day  # plant-local time of the nightly backup (FLOORHR_BACKUP_AT, default 02:30)
    keep_daily: int  # FLOORHR_BACKUP_KEEP_DAILY, default 7
    keep_monthly: int  # FLOORHR_BACKUP_KEEP_MONTHLY, default 12
    passphrase_file: Path  # DATA_DIR/backup.passphrase, written by `floorhr backup passphrase`
    passphrase: str = ""  # FLOORHR_BACKUP_PASSPHRASE, when the plant prefers it to the file
    nightly: bool = True  # FLOORHR_BACKUP_NIGHTLY=off: this server takes no nightly backups

    @classmethod
    def from_env(cls, settings: Settings, environ: dict[str, str] | None = None) -> BackupConfig:
        env = dict(settings.backup_env if environ is None else environ)
        at = rules.parse_time_of_day(env.get("FLOORHR_BACKUP_AT", "02:30"))
        if at is None:
            raise SettingsError(
                f"FLOORHR_BACKUP_AT must be a time of day such as 02:30, not {env['FLOORHR_BACKUP_AT']!r}"
            )
        keep = {}
        for name, default in (("DAILY", 7), ("MONTHLY", 12)):
            text = env.get(f"FLOORHR_BACKUP_KEEP_{name}", str(default))
            if not re.fullmatch(r"[0-9]{1,6}", text) or (name == "DAILY" and int(text) < 1):
                raise SettingsError(
                    f"FLOORHR_BACKUP_KEEP_{name} must be a whole number (daily at least 1), not {text!r}"
                )
            keep[name] = int(text)
        copy_to = env.get("FLOORHR_BACKUP_COPY_TO", "")
        return cls(
            folder=Path(env.get("FLOORHR_BACKUP_DIR", settings.data_dir / "backups")).resolve(),
            copy_to=Path(copy_to).resolve() if copy_to else None,
            at=at,
            keep_daily=keep["DAILY"],
            keep_monthly=keep["MONTHLY"],
            passphrase_file=settings.data_dir / "backup.passphrase",
            passphrase=env.get(PASSPHRASE_ENV, ""),
            nightly=env.get("FLOORHR_BACKUP_NIGHTLY", "on") != "off",
        )


def stored_passphrase(config: BackupConfig) -> str | None:
    """FLOORHR_BACKUP_PASSPHRASE, else the passphrase file; None when neither is set."""
    if config.passphrase:
        return config.passphrase
    if config.passphrase_file.exists():
        return config.passphrase_file.read_text().rstrip("\n") or None
    return None


def store_passphrase(config: BackupConfig, passphrase: str) -> None:
    config.passphrase_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(config.passphrase_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(passphrase + "\n")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int  # bytes
    copied_to: Path | None
    taken: datetime  # UTC
    counts: dict[str, int]
    seconds: float
    pruned: int


def uploaded_files(settings: Settings, config: BackupConfig) -> list[Part]:
    """Everything under the data folder that is not the database, a backup, the secret or the passphrase:
    training materials, stashed imports and whatever later capabilities keep there."""
    skip = {config.passphrase_file.resolve(), (settings.secret_file or settings.data_dir / "secret.key").resolve()}
    if settings.database_kind == "sqlite":
        base = db.sqlite_path(settings.database_url).resolve()
        skip |= {Path(f"{base}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")}
    folders = [config.folder, *([config.copy_to] if config.copy_to else [])]
    parts = []
    for path in sorted(settings.data_dir.rglob("*")):
        resolved = path.resolve()
        relative = path.relative_to(settings.data_dir)
        if (
            not path.is_file()
            or resolved in skip
            or relative.parts[0].startswith((".backup-", ".restore-"))
            or any(resolved.is_relative_to(folder) for folder in folders)
        ):
            continue
        parts.append(Part(f"files/{relative.as_posix()}", path))
    return parts


def _copy_and_prune(archive: Path, config: BackupConfig, zone) -> tuple[Path | None, int]:
    copied = None
    if config.copy_to:
        config.copy_to.mkdir(parents=True, exist_ok=True)
        partial = config.copy_to / (archive.name + ".part")
        shutil.copyfile(archive, partial)
        os.replace(partial, config.copy_to / archive.name)
        copied = config.copy_to / archive.name
    pruned = 0
    for folder in [config.folder, *([config.copy_to] if config.copy_to else [])]:
        names = [path.name for path in folder.iterdir() if path.is_file()]
        for name in set(names) - rules.to_keep(names, zone, config.keep_daily, config.keep_monthly):
            (folder / name).unlink(missing_ok=True)
            pruned += 1
    return copied, pruned


def _manifest(taken: datetime, snapshot: db.Snapshot) -> dict:
    return {
        "kind": "floorhr backup",
        "version": __version__,
        "created_at": taken.isoformat(),
        "database": snapshot.kind,
        "migrations": snapshot.migrations,
        "counts": snapshot.counts,
    }


def _sqlite_archive(settings: Settings, work: Path, archive: Path, passphrase: str, rest: list[Part], taken):
    """Blocking: the snapshot is read inside its transaction, straight into the archive. The passphrase's key
    (scrypt, about 0.1 s of one core) is derived in a second thread while SQLite checkpoints and counts."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="floorhr-scrypt") as deriving:
        key = deriving.submit(sealing_key, passphrase)
        with db.sqlite_snapshot(settings.database_url, work) as snapshot:
            write_archive(archive, key.result(), [snapshot.part, *rest], _manifest(taken, snapshot))
    return snapshot


async def _archive(settings: Settings, work: Path, archive: Path, passphrase: str, rest: list[Part], taken):
    if settings.database_kind == "sqlite":
        return await asyncio.to_thread(_sqlite_archive, settings, work, archive, passphrase, rest, taken)
    snapshot = await db.pg_snapshot(settings.database_url, work)
    await asyncio.to_thread(write_archive, archive, passphrase, [snapshot.part, *rest], _manifest(taken, snapshot))
    return snapshot


async def take_backup(
    settings: Settings, config: BackupConfig, passphrase: str | None, trigger: str = "cli", folder: Path | None = None
) -> BackupResult:
    """Back up now into folder (default: the configured one), record the run, and prune old copies."""
    if not passphrase:
        raise Refused(NO_PASSPHRASE)
    started, taken = time.monotonic(), utcnow()
    folder = (folder or config.folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".backup-", dir=folder))
    try:
        secret = settings.secret_file or settings.data_dir / "secret.key"
        rest = [Part("secret.key", secret), *uploaded_files(settings, config)]
        archive = folder / rules.archive_name(taken)
        snapshot = await _archive(settings, work, archive, passphrase, rest, taken)
        same = folder == config.folder
        copied, pruned = await asyncio.to_thread(_copy_and_prune, archive, config, settings.zone) if same else (None, 0)
        result = BackupResult(
            archive, archive.stat().st_size, copied, taken, snapshot.counts, time.monotonic() - started, pruned
        )
    except Exception as exc:
        await record(taken, trigger, None, str(getattr(exc, "text", exc)) or type(exc).__name__)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    await record(taken, trigger, result)
    return result


async def record(taken: datetime, trigger: str, result: BackupResult | None, message: str = "") -> None:
    """Keep the run for the Plant page; a database without the ops table yet (before `migrate`) keeps none."""
    try:
        await BackupRun.insert(
            BackupRun(
                taken_at=taken,
                finished_at=utcnow(),
                trigger=trigger,
                ok=result is not None,
                path=str(result.path) if result else "",
                size=result.size if result else 0,
                copied_to=str(result.copied_to or "") if result else "",
                message=message[:2000],
            )
        ).run()
    except Exception as exc:  # noqa: BLE001 - the backup itself is what matters; the record is for display
        log.warning("could not record the backup run: %s", exc)


async def backup_now(settings: Settings, config: BackupConfig, trigger: str = "manual") -> BackupResult:
    """The server's backups ("back up now", nightly): one at a time, with the configured passphrase
    (config: app.ops.plan.current_config, the Plant page's schedule over the server's settings)."""
    if _one_at_a_time.locked():
        raise Refused(RUNNING, status=409)
    async with _one_at_a_time:
        return await take_backup(settings, config, stored_passphrase(config), trigger)
