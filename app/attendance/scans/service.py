"""Recording a scan at a kiosk (the hot path): verify it, decide punch / duplicate / refused, write one Scan row.

Both ways a scan arrives (the kiosk page's input and the camera loop) end in record_scan. At a
shift change hundreds pass in minutes, so a scan costs one short write transaction holding two
statements: the credential joined with its employee, department and that person's last punch,
then the insert that numbers the row. Shifts come from a roster cached for a minute; argon2 runs
only when the plant asks for a PIN after a card. What the kiosk shows (clocked in or out) is this
node's best guess; the office derives the truth from every node's scans (DESIGN.md).
"""

from __future__ import annotations

import socket
import time as clock
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from piccolo.engine.postgres import PostgresEngine

from app.attendance import rules
from app.attendance.scans import sync_facts as scan_sync
from app.attendance.schedule.roster import Roster, load_roster
from app.attendance.tables import Scan
from app.badges import rules as badge_rules
from app.badges import service as badges
from app.badges.tables import Credential
from app.db.engine import current_engine
from app.db.tx import write_transaction
from app.db.values import date_value, utc_moment
from app.i18n import N_
from app.ids import new_id
from app.people.tables import Employee
from app.settings import Settings
from app.sync import outbox
from app.timeutil import as_utc, utcnow

PUNCH, DUPLICATE, REFUSED = "punch", "duplicate", "refused"
PIN_NEEDED = "pin"  # nothing is stored: the kiosk asks for the PIN and sends the card again with it
SHOWN_TEXT_LENGTH = 64
ROSTER_SECONDS = 60.0
_cached: tuple[object, date, float, Roster] | None = None  # (engine, day, expires, roster)

# Refusals the service decides; the badge rules decide garbage, malformed, forged, expired, revoked, unknown.
_MESSAGES = {
    "left": N_("This person no longer works here. Please see HR."),
    "invite": N_("This is an onboarding invitation, not a badge. Please use the onboarding screen."),
    "wrong_pin": N_("Wrong PIN. Please scan your card again."),
    "no_pin": N_("This card needs a PIN, and none is set. Please see HR."),
}
REASON_LABELS = {  # short, for HR's review
    "garbage": N_("Unreadable"),
    "malformed": N_("Incomplete read"),
    "forged": N_("Forged"),
    "expired": N_("Expired invitation"),
    "revoked": N_("Replaced or withdrawn"),
    "unknown": N_("Not registered"),
    "left": N_("Has left"),
    "invite": N_("Invitation"),
    "wrong_pin": N_("Wrong PIN"),
    "no_pin": N_("No PIN set"),
}
_OUTCOME_MESSAGES = {
    DUPLICATE: N_("Already recorded a moment ago."),
    PIN_NEEDED: N_("Enter your PIN, then press Enter."),
}


@dataclass(frozen=True)
class ShiftInfo:
    """The shift a punch was matched to, as the kiosk shows it ("早班 08:00")."""

    name: str
    start: time


@dataclass(frozen=True)
class ScanResult:
    outcome: str  # punch | duplicate | refused | pin (not stored)
    scanned_at: datetime  # UTC, the node's clock
    scan_id: uuid.UUID | None = None
    node_seq: int = 0
    direction: str = ""  # in | out: the punch, or the punch a duplicate repeats
    reason: str = ""  # the refusal code
    employee_code: str = ""
    employee_name: str = ""
    department_name: str = ""
    shift: ShiftInfo | None = None
    punched_at: datetime | None = None  # UTC: the punch itself, or the one a duplicate repeats

    @property
    def message(self) -> str:
        """An English message marked for translation: the kiosk translates it where it shows it."""
        if self.outcome == REFUSED:
            return _MESSAGES.get(self.reason) or badge_rules.Refusal(self.reason).message
        if self.outcome == PUNCH:
            return N_("Clock-in") if self.direction == "in" else N_("Clock-out")
        return _OUTCOME_MESSAGES[self.outcome]

    @property
    def tone(self) -> str:
        """green, amber or red on the kiosk, with the matching sound."""
        return {PUNCH: "ok", REFUSED: "bad"}.get(self.outcome, "warn")


