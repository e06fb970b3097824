"""Sensitive numbers at rest (PIPL, DESIGN.md "Security"): Fernet-encrypted, found through an HMAC keyed hash.

Both keys are derived with HKDF-SHA256 from the installation secret, which the office and its kiosk
nodes share (it signs badges too), so a kiosk's ciphertext can be read at the office.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"floorhr-pii", info=purpose).derive(secret)


class Vault:
    """encrypt/decrypt text and compute lookup hashes under keys derived from the installation secret."""

    def __init__(self, secret: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(secret, b"encrypt")))
        self._hash_key = _derive(secret, b"lookup")

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode()).decode("ascii")

    def decrypt(self, token: str) -> str:
        """Raises ValueError for a token not made under this installation's secret."""
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except (InvalidToken, UnicodeError) as error:
            raise ValueError("not a token of this installation") from error

    def lookup_hash(self, text: str) -> str:
        """HMAC-SHA256 hex of the normalised number: equal numbers match, the number itself is not kept."""
        return hmac.new(self._hash_key, text.encode(), hashlib.sha256).hexdigest()
