"""Credentials: issue, reprint and revoke QR badges, register legacy cards, kiosk PINs, the PIN setting."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from app.audit import service as audit
from app.auth.passwords import hash_password, verify_password
from app.badges import rules
from app.badges.tables import Credential, KioskPin, PinThrottle
from app.db.tx import write_transaction
from app.i18n import N_
from app.people import plant_settings
from app.people.tables import Employee
from app.sync import outbox
from app.sync.changes import next_change_no
from app.timeutil import as_utc, utcnow

QR = "qr"
LEGACY_KINDS = ("barcode", "rfid")
PIN_SETTING = "legacy_card_requires_pin"
PIN_LENGTHS = range(4, 7)
NO_EMPLOYEE = N_("There is no such employee.")


class CredentialError(ValueError):
    """A credential cannot be issued or changed; the message is marked for translation."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CredentialRow:
    id: int
    kind: str
    value: str  # a badge: FHR1.<code>.<serial> (its mac is never stored); a card: its normalised number
    serial: int
    issued_at: datetime
    revoked_at: datetime | None
    revoked_reason: str

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class Holder:
    employee_id: int
    employee_code: str
    name: str
    department_name: str
    status: str


@dataclass(frozen=True)
class Credentials:
    holder: Holder
    items: list[CredentialRow]
    has_pin: bool
    pin_required: bool

    @property
    def current_badge(self) -> CredentialRow | None:
        return next((item for item in self.items if item.kind == QR and item.active), None)


@dataclass(frozen=True)
class IssuedBadge:
    employee_code: str
    name: str
    serial: int
    payload: str


def qr_value(employee_code: str, serial: int) -> str:
    """What a QR credential stores and a scanned badge is looked up by: the signed text without its mac."""
    return f"{rules.BADGE_PREFIX}.{employee_code}.{serial}"


def payload_of(secret: bytes, value: str) -> str:
    """The printable payload of a QR credential's stored value."""
    _, code, serial = value.split(".")
    return rules.sign_badge(secret, code, int(serial))


async def _holder(employee_id: int) -> Holder:
    row = (
        await Employee.select(
            Employee.id, Employee.employee_code, Employee.name, Employee.status, Employee.department.name
        )
        .where(Employee.id == employee_id)
        .first()
        .run()
    )
    if row is None:
        raise CredentialError(NO_EMPLOYEE)
    return Holder(row["id"], row["employee_code"], row["name"], row["department.name"] or "", row["status"])


async def employee_id_for_code(code: str) -> int:
    row = await Employee.select(Employee.id).where(Employee.employee_code == code.strip().upper()).first().run()
    if row is None:
        raise CredentialError(NO_EMPLOYEE)
    return row["id"]


async def pin_required() -> bool:
    return await plant_settings.read(PIN_SETTING) is True


async def credentials_of(employee_id: int) -> Credentials:
    holder = await _holder(employee_id)
    rows = (
        await Credential.select()
        .where(Credential.employee == employee_id)
        .order_by(Credential.issued_at, ascending=False)
        .run()
    )
    items = [
        CredentialRow(
            row["id"],
            row["kind"],
            row["value"],
            row["serial"],
            as_utc(row["issued_at"]),
            as_utc(row["revoked_at"]) if row["revoked_at"] else None,
            row["revoked_reason"],
        )
        for row in rows
    ]
    has_pin = await KioskPin.exists().where(KioskPin.employee == employee_id).run()
    return Credentials(holder, items, has_pin, await pin_required())


async def _revoke(where, reason: str) -> int:
    """Revoke the active credentials matching where; returns how many."""
    revoked = (
        await Credential.update(
            {
                Credential.revoked_at: utcnow(),
                Credential.revoked_reason: reason,
                Credential.change_no: await next_change_no(),
            }
        )
        .where(where & Credential.revoked_at.is_null())
        .returning(Credential.id)
        .run()
    )
    return len(revoked)


