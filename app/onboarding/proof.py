"""Proof that the person at the kiosk holds the ID card an onboarding began with (pure).

An invite slip alone opens its onboarding. Once the flow holds an identity, its screens show personal data (the
contract names the address, phone and ID number; the last screen shows the badge), so a lost slip must not reopen
them: the kiosk asks for the ID card again and carries this token from screen to screen, as it carries the slip's
text. It is bound to one flow on one kiosk and lasts long enough for the half hour the steps take.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

LASTS = timedelta(hours=2)


def _mac(secret: bytes, flow_id: str, kiosk: str, until: int) -> str:
    message = f"onboarding-proof|{flow_id}|{kiosk}|{until}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def issue(secret: bytes, flow_id: str, kiosk: str, now: datetime) -> str:
    until = int((now + LASTS).timestamp())
    return f"{until}.{_mac(secret, flow_id, kiosk, until)}"


def holds(secret: bytes, token: str, flow_id: str, kiosk: str, now: datetime) -> bool:
    """True when token was issued for this flow on this kiosk and has not run out."""
    until, _, mac = token.partition(".")
    if not (until.isascii() and until.isdigit()) or int(until) < now.timestamp():
        return False
    return hmac.compare_digest(mac, _mac(secret, flow_id, kiosk, int(until)))
