"""Writing and reading a backup archive: a tar stream of the parts and manifest.json, inside crypto's encryption.

The manifest is the tar's last member and lists every part's size and SHA-256; reading checks each part
against it, so a part that was swapped, cut or is missing is refused even where the encryption would let
it through (it cannot, but the manifest is also what `backup --verify` and a person read).
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from app.errors import Refused
from app.i18n import N_
from app.ops.crypto import DAMAGED, DecryptingReader, EncryptingWriter

MANIFEST = "manifest.json"
BLOCK = 1 << 20
NO_MANIFEST = N_("This backup has no manifest: it is incomplete.")


@dataclass(frozen=True)
class Part:
    name: str  # the name inside the archive: database.sqlite3, database.pgdump, secret.key, files/...
    path: Path


class _Hashing:
    """Reads a file and hashes what passes through."""

    def __init__(self, handle: BinaryIO):
        self.handle, self.sha, self.size = handle, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.sha.update(data)
        self.size += len(data)
        return data


def write_archive(target: Path, passphrase: str, parts: list[Part], manifest: dict) -> dict:
    """Write target (atomically: a .part file renamed at the end); returns the manifest with the parts' hashes."""
    temporary = target.with_name(target.name + ".part")
    listed = {}
    with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as sink:  # ID numbers inside
        encrypted = EncryptingWriter(sink, passphrase)
        with tarfile.open(fileobj=encrypted, mode="w|", bufsize=BLOCK) as tar:
            for part in parts:
                info = tar.gettarinfo(str(part.path), arcname=part.name)
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                with open(part.path, "rb") as handle:
                    hashing = _Hashing(handle)
                    tar.addfile(info, hashing)
                listed[part.name] = {"size": hashing.size, "sha256": hashing.sha.hexdigest()}
            complete = {**manifest, "parts": listed}
            data = json.dumps(complete, indent=2, sort_keys=True, default=str).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, _Hashing(_Bytes(data)))
        encrypted.close()
        sink.flush()
        os.fsync(sink.fileno())
    os.replace(temporary, target)
    return complete


class _Bytes:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.pos + size
        chunk, self.pos = self.data[self.pos:end], min(end, len(self.data))
        return chunk


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise Refused(DAMAGED, where=f"part name {name!r}")
    return path


def read_archive(source: Path, passphrase: str, into: Path) -> dict:
    """Decrypt source into the folder into, check every part against the manifest, return the manifest."""
    seen = {}
    with open(source, "rb") as handle:
        reader = DecryptingReader(handle, passphrase)
        try:
            with tarfile.open(fileobj=reader, mode="r|", bufsize=BLOCK) as tar:
                for member in tar:
                    if not member.isfile():
                        raise Refused(DAMAGED, where=f"part {member.name!r}")
                    target = into / _safe_name(member.name)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    hashing = _Hashing(tar.extractfile(member))
                    with open(target, "wb") as out:
                        while block := hashing.read(BLOCK):
                            out.write(block)
                    seen[member.name] = {"size": hashing.size, "sha256": hashing.sha.hexdigest()}
        except tarfile.TarError as exc:
            raise Refused(DAMAGED, where="contents") from exc
    if MANIFEST not in seen:
        raise Refused(NO_MANIFEST)
    manifest = json.loads((into / MANIFEST).read_text())
    for name, expected in manifest.get("parts", {}).items():
        if seen.get(name) != expected:
            raise Refused(DAMAGED, where=f"part {name}: its SHA-256 does not match the manifest")
    return manifest
