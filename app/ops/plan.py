"""The backup schedule HR sets on the Plant's backup page: nightly time, copies kept, folder, second folder.

Stored as plant settings (through people.plant_settings, audited). A value set on the page wins over the
server's FLOORHR_BACKUP_* setting, which wins over the default; a field left empty on the page leaves it to
the server. Read afresh for every backup and every night,
so a change applies without restarting the server.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.audit.service import Actor
from app.errors import Refused
from app.forms import int_field
from app.i18n import N_
from app.ops import rules
from app.ops.backup import BackupConfig
from app.people import plant_settings
from app.settings import Settings, SettingsError

log = logging.getLogger("floorhr.ops")
# page field -> (plant setting, the FLOORHR_BACKUP_* setting it stands for)
FIELDS = {
    "at": ("backup_at", "FLOORHR_BACKUP_AT"),
    "keep_daily": ("backup_keep_daily", "FLOORHR_BACKUP_KEEP_DAILY"),
    "keep_monthly": ("backup_keep_monthly", "FLOORHR_BACKUP_KEEP_MONTHLY"),
    "folder": ("backup_dir", "FLOORHR_BACKUP_DIR"),
    "copy_to": ("backup_copy_to", "FLOORHR_BACKUP_COPY_TO"),
}
BAD_TIME = N_("Enter a time of day such as 02:30, or leave it empty.")
NOT_ABSOLUTE = N_("Enter a full folder path on the server, such as /srv/backups or D:\\backups, or leave it empty.")


async def page_values() -> dict[str, str]:
    """What HR set on the page, field by field ("" for not set)."""
    values = {}
    for field, (key, _) in FIELDS.items():
        value = await plant_settings.read(key)
        values[field] = "" if value is None else str(value)
    return values


async def current_config(settings: Settings) -> BackupConfig:
    """The configuration a backup uses now: the page's values over the server's settings over the defaults.
    A database without the plant settings yet (before `floorhr migrate`) has only the server's."""
    try:
        values = await page_values()
    except Exception as exc:  # noqa: BLE001 - no plant_setting table yet: the server's settings alone
        log.debug("backup schedule from the server's settings only: %s", exc)
        values = {}
    chosen = {FIELDS[field][1]: value for field, value in values.items() if value}
    try:
        return BackupConfig.from_env(settings, {**settings.backup_env, **chosen})
    except SettingsError as exc:  # checked on saving; should a stored value still not parse, the server's
        log.warning("the backup schedule on the Plant page is not usable (%s): the server's settings apply", exc)
        return BackupConfig.from_env(settings)


@dataclass(frozen=True)
class Schedule:
    at: str
    keep_daily: int | None
    keep_monthly: int | None
    folder: str
    copy_to: str


def _folder(text: str, field: str) -> str:
    text = text.strip()
    if text and not (Path(text).is_absolute() or Path(text).drive):
        raise Refused(NOT_ABSOLUTE, field=field)
    return text


def parse(form: dict[str, str]) -> Schedule:
    at = (form.get("at") or "").strip()
    if at and rules.parse_time_of_day(at) is None:
        raise Refused(BAD_TIME, field="at")
    return Schedule(
        at=f"{rules.parse_time_of_day(at):%H:%M}" if at else "",
        keep_daily=int_field(form.get("keep_daily"), "keep_daily", minimum=1, maximum=366, required=False),
        keep_monthly=int_field(form.get("keep_monthly"), "keep_monthly", minimum=0, maximum=120, required=False),
        folder=_folder(form.get("folder") or "", "folder"),
        copy_to=_folder(form.get("copy_to") or "", "copy_to"),
    )


async def save(schedule: Schedule, actor: Actor) -> None:
    before = await page_values()
    for field, (key, _) in FIELDS.items():
        value = getattr(schedule, field)
        value = "" if value is None else str(value)
        if value != before[field]:  # only what changed is written and audited
            await plant_settings.write(key, value, actor)
