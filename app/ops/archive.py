"""Writing and reading a backup archive: a stream of named parts and a manifest, inside crypto's encryption.

The plaintext, in order:

    for each part:  b"P" + u32 length + JSON {"name": ..., "size": bytes} + the part's bytes
    at the end:     b"M" + u32 length + the manifest JSON (every part's size and SHA-256, and the caller's fields)

Reading checks each part against the manifest, so a part that was swapped, cut or is missing is refused even
where the encryption would let it through (it cannot, but the manifest is also what `backup --verify` and a
person read). The parts are copied in 4 MiB blocks straight into the encryption: no tar layer, no second copy.
A part may name a byte range of an open descriptor instead of a file (the live SQLite file, read in place while a
read transaction holds it still: see app/ops/database.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from app.errors import Refused
from app.i18n import N_
from app.ops.crypto import DAMAGED, DecryptingReader, EncryptingWriter

MANIFEST = "manifest.json"
BLOCK = 4 << 20  # bigger blocks: fewer calls per byte into hashing, encryption and the disk
NO_MANIFEST = N_("This backup has no manifest: it is incomplete.")


@dataclass(frozen=True)
class Part:
    name: str  # the name inside the archive: database.sqlite3, database.pgdump, secret.key, files/...
    path: Path
    size: int | None = None  # with fd: read exactly size bytes of fd from offset 0 instead of opening path
    fd: int | None = None


class _Range:
    """The first size bytes of a descriptor, read with pread: the descriptor's own offset and life are the owner's."""

    def __init__(self, fd: int, size: int):
        self._fd, self._size, self._at = fd, size, 0

    def read(self, wanted: int) -> bytes:
        data = os.pread(self._fd, min(wanted, self._size - self._at), self._at)
        self._at += len(data)
        return data


def _record(kind: bytes, data: bytes) -> bytes:
    return kind + struct.pack(">I", len(data)) + data


def _copy(source: BinaryIO, sink, size: int) -> dict:
    """Copy size bytes from source to sink, hashing them on the way (in a second thread: hashlib lets go of
    the GIL, so SHA-256 runs beside the encryption and the writing instead of after them)."""
    sha, left = hashlib.sha256(), size
    hashed = None
    with ThreadPoolExecutor(max_workers=1) as hasher:
        while left:
            block = source.read(min(BLOCK, left))
            if not block:
                raise Refused(DAMAGED, where="a part is cut short")
            if hashed is not None:
                hashed.result()  # one block in flight: in order, and memory stays at a few MiB
            hashed = hasher.submit(sha.update, block)
            sink.write(block)
            left -= len(block)
        if hashed is not None:
            hashed.result()
    return {"size": size, "sha256": sha.hexdigest()}


def write_archive(target: Path, passphrase: str, parts: list[Part], manifest: dict) -> dict:
    """Write target (atomically: a .part file renamed at the end); returns the manifest with the parts' hashes."""
    temporary = target.with_name(target.name + ".part")
    try:
        complete = _write(temporary, passphrase, parts, manifest)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, target)
    return complete


def _write(temporary: Path, passphrase: str, parts: list[Part], manifest: dict) -> dict:
    listed = {}
    with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as sink:  # ID numbers
        encrypted = EncryptingWriter(sink, passphrase)
        for part in parts:
            if part.fd is not None and part.size is not None:
                listed[part.name] = _add(encrypted, part.name, _Range(part.fd, part.size), part.size)
                continue
            with open(part.path, "rb") as handle:
                listed[part.name] = _add(encrypted, part.name, handle, os.fstat(handle.fileno()).st_size)
        complete = {**manifest, "parts": listed}
        encrypted.write(_record(b"M", json.dumps(complete, indent=2, sort_keys=True, default=str).encode()))
        encrypted.close()
        sink.flush()
        os.fsync(sink.fileno())
    return complete


def _add(encrypted: EncryptingWriter, name: str, source, size: int) -> dict:
    encrypted.write(_record(b"P", json.dumps({"name": name, "size": size}).encode()))
    return _copy(source, encrypted, size)


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or name == MANIFEST:
        raise Refused(DAMAGED, where=f"part name {name!r}")
    return path


def _header(reader: DecryptingReader) -> tuple[bytes, bytes]:
    kind = reader.read(1)
    if not kind:
        return b"", b""
    size = reader.read(4)
    if kind not in (b"P", b"M") or len(size) != 4:
        raise Refused(DAMAGED, where="contents")
    data = reader.read(struct.unpack(">I", size)[0])
    return kind, data


def read_archive(source: Path, passphrase: str, into: Path) -> dict:
    """Decrypt source into the folder into, check every part against the manifest, return the manifest."""
    seen, manifest = {}, None
    with open(source, "rb") as handle:
        reader = DecryptingReader(handle, passphrase)
        while True:
            kind, data = _header(reader)
            if kind != b"P":
                break
            try:
                described = json.loads(data)
            except ValueError as exc:
                raise Refused(DAMAGED, where="contents") from exc
            target = into / _safe_name(described["name"])
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "wb") as out:
                seen[described["name"]] = _copy(reader, out, int(described["size"]))
        if kind == b"M":
            manifest = json.loads(data)
            (into / MANIFEST).write_bytes(data)
            if reader.read(1):  # also reads the final chunk: an archive cut after the manifest is refused too
                raise Refused(DAMAGED, where="data after the manifest")
    if manifest is None:
        raise Refused(NO_MANIFEST)
    if seen != manifest.get("parts"):
        different = sorted(
            set(seen) ^ set(manifest.get("parts", {}))
            or {name for name in seen if seen[name] != manifest["parts"][name]}
        )
        raise Refused(DAMAGED, where=f"part {', '.join(different)}: its SHA-256 does not match the manifest")
    return manifest