@dataclass(frozen=True)
class _Holder:
    """The credential a scan matched, with its employee: one joined row."""

    credential_id: int
    active: bool
    legacy: bool
    employee_id: int
    employee_code: str
    name: str
    status: str
    last_day: object
    department_id: int | None
    department_name: str


@dataclass
class _NewScan:
    """The Scan row being recorded (a plain dataclass: building a Piccolo row costs more than the insert)."""

    id: uuid.UUID
    node_id: str
    scanned_at: datetime
    source: str
    shown_text: str
    employee: int | None
    credential: int | None
    outcome: str = REFUSED
    reason: str = ""
    direction: str = ""
    node_seq: int = 0
    employee_code: str = ""  # travels with a kiosk's fact: the office finds the person by code, not by this node's id


def node_id(settings: Settings) -> str:
    """This node's id in Scan.node_id: "office" on the office node, FLOORHR_NODE_ID (or the host name) on a kiosk."""
    if settings.role == "office":
        return "office"
    return settings.node_id or socket.gethostname()


def shown_text(text: str, limit: int = SHOWN_TEXT_LENGTH) -> str:
    """A scan as HR may see it: control characters made visible, shortened to limit characters."""
    visible = "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text.strip())
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"


def _masked(card: str) -> str:
    """A working card number is a credential: HR's review shows only its end."""
    return "…" + card[-4:]


# The hot path's two statements, raw so each is one round trip on both engines (Piccolo builds neither in one).
# The credential with its employee and department, and that person's last punch up to a moment (parameters:
# the moment twice, then the credential's value); the (employee, scanned_at) index answers the subqueries.
_LAST_PUNCH = (
    "(SELECT s.{column} FROM scan s WHERE s.employee = c.employee AND s.outcome = 'punch' "
    "AND s.scanned_at <= {{}} ORDER BY s.scanned_at DESC LIMIT 1)"
)
_LOOKUP = (
    "SELECT c.id, c.kind, c.revoked_at, c.employee, e.employee_code, e.name, e.status, e.last_day, e.department, "
    f"d.name AS department_name, {_LAST_PUNCH.format(column='scanned_at')} AS last_at, "
    f"{_LAST_PUNCH.format(column='direction')} AS last_direction "
    "FROM credential c JOIN employee e ON e.id = c.employee LEFT JOIN department d ON d.id = e.department "
    "WHERE c.value = {}"
)
# node_seq is max + 1 of the node inside the write transaction, in the insert itself (the (node_id, node_seq)
# index makes the max one index step).
_INSERT = (
    "INSERT INTO scan (id, node_id, node_seq, scanned_at, received_at, source, shown_text, employee, credential, "
    "outcome, reason, direction, clock_suspect) "
    "SELECT {}, {}, COALESCE(MAX(node_seq), 0) + 1, {}, {}, {}, {}, {}, {}, {}, {}, {}, {} FROM scan WHERE node_id = {} "
    "RETURNING node_seq"
)


async def _lookup(key: str, legacy: bool, at: datetime) -> tuple[_Holder | None, dict | None]:
    """The credential scanned (an active one if several rows share the value) and its holder's last punch."""
    latest = at + timedelta(seconds=rules.DUPLICATE_WINDOW_SECONDS)  # a clock stepped back is no new punch
    rows = [
        row for row in await Credential.raw(_LOOKUP, latest, latest, key).run() if (row["kind"] != badges.QR) == legacy
    ]
    if not rows:
        return None, None
    row = min(rows, key=lambda item: item["revoked_at"] is not None)
    holder = _Holder(
        row["id"],
        row["revoked_at"] is None,
        legacy,
        row["employee"],
        row["employee_code"],
        row["name"],
        row["status"],
        date_value(row["last_day"]),
        row["department"],
        row["department_name"] or "",
    )
    last = None
    if row["last_at"] is not None and row["last_direction"] in ("in", "out"):
        last = {"at": utc_moment(row["last_at"]), "direction": row["last_direction"]}
    return holder, last


