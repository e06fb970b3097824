"""Second factor for office accounts: RFC 6238 time-based codes (pyotp), enrolled with a QR code.

The secret is encrypted at rest with a key derived from the installation secret, so a copy of the
database alone cannot produce codes. A code is accepted once (last_step) within +-1 step (30 s) of
clock drift. Between the password and the code, the browser holds a short signed "pending" token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from datetime import datetime

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from markupsafe import Markup

from app.auth.tables import TotpSecret
from app.db.tx import write_transaction
from app.timeutil import utcnow

ISSUER = "floorhr"
PENDING_COOKIE = "floorhr_2fa"
PENDING_SECONDS = 300


def _fernet(installation_secret: bytes) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"floorhr totp secret").derive(installation_secret)
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str, installation_secret: bytes) -> str:
    return _fernet(installation_secret).encrypt(secret.encode()).decode()


def decrypt(token: str, installation_secret: bytes) -> str | None:
    try:
        return _fernet(installation_secret).decrypt(token.encode()).decode()
    except InvalidToken:  # the installation secret changed: the user must enrol again
        return None


def matching_step(secret: str, code: str, now: datetime, last_step: int) -> int | None:
    """The time step the code belongs to (now, or one step either side), if not used before."""
    code = "".join(ch for ch in code if "0" <= ch <= "9")
    if len(code) != 6:
        return None
    generator = pyotp.TOTP(secret)
    current = generator.timecode(now)
    for step in (current, current - 1, current + 1):
        if step > last_step and hmac.compare_digest(generator.generate_otp(step), code):
            return step
    return None


def qr_svg(uri: str) -> Markup:
    """The provisioning URI as an inline SVG QR code (no image file, no client library)."""
    return Markup(segno.make(uri, error="m").svg_inline(scale=5, title="TOTP"))


async def enrolment(user_id: int) -> dict | None:
    return await TotpSecret.select().where(TotpSecret.user == user_id).first().run()


async def is_enrolled(user_id: int) -> bool:
    return await TotpSecret.exists().where((TotpSecret.user == user_id) & TotpSecret.confirmed_at.is_not_null()).run()


async def start_enrolment(user_id: int, installation_secret: bytes) -> str:
    """A fresh secret, waiting for its first code; replaces an unconfirmed one."""
    secret = pyotp.random_base32()
    async with write_transaction():
        await TotpSecret.delete().where((TotpSecret.user == user_id) & TotpSecret.confirmed_at.is_null()).run()
        await TotpSecret.insert(
            TotpSecret(user=user_id, secret_encrypted=encrypt(secret, installation_secret), created_at=utcnow())
        ).run()
    return secret


def provisioning_uri(secret: str, username: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=username, issuer_name=ISSUER)


async def check_code(
    user_id: int, code: str, installation_secret: bytes, now: datetime | None = None, confirming: bool = False
) -> bool:
    """True when the code is right (and records its step); confirming also completes an enrolment."""
    row = await enrolment(user_id)
    if row is None or (row["confirmed_at"] is None) != confirming:
        return False
    secret = decrypt(row["secret_encrypted"], installation_secret)
    step = matching_step(secret, code, now or utcnow(), row["last_step"]) if secret else None
    if step is None:
        return False
    values = {TotpSecret.last_step: step}
    if confirming:
        values[TotpSecret.confirmed_at] = now or utcnow()
    async with write_transaction():
        await TotpSecret.update(values).where(TotpSecret.id == row["id"]).run()
    return True


def pending_token(user_id: int, installation_secret: bytes, now: float | None = None) -> str:
    """'user.expiry.signature': proof the password was right, for the next five minutes."""
    expires = int((now or time.time()) + PENDING_SECONDS)
    payload = f"{user_id}.{expires}"
    return f"{payload}.{_sign(payload, installation_secret)}"


def pending_user(token: str | None, installation_secret: bytes, now: float | None = None) -> int | None:
    parts = (token or "").split(".")
    if len(parts) != 3 or not (parts[0] + parts[1]).isascii() or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    payload = f"{parts[0]}.{parts[1]}"
    if not hmac.compare_digest(_sign(payload, installation_secret), parts[2]) or int(parts[1]) < (now or time.time()):
        return None
    return int(parts[0])


def _sign(payload: str, installation_secret: bytes) -> str:
    return hmac.new(installation_secret, b"2fa:" + payload.encode(), hashlib.sha256).hexdigest()