async def _issue(employee_id: int, actor: audit.Actor) -> tuple[Holder, int, str]:
    async with write_transaction():
        holder = await _holder(employee_id)
        if holder.status == "left":
            raise CredentialError(N_("This employee has left: no badge can be issued."))
        rows = (
            await Credential.select(Credential.serial)
            .where((Credential.employee == employee_id) & (Credential.kind == QR))
            .run()
        )
        serial = max((row["serial"] for row in rows), default=0) + 1
        await _revoke((Credential.employee == employee_id) & (Credential.kind == QR), "reprinted")
        value = qr_value(holder.employee_code, serial)
        provisional = await outbox.provisional_id(Credential)  # a badge issued on a kiosk node (onboarding)
        await Credential.insert(
            Credential(
                **({"id": provisional} if provisional else {}),
                employee=employee_id,
                kind=QR,
                value=value,
                serial=serial,
                issued_at=utcnow(),
                change_no=await next_change_no(),
            )
        ).run()
        await audit.record(
            actor, "badge.reprint" if rows else "badge.issue", "employee", employee_id, after={"badge": value}
        )
    return holder, serial, value


async def issue_badge(employee_id: int, secret: bytes, actor: audit.Actor) -> IssuedBadge:
    """A new QR badge: serial 1, or a reprint with the next serial, which revokes the one before."""
    holder, serial, value = await _issue(employee_id, actor)
    return IssuedBadge(holder.employee_code, holder.name, serial, payload_of(secret, value))


async def current_badge(employee_id: int, secret: bytes) -> IssuedBadge | None:
    holder = await _holder(employee_id)
    row = (
        await Credential.select(Credential.value, Credential.serial)
        .where((Credential.employee == employee_id) & (Credential.kind == QR) & Credential.revoked_at.is_null())
        .first()
        .run()
    )
    if row is None:
        return None
    return IssuedBadge(holder.employee_code, holder.name, row["serial"], payload_of(secret, row["value"]))


async def badge_for(employee_id: int, secret: bytes, actor: audit.Actor) -> IssuedBadge:
    """The current badge, issuing the first one if there is none."""
    return await current_badge(employee_id, secret) or await issue_badge(employee_id, secret, actor)


async def revoke_credential(employee_id: int, credential_id: int, actor: audit.Actor, reason: str = "revoked") -> None:
    async with write_transaction():
        row = (
            await Credential.select(Credential.value)
            .where((Credential.id == credential_id) & (Credential.employee == employee_id))
            .first()
            .run()
        )
        if row is None or not await _revoke(Credential.id == credential_id, reason):
            raise CredentialError(N_("This badge or card is not active."))
        await audit.record(actor, "credential.revoke", "employee", employee_id, before={"credential": row["value"]})


async def revoke_all(employee_id: int, actor: audit.Actor, reason: str = "left") -> int:
    """Every active credential of the employee revoked (a leaver), each change-numbered (kiosks pull it) and
    audited; how many. Joins the caller's write transaction (people's exits, through app.people.hooks)."""
    active = (
        await Credential.select(Credential.id)
        .where((Credential.employee == employee_id) & Credential.revoked_at.is_null())
        .run()
    )
    for credential in active:
        await revoke_credential(employee_id, credential["id"], actor, reason=reason)
    return len(active)


async def revoke_badge(employee_id: int, actor: audit.Actor) -> None:
    """Withdraw the current QR badge (lost, or the person should not clock in any more)."""
    async with write_transaction():
        if not await _revoke((Credential.employee == employee_id) & (Credential.kind == QR), "revoked"):
            raise CredentialError(N_("This employee has no active badge."))
        await audit.record(actor, "badge.revoke", "employee", employee_id)


async def register_card(employee_id: int, kind: str, text: str, actor: audit.Actor) -> None:
    """A legacy barcode or RFID card as this employee's credential; its normalised text is the key."""
    if kind not in LEGACY_KINDS:
        raise CredentialError(N_("Choose the kind of card."))
    value = rules.legacy_card_key(text)
    if value is None:
        raise CredentialError(N_("A card number has 4 to 32 letters or digits and cannot start with FHR."))
    async with write_transaction():
        holder = await _holder(employee_id)
        taken = (
            await Credential.select(Credential.employee.name)
            .where((Credential.value == value) & (Credential.kind != QR) & Credential.revoked_at.is_null())
            .first()
            .run()
        )
        if taken is not None:
            raise CredentialError(N_("This card is already registered."))
        await Credential.insert(
            Credential(
                employee=holder.employee_id,
                kind=kind,
                value=value,
                serial=1,
                issued_at=utcnow(),
                change_no=await next_change_no(),
            )
        ).run()
        await audit.record(actor, "card.register", "employee", employee_id, after={"kind": kind, "card": value})


