"""Kiosk nodes at the office (Device kind "node"): one-time enrolment codes, device tokens, revocation.

A code is shown once (CLI or the Devices page), valid for a day, and stored as its SHA-256; enrolling
with it hands the node a random token, also stored only as its SHA-256. Revoking a device clears
nothing but sets revoked_at, which every sync request checks, so the token is useless at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.audit import service as audit
from app.auth.tables import Device
from app.db.tx import write_transaction
from app.i18n import N_
from app.timeutil import as_utc, utcnow

NODE = "node"
CODE_HOURS = 24
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on a kiosk
CLOCK_FLAG_MS = 120_000  # RULES/DESIGN: a node clock off by more than 2 minutes is flagged


class DeviceError(ValueError):
    """args[0] is the message, marked for translation."""


@dataclass(frozen=True)
class NodeDevice:
    id: int
    name: str
    created_by: str
    created_at: datetime
    enrolled_at: datetime | None
    revoked_at: datetime | None
    last_seen_at: datetime | None
    backlog: int
    clock_offset_ms: int
    code_expires_at: datetime | None

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        return "enrolled" if self.enrolled_at else "waiting"

    @property
    def clock_suspect(self) -> bool:
        return abs(self.clock_offset_ms) > CLOCK_FLAG_MS


@dataclass(frozen=True)
class Enrolment:
    device_id: int
    name: str
    token: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _utc(value) -> datetime | None:
    return as_utc(value) if value else None


def _device(row: dict) -> NodeDevice:
    return NodeDevice(
        row["id"],
        row["name"],
        row["created_by"],
        as_utc(row["created_at"]),
        _utc(row["enrolled_at"]),
        _utc(row["revoked_at"]),
        _utc(row["last_seen_at"]),
        row["reported_backlog"],
        row["clock_offset_ms"],
        _utc(row["enrol_expires_at"]) if row["enrol_code_hash"] else None,
    )


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}"


async def list_nodes() -> list[NodeDevice]:
    rows = await Device.select().where(Device.kind == NODE).order_by(Device.created_at, ascending=False).run()
    return [_device(row) for row in rows]


async def add_node(name: str, actor: audit.Actor) -> tuple[NodeDevice, str]:
    """A new kiosk node waiting to enrol; returns it and its one-time code (shown once)."""
    name = " ".join(name.split())
    if not 1 <= len(name) <= 40:
        raise DeviceError(N_("A device name needs 1 to 40 characters."))
    code, now = new_code(), utcnow()
    async with write_transaction():
        taken = (
            await Device.exists()
            .where((Device.kind == NODE) & (Device.name == name) & Device.revoked_at.is_null())
            .run()
        )
        if taken:
            raise DeviceError(N_("An active device has this name. Revoke it first, or choose another name."))
        device = Device(
            name=name,
            kind=NODE,
            enrol_code_hash=digest(code),
            created_by=actor.name,
            created_at=now,
            enrol_expires_at=now + timedelta(hours=CODE_HOURS),
        )
        await device.save().run()
        await audit.record(actor, "device.add", "device", device.id, after={"name": name})
    row = await Device.select().where(Device.id == device.id).first().run()
    return _device(row), code


async def enrol(code: str) -> Enrolment:
    """Exchange a one-time code for a device token; the code stops working."""
    token, now = secrets.token_urlsafe(32), utcnow()
    async with write_transaction():
        row = (
            await Device.select(Device.id, Device.name, Device.enrol_expires_at)
            .where(
                (Device.kind == NODE)
                & (Device.enrol_code_hash == digest(normalise_code(code)))
                & Device.revoked_at.is_null()
            )
            .first()
            .run()
        )
        if row is None:
            raise DeviceError(N_("This enrolment code is not valid. Ask HR for a new one."))
        if as_utc(row["enrol_expires_at"]) < now:
            raise DeviceError(N_("This enrolment code has expired. Ask HR for a new one."))
        await (
            Device.update(
                {
                    Device.enrol_code_hash: "",
                    Device.enrol_expires_at: None,
                    Device.token_hash: digest(token),
                    Device.enrolled_at: now,
                    Device.last_seen_at: now,
                }
            )
            .where(Device.id == row["id"])
            .run()
        )
        await audit.record(audit.Actor(f"device:{row['name']}"), "device.enrol", "device", row["id"])
    return Enrolment(row["id"], row["name"], token)


async def node_for_token(token: str) -> NodeDevice | None:
    """The enrolled, not revoked device holding token; checked on every request (no cache: revocation is at once)."""
    if not token:
        return None
    row = (
        await Device.select()
        .where((Device.kind == NODE) & (Device.token_hash == digest(token)) & Device.revoked_at.is_null())
        .first()
        .run()
    )
    return _device(row) if row else None


async def revoke_node(device_id: int, actor: audit.Actor) -> bool:
    async with write_transaction():
        revoked = (
            await Device.update({Device.revoked_at: utcnow(), Device.enrol_code_hash: ""})
            .where((Device.id == device_id) & (Device.kind == NODE) & Device.revoked_at.is_null())
            .returning(Device.name)
            .run()
        )
        if revoked:
            await audit.record(actor, "device.revoke", "device", device_id, before={"name": revoked[0]["name"]})
    return bool(revoked)


async def node_by_name(name: str) -> NodeDevice | None:
    row = (
        await Device.select()
        .where((Device.kind == NODE) & (Device.name == name))
        .order_by(Device.created_at, ascending=False)
        .first()
        .run()
    )
    return _device(row) if row else None


async def seen(device_id: int, backlog: int | None, clock_offset_ms: int | None) -> None:
    """What the node reported with its last request (called inside the request's write transaction)."""
    values: dict = {Device.last_seen_at: utcnow()}
    if backlog is not None:
        values[Device.reported_backlog] = max(0, backlog)
    if clock_offset_ms is not None:
        values[Device.clock_offset_ms] = clock_offset_ms
    await Device.update(values).where(Device.id == device_id).run()
