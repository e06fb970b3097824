"""Who is looking at My page: a kiosk visit opened by badge + PIN, or a phone linked from such a visit.

The cookie holds a random token; only its SHA-256 is stored. Every request checks the session in
one query (not revoked, not expired, its badge or card still active, the worker still employed), so
HR revoking a phone, or a lost badge being revoked, closes it at the next request. A kiosk visit
ends after KIOSK_IDLE_SECONDS without a request (the page closes itself after 30 s; this is the
server's backstop) and after KIOSK_MAX_MINUTES in any case.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.audit import service as audit
from app.badges import pins
from app.badges.service import identify
from app.badges.tables import Credential
from app.db.prepared import Prepared
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.people.tables import Employee
from app.selfservice import node_links
from app.selfservice.tables import PhoneLink, WorkerSession
from app.timeutil import as_utc, utcnow

COOKIE = "floorhr_me"
KIOSK, PHONE = "kiosk", "phone"
KIOSK_IDLE_SECONDS = 60
KIOSK_MAX_MINUTES = 10
PHONE_DAYS = 180
PHONE_SEEN_EVERY = timedelta(hours=1)  # a phone's last_seen_at is written at most this often
KIOSK_SEEN_EVERY = timedelta(seconds=10)
LINK_MINUTES = 5
NODE_SPENT = "node-link-spent:"  # what a kiosk node's spent link code is stored as (hashed)
LINK_USED = N_("This link was used already or has expired. Make a new one at the kiosk.")


@dataclass(frozen=True)
class Me:
    """The worker a session belongs to: everything My page needs to know about who is asking."""

    session_id: int
    employee_id: int
    employee_code: str
    name: str
    department: str
    kind: str  # kiosk | phone
    device: str
    seen_due: bool = False  # last_seen_at is to be written (sessions.touch)


@dataclass(frozen=True)
class LinkedPhone:
    id: int
    device: str
    created_at: datetime
    last_seen_at: datetime
    revoked_at: datetime | None
    revoked_by: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _create(employee_id: int, credential_id: int | None, kind: str, device: str) -> str:
    token, now = secrets.token_urlsafe(32), utcnow()
    life = timedelta(minutes=KIOSK_MAX_MINUTES) if kind == KIOSK else timedelta(days=PHONE_DAYS)
    async with write_transaction():
        await WorkerSession.insert(
            WorkerSession(
                token_hash=_hash(token),
                employee=employee_id,
                credential=credential_id,
                kind=kind,
                device=device[:100],
                created_at=now,
                last_seen_at=now,
                expires_at=now + life,
            )
        ).run()
    return token


async def open_at_kiosk(secret: bytes, scanned: str, pin: str, kiosk: str) -> str:
    """A badge or card scanned at kiosk and the worker's PIN: the token of a kiosk visit (Refused otherwise)."""
    found = await identify(secret, scanned.strip(), utcnow())
    if found.holder is None:
        raise Refused(found.message, field="text")
    await pins.check_pin(found.holder.employee_id, pin.strip(), kiosk)
    return await _create(found.holder.employee_id, found.credential_id, KIOSK, kiosk)


_COLUMNS = (
    WorkerSession.id,
    WorkerSession.employee,
    WorkerSession.kind,
    WorkerSession.device,
    WorkerSession.last_seen_at,
    WorkerSession.expires_at,
    WorkerSession.revoked_at,
    WorkerSession.credential,
    WorkerSession.credential.revoked_at.as_alias("credential_revoked"),
    WorkerSession.employee.employee_code.as_alias("code"),
    WorkerSession.employee.name.as_alias("name"),
    WorkerSession.employee.status.as_alias("status"),
    WorkerSession.employee.department.name.as_alias("department"),
)
_BY_TOKEN = Prepared(
    lambda token_hash: WorkerSession.select(*_COLUMNS).where(WorkerSession.token_hash == token_hash).first()
)