def _refusal(holder: _Holder | None, local_day) -> str:
    if holder is None:
        return badge_rules.Refusal.UNKNOWN.value
    if not holder.active:
        return badge_rules.Refusal.REVOKED.value
    if holder.status == "left" or (holder.last_day is not None and holder.last_day < local_day):
        return "left"
    return ""


async def _roster(day: date) -> Roster:
    """Everyone's shifts around day, loaded at most once a minute: four queries off the hot path.

    A shift HR changes reaches the kiosk's guess within ROSTER_SECONDS; the office's attendance
    days always use the current roster.
    """
    global _cached
    engine, now = current_engine(), clock.monotonic()
    if _cached is None or _cached[0] is not engine or _cached[1] != day or _cached[2] < now:
        roster = await load_roster(None, day - timedelta(days=1), day + timedelta(days=1))
        _cached = (engine, day, now + ROSTER_SECONDS, roster)
    return _cached[3]


def _shift(roster: Roster, holder: _Holder, local_at: datetime) -> tuple[ShiftInfo | None, rules.ShiftWindow | None]:
    """The shift a punch at local_at belongs to (a night shift's morning OUT: the day before) and its window."""
    days = [local_at.date() + timedelta(days=offset) for offset in (-1, 0, 1)]
    plans = {day: roster.plan(holder.employee_id, holder.department_id, day) for day in days}
    work_date = rules.assign_work_date(local_at, {day: plan.shape for day, plan in plans.items()})
    plan = plans[work_date]
    window = rules.shift_window(plan.shape, work_date) if plan.shape else None
    info = ShiftInfo(plan.shift.name, plan.shift.shape.start) if plan.shift else None
    return info, window


async def _store(scan: _NewScan) -> None:
    """Insert the scan, numbering it; call inside the write transaction. PostgreSQL writers take the node's
    lock first (SQLite's are serialised already), so node_seq grows in commit order with no gaps."""
    if isinstance(current_engine(), PostgresEngine):
        await Scan.raw("SELECT pg_advisory_xact_lock(hashtext({}))", f"scan:{scan.node_id}").run()
    rows = await Scan.raw(
        _INSERT,
        scan.id,
        scan.node_id,
        scan.scanned_at,
        utcnow(),
        scan.source,
        scan.shown_text,
        scan.employee,
        scan.credential,
        scan.outcome,
        scan.reason,
        scan.direction,
        False,
        scan.node_id,
    ).run()
    scan.node_seq = rows[0]["node_seq"]
    if outbox.recording():  # a kiosk node: the office gets the scan through the outbox, in this transaction
        await outbox.record_fact(scan_sync.KIND, scan.id, scan_sync.payload(scan), scan.scanned_at)


CORRECTION_NODE = "office"  # an approved correction's scan is numbered in the office node's sequence


async def store_correction(employee_id: int, at: datetime, direction: str, correction_id: int) -> uuid.UUID:
    """The punch an approved correction adds (source "correction": a new fact, the kiosks' scans are never
    edited); on a kiosk node it goes to the office like any scan, with the employee's code. Call inside the
    write transaction; returns the scan's id."""
    found = await Employee.select(Employee.employee_code).where(Employee.id == employee_id).first().run()
    scan = _NewScan(
        new_id(),
        CORRECTION_NODE,
        as_utc(at),
        "correction",
        f"correction #{correction_id}",
        employee_id,
        None,
        outcome=PUNCH,
        direction=direction,
        employee_code=found["employee_code"] if found else "",
    )
    await _store(scan)
    return scan.id


def _result(scan: _NewScan, holder: _Holder | None, **values) -> ScanResult:
    people = (
        {"employee_code": holder.employee_code, "employee_name": holder.name, "department_name": holder.department_name}
        if holder
        else {}
    )
    return ScanResult(
        outcome=scan.outcome,
        scanned_at=scan.scanned_at,
        scan_id=scan.id,
        node_seq=scan.node_seq,
        direction=scan.direction,
        reason=scan.reason,
        **people,
        **values,
    )