def pin_problem(pin: str) -> str | None:
    if not pin.isascii() or not pin.isdigit() or len(pin) not in PIN_LENGTHS:
        return N_("A PIN has 4 to 6 digits.")
    return None


async def set_pin(employee_id: int, pin: str, actor: audit.Actor) -> None:
    problem = pin_problem(pin)
    if problem:
        raise CredentialError(problem)
    pin_hash = await asyncio.to_thread(hash_password, pin)  # argon2 takes tens of ms: off the event loop
    async with write_transaction():
        await _holder(employee_id)
        change_no = await next_change_no()
        updated = (
            await KioskPin.update({KioskPin.pin_hash: pin_hash, KioskPin.change_no: change_no})
            .where(KioskPin.employee == employee_id)
            .returning(KioskPin.id)
            .run()
        )
        if not updated:
            await KioskPin.insert(KioskPin(employee=employee_id, pin_hash=pin_hash, change_no=change_no)).run()
        await (
            PinThrottle.delete().where(PinThrottle.key == rules.pin_worker_key(employee_id)).run()
        )  # a reset lifts a lock
        await audit.record(actor, "pin.set", "employee", employee_id)


async def pin_matches(employee_id: int, pin: str) -> bool | None:
    """Whether pin is the employee's kiosk PIN; None when they have none."""
    row = await KioskPin.select(KioskPin.pin_hash).where(KioskPin.employee == employee_id).first().run()
    if row is None:
        return None
    return await asyncio.to_thread(verify_password, row["pin_hash"], pin)


async def set_pin_required(required: bool, actor: audit.Actor) -> None:
    await plant_settings.write(PIN_SETTING, required, actor)


async def issue_missing(department_id: int | None, actor: audit.Actor) -> int:
    """A first badge for everyone (in the department) who has not left and has no active badge; returns how many."""
    where = Employee.status != "left"
    people = (
        await Employee.select(Employee.id)
        .where(where if department_id is None else where & (Employee.department == department_id))
        .run()
    )
    holders = (
        await Credential.select(Credential.employee)
        .where((Credential.kind == QR) & Credential.revoked_at.is_null())
        .run()
    )
    missing = sorted({person["id"] for person in people} - {holder["employee"] for holder in holders})
    for employee_id in missing:
        await _issue(employee_id, actor)
    return len(missing)


@dataclass(frozen=True)
class Identified:
    """Who a scanned badge or card belongs to, or why it is refused (a code, and a message marked for translation)."""

    holder: Holder | None
    refusal: str = ""
    message: str = ""
    credential_id: int | None = None  # the active badge or card scanned


LEFT = N_("This person no longer works here. Please see HR.")


async def identify(secret: bytes, text: str, now: datetime) -> Identified:
    """The badge or card's current holder, checked as the clock-in checks it (signature, serial, revocation,
    employment), for kiosk steps that need to know who is there without recording a punch."""
    parsed = rules.parse_scan(secret, text, now=now)
    if isinstance(parsed, rules.Refused):
        return Identified(None, parsed.code, parsed.message)
    if isinstance(parsed, rules.Invite):
        return Identified(
            None, "invite", N_("This is an onboarding invitation, not a badge. Please use the onboarding screen.")
        )
    if isinstance(parsed, rules.Badge):
        where = (Credential.kind == QR) & (Credential.value == qr_value(parsed.employee_code, parsed.serial))
    else:
        where = Credential.kind.is_in(list(LEGACY_KINDS)) & (Credential.value == parsed.text)
    rows = await Credential.select(Credential.id, Credential.employee, Credential.revoked_at).where(where).run()
    if not rows:
        return Identified(None, rules.Refusal.UNKNOWN.value, rules.Refusal.UNKNOWN.message)
    active = [row for row in rows if row["revoked_at"] is None]
    if not active:
        return Identified(None, rules.Refusal.REVOKED.value, rules.Refusal.REVOKED.message)
    holder = await _holder(active[0]["employee"])
    if holder.status == "left":
        return Identified(None, "left", LEFT)
    return Identified(holder, credential_id=active[0]["id"])