def _valid(row: dict | None, now: datetime) -> bool:
    if row is None or row["revoked_at"] is not None or as_utc(row["expires_at"]) <= now:
        return False
    if row["credential"] is not None and row["credential_revoked"] is not None:
        return False  # the badge or card it was opened with is lost or replaced
    if row["status"] == "left":
        return False
    idle = now - as_utc(row["last_seen_at"])
    return row["kind"] == PHONE or idle <= timedelta(seconds=KIOSK_IDLE_SECONDS)


async def find(token: str | None) -> Me | None:
    """The session of a cookie, or None; reads only (see touch)."""
    if not token:
        return None
    now = utcnow()
    row = await _BY_TOKEN.run(_hash(token))
    if not _valid(row, now):
        return None
    every = KIOSK_SEEN_EVERY if row["kind"] == KIOSK else PHONE_SEEN_EVERY
    return Me(
        row["id"],
        row["employee"],
        row["code"],
        row["name"],
        row["department"] or "",
        row["kind"],
        row["device"],
        now - as_utc(row["last_seen_at"]) >= every,
    )


async def touch(me: Me) -> None:
    """Note the visit when it is due (kiosk: every 10 s, the idle backstop; phone: hourly)."""
    if me.seen_due:
        async with write_transaction():
            await (
                WorkerSession.update({WorkerSession.last_seen_at: utcnow()})
                .where(WorkerSession.id == me.session_id)
                .run()
            )


async def current(token: str | None) -> Me | None:
    """The session of a cookie, or None; notes the visit."""
    me = await find(token)
    if me is not None:
        await touch(me)
    return me


async def close(token: str | None) -> None:
    """The worker pressed Close, or the kiosk page went idle: the visit ends (a phone stays linked)."""
    if token:
        async with write_transaction():
            await (
                WorkerSession.update({WorkerSession.revoked_at: utcnow(), WorkerSession.revoked_by: "closed"})
                .where(
                    (WorkerSession.token_hash == _hash(token))
                    & (WorkerSession.kind == KIOSK)
                    & WorkerSession.revoked_at.is_null()
                )
                .run()
            )


async def new_phone_link(me: Me) -> str:
    """A one-time code for a phone, asked at the kiosk (LINK_MINUTES to use it)."""
    if me.kind != KIOSK:
        raise Refused(N_("Link a phone at the kiosk."), status=403)
    code, now = secrets.token_urlsafe(24), utcnow()
    async with write_transaction():
        await PhoneLink.insert(
            PhoneLink(
                code_hash=_hash(code),
                session=me.session_id,
                created_at=now,
                expires_at=now + timedelta(minutes=LINK_MINUTES),
            )
        ).run()
    return code


async def node_phone_link(me: Me, secret: bytes) -> str:
    """On a kiosk node: a signed one-time code for a phone, checked by the office (app.selfservice.node_links)."""
    if me.kind != KIOSK:
        raise Refused(N_("Link a phone at the kiosk."), status=403)
    row = await WorkerSession.select(WorkerSession.credential).where(WorkerSession.id == me.session_id).first().run()
    return node_links.make(secret, me.employee_code, row["credential"] if row else None, utcnow(), LINK_MINUTES)


async def _node_holder(secret: bytes, code: str) -> tuple[int, str, int, int | None]:
    """A link a kiosk node signed (app.selfservice.node_links): valid, unexpired, unused, its worker employed."""
    link = node_links.read(secret, code, utcnow())
    spent = await WorkerSession.exists().where(WorkerSession.token_hash == _hash(NODE_SPENT + code)).run()
    row = (
        await Employee.select(Employee.id, Employee.name)
        .where((Employee.employee_code == link.employee_code) & (Employee.status != "left"))
        .first()
        .run()
        if link and not spent
        else None
    )
    if row is None:
        raise Refused(LINK_USED, status=404)
    known = (
        link.credential_id is not None
        and await Credential.exists()
        .where(
            (Credential.id == link.credential_id) & (Credential.employee == row["id"]) & Credential.revoked_at.is_null()
        )
        .run()
    )
    return 0, row["name"], row["id"], link.credential_id if known else None