def _new_scan(node: str, at: datetime, source: str, shown: str, holder: _Holder | None = None) -> _NewScan:
    return _NewScan(
        new_id(),
        node,
        at,
        source,
        shown,
        holder.employee_id if holder else None,
        holder.credential_id if holder else None,
        employee_code=holder.employee_code if holder else "",
    )


async def _refuse(scan: _NewScan, reason: str, holder: _Holder | None = None) -> ScanResult:
    scan.reason = reason
    async with write_transaction():
        await _store(scan)
    return _result(scan, holder)


def _previous(last: dict | None, zone: ZoneInfo) -> rules.LastPunch | None:
    if last is None:
        return None
    return rules.LastPunch(rules.to_plant_local(last["at"], zone), rules.Direction(last["direction"]))


def _decide(
    scan: _NewScan, last: dict | None, local_at: datetime, window: rules.ShiftWindow | None, zone: ZoneInfo
) -> datetime:
    """Set the scan's outcome and direction: a duplicate of the last punch within 60 s, or a punch in or out.
    Returns the punch's time (the repeated one for a duplicate)."""
    if last is not None and rules.is_duplicate(last["at"], scan.scanned_at):
        scan.outcome, scan.direction = DUPLICATE, last["direction"]
        return last["at"]
    scan.outcome = PUNCH
    scan.direction = rules.next_punch_direction(_previous(last, zone), local_at, window).value
    return scan.scanned_at


async def _pin_refusal(key: str, at: datetime, day: date, pin: str | None) -> str | ScanResult | None:
    """Where the plant asks for a PIN after a card: the result asking for it, a refusal code, or None (go on).

    Checked before the write transaction: argon2 takes tens of milliseconds and must not hold the writer lock.
    """
    if not await badges.pin_required():
        return None
    holder, _ = await _lookup(key, True, at)
    if holder is None or _refusal(holder, day):
        return None  # refused anyway, without asking for a PIN
    if pin is None:
        return ScanResult(
            PIN_NEEDED,
            at,
            employee_code=holder.employee_code,
            employee_name=holder.name,
            department_name=holder.department_name,
        )
    matches = await badges.pin_matches(holder.employee_id, pin)
    return "no_pin" if matches is None else None if matches else "wrong_pin"


async def record_scan(
    text: str, node: str, at: datetime, source: str, *, secret: bytes, zone: ZoneInfo, pin: str | None = None
) -> ScanResult:
    """Record what was scanned at node at the node's time at (aware); see the module docstring.

    Refused scans (garbage, forged, revoked, unknown, left...) are stored with the reason for HR's
    review and change nothing else. A badge is stored without its mac and a working card number
    masked, so the review never shows a copy of someone's credential.
    """
    at = as_utc(at)
    parsed = badge_rules.parse_scan(secret, text, now=at)
    if isinstance(parsed, (badge_rules.Refused, badge_rules.Invite)):
        reason = parsed.code if isinstance(parsed, badge_rules.Refused) else "invite"
        return await _refuse(_new_scan(node, at, source, shown_text(text)), reason)
    legacy = isinstance(parsed, badge_rules.LegacyCard)
    key = parsed.text if legacy else badges.qr_value(parsed.employee_code, parsed.serial)
    local_at = rules.to_plant_local(at, zone)
    pin_refusal = await _pin_refusal(key, at, local_at.date(), pin) if legacy else None
    if isinstance(pin_refusal, ScanResult):
        return pin_refusal
    roster = await _roster(local_at.date())
    async with write_transaction():
        holder, last = await _lookup(key, legacy, at)
        shown = (_masked(key) if holder and holder.active else shown_text(text)) if legacy else key
        scan = _new_scan(node, at, source, shown, holder)
        scan.reason = _refusal(holder, local_at.date()) or pin_refusal or ""
        shift, punched_at = None, None
        if not scan.reason and holder is not None:
            shift, window = _shift(roster, holder, local_at)
            punched_at = _decide(scan, last, local_at, window, zone)
        await _store(scan)
    return _result(scan, holder, shift=shift, punched_at=punched_at)
