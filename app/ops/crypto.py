"""The encrypted stream a backup archive is: a clear header, then AES-256-GCM chunks under a passphrase's key.

Layout (format 1), all lengths big-endian:

    b"FLOORHR-BACKUP\\n"            magic, 15 bytes
    u32 length + header JSON         {"format": 1, "kdf": "scrypt", "n", "r", "p", "salt", "check",
                                      "cipher": "AES-256-GCM", "chunk", "nonce_prefix"} (binary fields base64)
    chunks: u32 length + ciphertext  each at most `chunk` bytes of plaintext plus the 16-byte GCM tag; the last
                                     chunk is empty and flagged final

The key is scrypt(passphrase, salt); the passphrase itself is never written. "check" is an HMAC of a fixed
label under the key, so a wrong passphrase is told apart from a damaged archive before any chunk is read.
Chunk i's nonce is nonce_prefix (7 bytes) + i (u32) + a final flag (1 byte), and the header is the
associated data of every chunk: reordered, dropped, truncated or altered chunks and an edited header all fail
to decrypt (the STREAM construction).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import struct
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.errors import Refused
from app.i18n import N_

MAGIC = b"FLOORHR-BACKUP\n"
FORMAT = 1
CHUNK = 1 << 20  # at most 1 MiB of plaintext per chunk (4 MiB measured slower: more cache misses beside the hashing)
MAX_CHUNK = 64 << 20  # the most plaintext a chunk may hold when read (this writer's: CHUNK)
TAG = 16  # GCM's tag, after each chunk's ciphertext
SCRYPT = {"n": 1 << 15, "r": 8, "p": 1}  # about 32 MiB and 0.1 s per derivation
MIN_PASSPHRASE = 8
_CHECK_LABEL = b"floorhr backup passphrase check"

NOT_AN_ARCHIVE = N_("This file is not a floorhr backup.")
WRONG_PASSPHRASE = N_("Wrong passphrase for this backup.")
DAMAGED = N_("This backup is damaged (%(where)s): it cannot be restored.")
TOO_SHORT = N_("The backup passphrase must have at least 8 characters.")
NEWER_FORMAT = N_("This backup was written by a newer floorhr (format %(format)s): upgrade floorhr first.")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def derive_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _check(key: bytes) -> bytes:
    return hmac.new(key, _CHECK_LABEL, hashlib.sha256).digest()


def _nonce(prefix: bytes, index: int, final: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if final else 0)


@dataclass(frozen=True)
class SealingKey:
    """A passphrase's key for one new archive, with its salt and check: derived once (scrypt is the slow part),
    possibly beside other work (a backup derives it while SQLite counts the rows of its snapshot)."""

    key: bytes
    salt: bytes
    check: bytes


def sealing_key(passphrase: str) -> SealingKey:
    if len(passphrase) < MIN_PASSPHRASE:
        raise Refused(TOO_SHORT)
    salt = os.urandom(16)
    key = derive_key(passphrase, salt, **SCRYPT)
    return SealingKey(key, salt, _check(key))


class EncryptingWriter:
    """A write-only file object: plaintext in, the encrypted archive out to `sink`. Call close() to finish."""

    def __init__(self, sink: BinaryIO, passphrase: str | SealingKey, chunk: int = CHUNK):
        sealing = passphrase if isinstance(passphrase, SealingKey) else sealing_key(passphrase)
        prefix = os.urandom(7)
        header = {
            "format": FORMAT,
            "kdf": "scrypt",
            **SCRYPT,
            "salt": _b64(sealing.salt),
            "check": _b64(sealing.check),
            "cipher": "AES-256-GCM",
            "chunk": chunk,
            "nonce_prefix": _b64(prefix),
        }
        self._header = json.dumps(header, sort_keys=True).encode()
        self._sink, self._aead, self._prefix, self._chunk = sink, AESGCM(sealing.key), prefix, chunk
        self._buffer = bytearray()
        self._sealed = bytearray(4 + chunk + TAG)  # one chunk's record, reused: no allocation per chunk
        self._index = 0
        sink.write(MAGIC + struct.pack(">I", len(self._header)) + self._header)

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        if self._buffer and len(view) >= self._chunk:  # a few bytes, then a whole block: they go as a short chunk
            self._emit(self._buffer, final=False)
            self._buffer.clear()
        while view:
            if not self._buffer and len(view) >= self._chunk:  # a whole chunk straight from the caller's block
                self._emit(view[: self._chunk], final=False)
                view = view[self._chunk :]
                continue
            room = self._chunk - len(self._buffer)
            self._buffer += view[:room]
            view = view[room:]
            if len(self._buffer) == self._chunk:
                self._emit(self._buffer, final=False)
                self._buffer.clear()
        return len(data)

    def _emit(self, plain, final: bool) -> None:
        """Seal plain into the reused record (length, then ciphertext and tag) and write it in one call."""
        size = len(plain) + TAG
        record = memoryview(self._sealed)[: 4 + size]
        struct.pack_into(">I", record, 0, size)
        self._aead.encrypt_into(_nonce(self._prefix, self._index, final), plain, self._header, record[4:])
        self._sink.write(record)
        self._index += 1

    def flush(self) -> None:
        """Nothing to do: a chunk is sealed only when whole, and close() seals the last one (tarfile calls this)."""

    def close(self) -> None:
        """The rest, then an empty chunk flagged final: a cut archive is told apart from a complete one."""
        if self._aead is not None:
            if self._buffer:
                self._emit(self._buffer, final=False)
                self._buffer.clear()
            self._emit(b"", final=True)
            self._aead = None


class DecryptingReader:
    """A read-only file object over an archive: refuses a wrong passphrase, then yields checked plaintext.

    Each chunk is read into one reused buffer and decrypted into another (or, by readinto, straight into the
    caller's buffer when the whole chunk fits there): no allocation and no extra copy per chunk."""

    def __init__(self, source: BinaryIO, passphrase: str):
        self._source = source
        if source.read(len(MAGIC)) != MAGIC:
            raise Refused(NOT_AN_ARCHIVE)
        self._header = self._exact(struct.unpack(">I", self._exact(4, "header"))[0], "header")
        try:
            header = json.loads(self._header)
        except ValueError as exc:
            raise Refused(DAMAGED, where="header") from exc
        if header.get("format") != FORMAT:
            raise Refused(NEWER_FORMAT, format=header.get("format"))
        try:  # a changed byte in the header can make bad base64 or an impossible scrypt cost: damaged, not a crash
            key = derive_key(passphrase, base64.b64decode(header["salt"]), header["n"], header["r"], header["p"])
            check, prefix = base64.b64decode(header["check"]), base64.b64decode(header["nonce_prefix"])
        except (ValueError, KeyError, TypeError) as exc:
            raise Refused(DAMAGED, where="header") from exc
        if not hmac.compare_digest(_check(key), check):
            raise Refused(WRONG_PASSPHRASE)
        self._aead, self._prefix = AESGCM(key), prefix
        self._sealed = bytearray(CHUNK + TAG)  # grown for an archive written with bigger chunks
        self._plain = bytearray(CHUNK)
        self._view, self._index, self._done = memoryview(b""), 0, False

    def _exact(self, size: int, where: str) -> bytes:
        data = self._source.read(size)
        if len(data) != size:
            raise Refused(DAMAGED, where=f"{where}: cut short")
        return data

    def _unseal(self, into: memoryview | None = None) -> int:
        """Read and decrypt the next chunk into `into` when it fits there (returns its length, 0 for the final
        chunk), else into the reused plaintext buffer, left in self._view (returns -1)."""
        where = f"chunk {self._index}"
        size = struct.unpack(">I", self._exact(4, where))[0]
        if not TAG <= size <= MAX_CHUNK + TAG:  # a damaged length, not a reason to allocate gigabytes
            raise Refused(DAMAGED, where=where)
        if size > len(self._sealed):
            self._sealed, self._plain = bytearray(size), bytearray(size - TAG)
        sealed = memoryview(self._sealed)[:size]
        if self._source.readinto(sealed) != size:
            raise Refused(DAMAGED, where=f"{where}: cut short")
        direct = into is not None and size - TAG <= len(into)
        target = into[: size - TAG] if direct else memoryview(self._plain)[: size - TAG]
        for final in (False, True):
            try:
                self._aead.decrypt_into(_nonce(self._prefix, self._index, final), sealed, self._header, target)
            except InvalidTag:
                continue
            self._index += 1
            self._done = final
            if final and self._source.read(1):
                raise Refused(DAMAGED, where="data after the end")
            if direct:
                return size - TAG
            self._view = target
            return -1
        raise Refused(DAMAGED, where=where)

    def readinto(self, buffer) -> int:
        """Fill buffer with the next plaintext (fewer bytes only at the end): 0 once the final chunk is read."""
        out, filled = memoryview(buffer).cast("B"), 0
        while filled < len(out):
            if self._view:
                taken = min(len(self._view), len(out) - filled)
                out[filled : filled + taken] = self._view[:taken]
                self._view, filled = self._view[taken:], filled + taken
            elif self._done:
                break
            else:
                filled += max(self._unseal(out[filled:]), 0)
        return filled

    def read(self, size: int) -> bytes:
        """Up to size bytes (the records' small headers; a chunk at a time, whatever the length says)."""
        pieces: list[bytes] = []
        while size > 0:
            piece = bytearray(min(size, CHUNK))
            got = self.readinto(piece)
            pieces.append(bytes(piece[:got]))
            size -= got
            if got < len(piece):
                break
        return b"".join(pieces)
