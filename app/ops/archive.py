"""Writing and reading a backup archive: a stream of named parts and a manifest, inside crypto's encryption.

The plaintext, in order:

    for each part:  b"P" + u32 length + JSON {"name": ..., "size": bytes} + the part's bytes
    at the end:     b"M" + u32 length + the manifest JSON (every part's size and SHA-256, and the caller's fields)

Reading checks each part against the manifest, so a part that was swapped, cut or is missing is refused even
where the encryption would let it through (it cannot, but the manifest is also what `backup --verify` and a
person read). The parts are copied in 4 MiB blocks through a few reused buffers straight into the encryption (and on
restore, decrypted straight into the part's file), hashed by a second thread in the same pass: no tar layer, no
second read, no copy per block. A part may name a byte range of an open descriptor instead of a file (the live
SQLite file, read in place while a read transaction holds it still: see app/ops/database.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.errors import Refused
from app.i18n import N_
from app.ops.crypto import DAMAGED, DecryptingReader, EncryptingWriter, SealingKey

MANIFEST = "manifest.json"
BLOCK = 4 << 20  # one read: into one of POOL reused buffers, hashed in one call, sealed as 4 chunks
POOL = 3  # buffers in flight: one being filled and sealed (or written) while the hasher has the ones before
WRITEBACK = 64 << 20  # the archive's bytes are sent to the disk every this many, so the final fsync finds few left
NO_MANIFEST = N_("This backup has no manifest: it is incomplete.")


@dataclass(frozen=True)
class Part:
    name: str  # the name inside the archive: database.sqlite3, database.pgdump, secret.key, files/...
    path: Path
    size: int | None = None  # with fd: read exactly size bytes of fd from offset 0 instead of opening path
    fd: int | None = None


class _Range:
    """The first size bytes of a descriptor, read with preadv: the descriptor's own offset and life are the owner's."""

    def __init__(self, fd: int, size: int):
        self._fd, self._size, self._at = fd, size, 0

    def readinto(self, buffer: memoryview) -> int:
        got = os.preadv(self._fd, [buffer[: self._size - self._at]], self._at)
        self._at += got
        return got


def _record(kind: bytes, data: bytes) -> bytes:
    return kind + struct.pack(">I", len(data)) + data


class _Pump:
    """Copies parts through POOL reused buffers, each block hashed by a second thread while this one seals and
    writes it (hashlib lets go of the GIL, as do the reads, AES-GCM and the writes): one read of every byte, no
    allocation and no copy per block, and SHA-256 (the costliest step) beside the rest instead of after it."""

    def __init__(self):
        self._buffers = [bytearray(BLOCK) for _ in range(POOL)]
        self._pending: list = [None] * POOL
        self._hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="floorhr-sha256")

    def __enter__(self) -> _Pump:
        return self

    def __exit__(self, *exc) -> None:
        self._hasher.shutdown(wait=True)

    def copy(self, readinto, write, size: int) -> dict:
        """Copy size bytes from readinto to write, hashing them on the way."""
        sha, left, turn = hashlib.sha256(), size, 0
        while left:
            if self._pending[turn] is not None:
                self._pending[turn].result()  # the hasher is done with this buffer: fill it again
            block = memoryview(self._buffers[turn])[: min(BLOCK, left)]
            filled = 0
            while filled < len(block):
                got = readinto(block[filled:])
                if not got:
                    raise Refused(DAMAGED, where="a part is cut short")
                filled += got
            self._pending[turn] = self._hasher.submit(sha.update, block)  # in order: one worker
            write(block)
            left -= len(block)
            turn = (turn + 1) % POOL
        for index, pending in enumerate(self._pending):
            if pending is not None:
                pending.result()
                self._pending[index] = None
        return {"size": size, "sha256": sha.hexdigest()}


class _Sink:
    """A file written unbuffered: the archive, or a part being restored. Every WRITEBACK bytes, the pages just written are sent to the disk
    without waiting (posix_fadvise DONTNEED starts the writeback of dirty pages and drops only clean ones, of
    which a window just written has none: the archive stays in the page cache, as any written file would), so
    the disk works beside the sealing and the closing fsync waits for the last window only."""

    def __init__(self, fd: int):
        self._fd, self._written, self._sent = fd, 0, 0

    def write(self, data) -> int:
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]
        self._written += len(data)
        if self._written - self._sent >= WRITEBACK and hasattr(os, "posix_fadvise"):
            with contextlib.suppress(OSError):  # advice only: a file system that ignores it loses nothing
                os.posix_fadvise(self._fd, self._sent, self._written - self._sent, os.POSIX_FADV_DONTNEED)
            self._sent = self._written
        return len(data)


def write_archive(target: Path, passphrase: str | SealingKey, parts: list[Part], manifest: dict) -> dict:
    """Write target (atomically: a .part file renamed at the end); returns the manifest with the parts' hashes."""
    temporary = target.with_name(target.name + ".part")
    try:
        complete = _write(temporary, passphrase, parts, manifest)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, target)
    return complete


def _write(temporary: Path, passphrase: str | SealingKey, parts: list[Part], manifest: dict) -> dict:
    listed = {}
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # ID numbers: for its owner only
    try:
        encrypted = EncryptingWriter(_Sink(fd), passphrase)
        with _Pump() as pump:
            for part in parts:
                if part.fd is not None and part.size is not None:
                    listed[part.name] = _add(pump, encrypted, part.name, _Range(part.fd, part.size).readinto, part.size)
                    continue
                with open(part.path, "rb", buffering=0) as handle:
                    size = os.fstat(handle.fileno()).st_size
                    listed[part.name] = _add(pump, encrypted, part.name, handle.readinto, size)
        complete = {**manifest, "parts": listed}
        encrypted.write(_record(b"M", json.dumps(complete, indent=2, sort_keys=True, default=str).encode()))
        encrypted.close()
        os.fsync(fd)
    finally:
        os.close(fd)
    return complete


def _add(pump: _Pump, encrypted: EncryptingWriter, name: str, readinto, size: int) -> dict:
    encrypted.write(_record(b"P", json.dumps({"name": name, "size": size}).encode()))
    return pump.copy(readinto, encrypted.write, size)


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
    """Decrypt source into the folder into, check every part against the manifest, return the manifest.
    Each part is decrypted straight into its file and hashed in the same pass: nothing is read twice."""
    seen, manifest = {}, None
    with open(source, "rb") as handle, _Pump() as pump:
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
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)  # as open(): the umask decides
            try:  # written back to the disk as it goes (_Sink): the restore's fsync of the database waits little
                seen[described["name"]] = pump.copy(reader.readinto, _Sink(fd).write, int(described["size"]))
            finally:
                os.close(fd)
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
