"""Credentials at the kiosk: signed QR badges and invites, legacy card text, and why a scan is refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum


def N_(s: str) -> str:
    return s  # marks a message for translation


BADGE_PREFIX = "FHR1"
INVITE_PREFIX = "FHRI"
MAC_LENGTH = 16  # base32 characters: 80 bits of HMAC-SHA256
MAX_SCAN_LENGTH = 200  # characters, after trimming; anything longer is not ours
LEGACY_MIN_LENGTH = 4
LEGACY_MAX_LENGTH = 32
MIN_SECRET_BYTES = 16
MAX_SERIAL = 999_999_999

# An employee code has the shape app.people.rules.validate_employee_code gives it; it holds no dot,
# so a payload splits on dots without ambiguity. Invite ids fit an upper-case UUID.
_CODE = r"[A-Z0-9][A-Z0-9-]{0,19}"
_SERIAL = r"[1-9][0-9]{0,8}"
_INVITE_ID = r"[A-Z0-9][A-Z0-9-]{0,39}"
_EXPIRY = r"[1-9][0-9]{0,9}"  # unix seconds (UTC), up to the year 2286
_MAC = rf"[A-Z2-7]{{{MAC_LENGTH}}}"
_BADGE = re.compile(rf"{BADGE_PREFIX}\.({_CODE})\.({_SERIAL})\.({_MAC})")
_INVITE = re.compile(rf"{INVITE_PREFIX}\.({_INVITE_ID})\.({_EXPIRY})\.({_MAC})")


class Refusal(StrEnum):
    """Why a scan is refused: the value is the stable code (logs, tests, the kiosk's sound)."""

    GARBAGE = "garbage"  # empty, too long, control or non-ASCII characters: not a credential at all
    MALFORMED = "malformed"  # starts like a badge or invite but has the wrong shape (a partial read)
    FORGED = "forged"  # the shape of a badge or invite, but its mac does not verify
    EXPIRED = "expired"  # a genuine invite past its expiry
    REVOKED = "revoked"  # decided by the service: the serial is not the employee's current one
    UNKNOWN = "unknown"  # decided by the service: no such employee or registered card

    @property
    def message(self) -> str:
        """An English message marked for translation; the route translates it where it is shown."""
        return _MESSAGES[self]


_MESSAGES = {
    Refusal.GARBAGE: N_("This scan could not be read. Please scan again."),
    Refusal.MALFORMED: N_("This badge could not be read completely. Please scan again."),
    Refusal.FORGED: N_("This badge is not valid. Please see HR."),
    Refusal.EXPIRED: N_("This invitation has expired. Please ask HR for a new one."),
    Refusal.REVOKED: N_("This badge has been replaced or withdrawn. Please see HR."),
    Refusal.UNKNOWN: N_("This badge or card is not registered. Please see HR."),
}


@dataclass(frozen=True)
class Badge:
    """A floorhr QR badge whose mac verified; the service still checks the serial and the employee."""

    employee_code: str
    serial: int


@dataclass(frozen=True)
class Invite:
    """A signed onboarding invite, verified and not expired at the time it was checked."""

    invite_id: str
    expires_at: datetime  # aware, UTC


@dataclass(frozen=True)
class LegacyCard:
    """The normalised text of a barcode or RFID card: the key the service looks the credential up by."""

    text: str


@dataclass(frozen=True)
class Refused:
    reason: Refusal

    @property
    def code(self) -> str:
        return self.reason.value

    @property
    def message(self) -> str:
        return self.reason.message


ScanResult = Badge | Invite | LegacyCard | Refused


def _mac(secret: bytes, message: str) -> str:
    """The first 16 characters of RFC 4648 base32 (upper case, unpadded) of HMAC-SHA256(secret, message)."""
    if len(secret) < MIN_SECRET_BYTES:
        raise ValueError(f"the installation secret must hold at least {MIN_SECRET_BYTES} bytes")
    digest = hmac.new(secret, message.encode("ascii"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:MAC_LENGTH]


def _mac_matches(secret: bytes, message: str, mac: str) -> bool:
    return hmac.compare_digest(_mac(secret, message), mac)


def _clean(text: str) -> str | None:
    """The scan as floorhr compares it, or None for garbage.

    Tolerates what USB scanners and card readers do: a trailing CR/LF or Tab and surrounding
    spaces; full-width characters and the ideographic full stop (。) when a Chinese input method
    is on; lower case when caps lock is on (payloads, codes and base32 are all upper case, so
    upper-casing loses nothing). What is left must be 1 to 200 printable ASCII characters.
    """
    text = text.strip()
    if not text or len(text) > MAX_SCAN_LENGTH:
        return None
    text = unicodedata.normalize("NFKC", text).replace("。", ".").strip()
    if not text or len(text) > MAX_SCAN_LENGTH or not all(" " <= c <= "~" for c in text):
        return None
    return text.upper()


def sign_badge(secret: bytes, employee_code: str, serial: int) -> str:
    """The QR payload `FHR1.<code>.<serial>.<mac>` (DESIGN.md, "Credentials at the kiosk").

    A reprint bumps the serial; the service keeps each employee's current one.
    """
    code = employee_code.strip().upper()
    if not re.fullmatch(_CODE, code):
        raise ValueError(f"not an employee code: {employee_code!r}")
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"a badge serial runs from 1 to {MAX_SERIAL}, not {serial}")
    body = f"{BADGE_PREFIX}.{code}.{serial}"
    return f"{body}.{_mac(secret, body)}"


def sign_invite(secret: bytes, invite_id: str, expires_at: datetime) -> str:
    """The QR payload `FHRI.<invite id>.<expiry, unix seconds UTC>.<mac>`; the invite is void from expires_at on."""
    ident = invite_id.strip().upper()
    if not re.fullmatch(_INVITE_ID, ident):
        raise ValueError(f"not an invite id: {invite_id!r}")
    if expires_at.tzinfo is None:
        raise ValueError("expires_at must be an aware datetime")
    seconds = str(int(expires_at.timestamp()))
    if not re.fullmatch(_EXPIRY, seconds):
        raise ValueError(f"an invite cannot expire at {expires_at.isoformat()}")
    body = f"{INVITE_PREFIX}.{ident}.{seconds}"
    return f"{body}.{_mac(secret, body)}"


def verify_badge(secret: bytes, text: str) -> Badge | Refused:
    """A scanned badge payload checked for shape, then mac (constant-time); revocation is the service's."""
    cleaned = _clean(text)
    if cleaned is None:
        return Refused(Refusal.GARBAGE)
    match = _BADGE.fullmatch(cleaned)
    if match is None:
        return Refused(Refusal.MALFORMED)
    code, serial, mac = match.groups()
    if not _mac_matches(secret, cleaned[: -MAC_LENGTH - 1], mac):
        return Refused(Refusal.FORGED)
    return Badge(employee_code=code, serial=int(serial))


def verify_invite(secret: bytes, text: str, *, now: datetime) -> Invite | Refused:
    """A scanned invite checked for shape, mac, then expiry against now (aware; compared in UTC)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    cleaned = _clean(text)
    if cleaned is None:
        return Refused(Refusal.GARBAGE)
    match = _INVITE.fullmatch(cleaned)
    if match is None:
        return Refused(Refusal.MALFORMED)
    invite_id, expiry, mac = match.groups()
    if not _mac_matches(secret, cleaned[: -MAC_LENGTH - 1], mac):
        return Refused(Refusal.FORGED)
    expires_at = datetime.fromtimestamp(int(expiry), tz=UTC)
    if now >= expires_at:
        return Refused(Refusal.EXPIRED)
    return Invite(invite_id=invite_id, expires_at=expires_at)


def legacy_card_key(text: str) -> str | None:
    """The normalised form of a barcode (Code 128 / Code 39) or RFID card number, or None if it cannot be one.

    Use it both when HR registers a card and when one is scanned, so the two compare equal:
    trimmed, upper case, 4 to 32 printable ASCII characters, and not starting like a floorhr
    payload (such a card could never be told apart from a damaged badge).
    """
    cleaned = _clean(text)
    if cleaned is None or not LEGACY_MIN_LENGTH <= len(cleaned) <= LEGACY_MAX_LENGTH:
        return None
    if cleaned.startswith((BADGE_PREFIX, INVITE_PREFIX)):
        return None
    return cleaned


def parse_scan(secret: bytes, text: str, *, now: datetime) -> ScanResult:
    """What a scan is: a verified badge, a valid invite, a legacy card's text to look up, or refused.

    now (aware) is needed only to check an invite's expiry. Anything that starts with FHR1 or
    FHRI is judged as a badge or invite, never as a legacy card.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    cleaned = _clean(text)
    if cleaned is None:
        return Refused(Refusal.GARBAGE)
    if cleaned.startswith(BADGE_PREFIX):
        return verify_badge(secret, cleaned)
    if cleaned.startswith(INVITE_PREFIX):
        return verify_invite(secret, cleaned, now=now)
    key = legacy_card_key(cleaned)
    return LegacyCard(key) if key is not None else Refused(Refusal.GARBAGE)


def is_current_serial(badge_serial: int, current_serial: int | None) -> bool:
    """Only the latest printed badge works: an older serial was replaced, and None means revoked or never issued."""
    return current_serial is not None and badge_serial == current_serial


# -- PIN attempts ------------------------------------------------------------------------------------

WORKER_PIN_FAILURES = 5  # wrong PINs in a row that lock a worker's PIN
DEVICE_PIN_FAILURES = 10  # wrong PINs in a row (any workers) that lock a kiosk or phone
PIN_LOCK_MINUTES = 15


def pin_worker_key(employee_id: int) -> str:
    """The throttle key of a worker's PIN (app.badges.tables.PinThrottle)."""
    return f"employee:{employee_id}"


@dataclass(frozen=True)
class PinThrottleState:
    failures: int
    locked_until: datetime | None  # UTC
    last_failure_at: datetime | None = None  # UTC


def pin_locked(state: PinThrottleState, now: datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def after_pin_failure(state: PinThrottleState, now: datetime, limit: int) -> PinThrottleState:
    """One more wrong PIN (now in UTC): the limit-th within PIN_LOCK_MINUTES of each other locks for
    PIN_LOCK_MINUTES; a lock that ran out, or a quiet quarter of an hour, starts the count over. A 4-digit
    PIN has 10,000 values: 5 tries each 15 minutes make guessing one take about 3 weeks on average."""
    window = timedelta(minutes=PIN_LOCK_MINUTES)
    stale = state.last_failure_at is None or now - state.last_failure_at >= window
    failures = 0 if (state.locked_until and now >= state.locked_until) or stale else state.failures
    failures += 1
    if failures >= limit:
        return PinThrottleState(0, now + window, now)
    return PinThrottleState(failures, None, now)