async def link_holder(code: str, secret: bytes = b"") -> tuple[int, str, int, int | None]:
    """(link id, worker's name, employee id, credential id) of an unused, unexpired link; Refused (404) else.
    A code a kiosk node signed has link id 0 (it has no row until it is spent)."""
    if node_links.is_node_code(code):
        return await _node_holder(secret, code)
    row = (
        await PhoneLink.select(
            PhoneLink.id,
            PhoneLink.expires_at,
            PhoneLink.used_at,
            PhoneLink.session.employee.as_alias("employee"),
            PhoneLink.session.employee.name.as_alias("name"),
            PhoneLink.session.credential.as_alias("credential"),
        )
        .where(PhoneLink.code_hash == _hash(code))
        .first()
        .run()
    )
    if row is None or row["used_at"] is not None or as_utc(row["expires_at"]) <= utcnow():
        raise Refused(LINK_USED, status=404)
    return row["id"], row["name"], row["employee"], row["credential"]


async def _spend_node_code(code: str, employee_id: int, credential_id: int | None) -> bool:
    """A node's code is spent by a closed stand-in for the node's visit (its token hash is unique, so a code
    is spent once): it also shows on record which visit asked for the phone."""
    async with write_transaction():
        if await WorkerSession.exists().where(WorkerSession.token_hash == _hash(NODE_SPENT + code)).run():
            return False
        now = utcnow()
        await WorkerSession.insert(
            WorkerSession(
                token_hash=_hash(NODE_SPENT + code),
                employee=employee_id,
                credential=credential_id,
                kind=KIOSK,
                device="kiosk node",
                created_at=now,
                last_seen_at=now,
                expires_at=now,
                revoked_at=now,
                revoked_by="phone link spent",
            )
        ).run()
    return True


async def link_phone(code: str, pin: str, device: str, phone_name: str, secret: bytes = b"") -> str:
    """The phone gave the PIN for a link: the link is spent and the phone gets its own session's token."""
    link_id, _, employee_id, credential_id = await link_holder(code, secret)
    await pins.check_pin(employee_id, pin.strip(), device)
    if link_id == 0:
        spent = await _spend_node_code(code, employee_id, credential_id)
    else:
        async with write_transaction():
            spent = (
                await PhoneLink.update({PhoneLink.used_at: utcnow()})
                .where((PhoneLink.id == link_id) & PhoneLink.used_at.is_null())
                .returning(PhoneLink.id)
                .run()
            )
    if not spent:  # two phones raced for one code: the first wins
        raise Refused(LINK_USED, status=404)
    token = await _create(employee_id, credential_id, PHONE, phone_name)
    async with write_transaction():
        await audit.record(
            audit.Actor(name=f"worker:{employee_id}"),
            "phone.link",
            "employee",
            employee_id,
            after={"device": phone_name[:100]},
        )
    return token


async def phones(employee_id: int) -> list[LinkedPhone]:
    rows = (
        await WorkerSession.select()
        .where((WorkerSession.employee == employee_id) & (WorkerSession.kind == PHONE))
        .order_by(WorkerSession.created_at, ascending=False)
        .run()
    )
    return [
        LinkedPhone(
            row["id"],
            row["device"],
            as_utc(row["created_at"]),
            as_utc(row["last_seen_at"]),
            as_utc(row["revoked_at"]) if row["revoked_at"] else None,
            row["revoked_by"],
        )
        for row in rows
    ]


async def revoke_phone(employee_id: int, phone_id: int, actor: audit.Actor) -> None:
    """HR or the worker revokes one of the worker's phones; another worker's phone is 'not found'."""
    async with write_transaction():
        revoked = (
            await WorkerSession.update({WorkerSession.revoked_at: utcnow(), WorkerSession.revoked_by: actor.name[:60]})
            .where(
                (WorkerSession.id == phone_id)
                & (WorkerSession.employee == employee_id)
                & (WorkerSession.kind == PHONE)
                & WorkerSession.revoked_at.is_null()
            )
            .returning(WorkerSession.id)
            .run()
        )
        if not revoked:
            raise Refused(N_("There is no such linked phone."), status=404)
        await audit.record(actor, "phone.revoke", "employee", employee_id, after={"session": phone_id})
