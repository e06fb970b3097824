"""Browsers an admin activated as kiosks of the office node (Device kind "browser"): a random token in a
long-lived cookie, only its SHA-256 stored."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from app.audit import service as audit
from app.auth.tables import Device
from app.db.tx import write_transaction
from app.i18n import N_
from app.timeutil import as_utc, utcnow

BROWSER = "browser"
CACHE_SECONDS = 10.0  # a revoked kiosk stops scanning within this time; saves a query on every scan
# Keyed by the database too: the tokens of one database's devices say nothing about another's (a test process,
# or a tool that opens two databases, binds Device to each in turn).
_cache: dict[tuple[object, str], tuple[float, str | None]] = {}


class KioskError(ValueError):
    """A kiosk cannot be activated; args[0] is the message, marked for translation."""


@dataclass(frozen=True)
class KioskRow:
    id: int
    name: str
    created_by: str
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def list_browsers() -> list[KioskRow]:
    rows = await Device.select().where(Device.kind == BROWSER).order_by(Device.created_at, ascending=False).run()
    return [
        KioskRow(
            row["id"],
            row["name"],
            row["created_by"],
            as_utc(row["created_at"]),
            as_utc(row["last_seen_at"]) if row["last_seen_at"] else None,
            as_utc(row["revoked_at"]) if row["revoked_at"] else None,
        )
        for row in rows
    ]


async def activate_browser(name: str, actor: audit.Actor) -> str:
    """A new browser kiosk; returns the token for its cookie (shown to nobody, stored hashed)."""
    name = " ".join(name.split())
    if not 1 <= len(name) <= 60:
        raise KioskError(N_("A kiosk name needs 1 to 60 characters."))
    token = secrets.token_urlsafe(32)
    now = utcnow()
    async with write_transaction():
        taken = (
            await Device.exists()
            .where((Device.kind == BROWSER) & (Device.name == name) & Device.revoked_at.is_null())
            .run()
        )
        if taken:
            raise KioskError(N_("An active kiosk has this name. Revoke it first, or choose another name."))
        device = Device(
            name=name,
            kind=BROWSER,
            token_hash=_hash(token),
            created_by=actor.name,
            created_at=now,
            enrolled_at=now,
            last_seen_at=now,
        )
        await device.save().run()
        await audit.record(actor, "kiosk.activate", "device", device.id, after={"name": name})
    return token


async def revoke_browser(device_id: int, actor: audit.Actor) -> None:
    async with write_transaction():
        revoked = (
            await Device.update({Device.revoked_at: utcnow()})
            .where((Device.id == device_id) & (Device.kind == BROWSER) & Device.revoked_at.is_null())
            .returning(Device.name)
            .run()
        )
        if revoked:
            await audit.record(actor, "kiosk.revoke", "device", device_id, before={"name": revoked[0]["name"]})
    _cache.clear()


async def kiosk_for_token(token: str) -> str | None:
    """The active browser kiosk's name for a cookie token, or None (cached briefly)."""
    digest = _hash(token)
    key = (Device._meta.db, digest)
    cached = _cache.get(key)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    row = (
        await Device.select(Device.name)
        .where((Device.token_hash == digest) & (Device.kind == BROWSER) & Device.revoked_at.is_null())
        .first()
        .run()
    )
    name = row["name"] if row else None
    if len(_cache) > 1000:
        _cache.clear()
    _cache[key] = (time.monotonic() + CACHE_SECONDS, name)
    return name


async def seen(token: str) -> None:
    """Note when a kiosk page was last opened (not on every scan: that would be a write per scan)."""
    async with write_transaction():
        await Device.update({Device.last_seen_at: utcnow()}).where(Device.token_hash == _hash(token)).run()
