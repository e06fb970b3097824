"""A phone link made at a kiosk node: a one-time code the office can check without having seen it.

A node's My page cannot hand a phone its own session (the phone on the plant's Wi-Fi talks to the office,
and a node keeps no phones), and the node may be cut off from the office when the worker asks. So the node
signs the link itself with the installation secret it received at enrolment (HMAC-SHA256): who (the
employee code and the badge or card the visit was opened with), until when (LINK_MINUTES), and a random
nonce; the QR points at the office's address the node enrolled with. The office checks the signature and
the time, then the PIN as for any link, and spends the code once (app.selfservice.sessions).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

PREFIX = "n1"


@dataclass(frozen=True)
class NodeLink:
    employee_code: str
    credential_id: int | None
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: bytes, body: str) -> str:
    return _b64(hmac.new(secret, f"floorhr-phone-link:{body}".encode(), hashlib.sha256).digest()[:18])


def make(secret: bytes, employee_code: str, credential_id: int | None, now: datetime, minutes: int) -> str:
    expires = int((now + timedelta(minutes=minutes)).timestamp())
    body = _b64(f"{employee_code}|{credential_id or ''}|{expires}|{secrets.token_hex(8)}".encode())
    return f"{PREFIX}.{body}.{_signature(secret, body)}"


def is_node_code(code: str) -> bool:
    return code.startswith(PREFIX + ".")


def read(secret: bytes, code: str, now: datetime) -> NodeLink | None:
    """The link's content when the signature holds and it has not expired; None otherwise (never raises)."""
    try:
        prefix, body, signature = code.split(".")
        if prefix != PREFIX or not hmac.compare_digest(signature, _signature(secret, body)):
            return None
        employee_code, credential, expires, _nonce = _unb64(body).decode().split("|")
        expires_at = datetime.fromtimestamp(int(expires), now.tzinfo)
    except (ValueError, UnicodeDecodeError):
        return None
    if expires_at <= now or not employee_code:
        return None
    # Not forms.parse_int: a badge issued on a kiosk node has a provisional id above 2**40 (app.sync.outbox)
    return NodeLink(employee_code, int(credential) if re.fullmatch(r"[0-9]{1,19}", credential) else None, expires_at)
