"""The archive format on its own: what goes in comes out, and any change to the file is refused."""

from __future__ import annotations

import hashlib
import json
import os
import struct

import pytest

from app.errors import Refused
from app.ops.archive import BLOCK, Part, read_archive, write_archive
from app.ops.crypto import CHUNK, MAGIC, TOO_SHORT, WRONG_PASSPHRASE, EncryptingWriter

PASSPHRASE = "an unguessable plant"


@pytest.fixture
def archive(tmp_path):
    (tmp_path / "db").write_bytes(os.urandom(CHUNK * 2 + 123))  # three chunks and a bit
    (tmp_path / "key").write_text("k" * 64)
    path = tmp_path / "a.fhrbak"
    manifest = write_archive(
        path,
        PASSPHRASE,
        [Part("database.sqlite3", tmp_path / "db"), Part("secret.key", tmp_path / "key")],
        {"version": "0.1.0"},
    )
    return path, manifest


def _refused(path, tmp_path, passphrase=PASSPHRASE) -> Refused:
    with pytest.raises(Refused) as refused:
        read_archive(path, passphrase, tmp_path / "out")
    return refused.value


def test_every_part_comes_back_byte_for_byte_with_the_manifest(archive, tmp_path):
    path, manifest = archive
    (tmp_path / "out").mkdir()
    assert read_archive(path, PASSPHRASE, tmp_path / "out") == manifest
    assert (tmp_path / "out" / "database.sqlite3").read_bytes() == (tmp_path / "db").read_bytes()
    assert manifest["parts"]["secret.key"]["size"] == 64 and len(manifest["parts"]["secret.key"]["sha256"]) == 64
    assert path.stat().st_mode & 0o777 == 0o600
    data = path.read_bytes()
    assert data.startswith(MAGIC) and PASSPHRASE.encode() not in data and b"k" * 64 not in data


def test_a_wrong_passphrase_is_told_apart_from_damage(archive, tmp_path):
    assert _refused(archive[0], tmp_path, "another passphrase").message == WRONG_PASSPHRASE


def test_a_file_cut_at_a_chunk_boundary_is_refused(archive, tmp_path):
    path, _ = archive
    data = path.read_bytes()
    header_end = len(MAGIC) + 4 + struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])[0]
    first_chunk = 4 + struct.unpack(">I", data[header_end : header_end + 4])[0]
    path.write_bytes(data[: header_end + first_chunk])  # one whole, valid chunk and nothing after
    assert "cut short" in _refused(path, tmp_path).params["where"]


@pytest.mark.parametrize("where", ["header", "middle", "tail"])
def test_one_changed_byte_anywhere_is_refused(archive, tmp_path, where):
    path, _ = archive
    data = bytearray(path.read_bytes())
    index = {"header": len(MAGIC) + 30, "middle": len(data) // 2, "tail": len(data) - 3}[where]
    data[index] ^= 0x01
    path.write_bytes(bytes(data))
    refused = _refused(path, tmp_path)
    assert refused.message in (WRONG_PASSPHRASE, "This backup is damaged (%(where)s): it cannot be restored.")


def test_a_short_passphrase_is_refused_before_anything_is_written(tmp_path):
    (tmp_path / "db").write_bytes(b"x")
    with pytest.raises(Refused) as refused:
        write_archive(tmp_path / "a.fhrbak", "short", [Part("database.sqlite3", tmp_path / "db")], {})
    assert refused.value.message == TOO_SHORT and sorted(path.name for path in tmp_path.iterdir()) == ["db"]


@pytest.mark.parametrize("field", ["check", "salt", "nonce_prefix"])
def test_a_header_field_that_is_no_longer_base64_is_damage_not_a_crash(archive, tmp_path, field):
    path, _ = archive
    data = path.read_bytes()
    at = data.index(f'"{field}": "'.encode()) + len(field) + 4
    path.write_bytes(data[:at] + b"*" + data[at + 1 :])  # same length: only the field changed
    assert _refused(path, tmp_path).message == "This backup is damaged (%(where)s): it cannot be restored."


def _record(kind: bytes, data: bytes) -> bytes:
    return kind + struct.pack(">I", len(data)) + data


def _by_hand(path, parts: dict[str, bytes], chunk: int, piece: int) -> None:
    """An archive as this format's earlier writers made it: chunk bytes of plaintext per chunk (1 MiB, or 4 MiB as
    in December 2026), and with piece, the whole stream written piece bytes at a time (as the first writer did),
    so that a part's bytes start anywhere in a chunk; without, each record in one write (as the writer does now)."""
    records = [_record(b"P", json.dumps({"name": name, "size": len(data)}).encode()) + data for name, data in parts]
    listed = {name: {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in parts}
    records.append(_record(b"M", json.dumps({"version": "0.1.0", "parts": listed}).encode()))
    with open(path, "wb") as sink:
        writer = EncryptingWriter(sink, PASSPHRASE, chunk=chunk)
        stream = b"".join(records)
        for data in [stream[at : at + piece] for at in range(0, len(stream), piece)] if piece else records:
            writer.write(data)
        writer.close()


@pytest.mark.parametrize(("chunk", "piece"), [(4 << 20, 0), (CHUNK, 0), (CHUNK, 100_003), (1000, 777)])
def test_archives_with_other_chunk_sizes_and_unaligned_parts_read_back(tmp_path, chunk, piece):
    parts = [("database.sqlite3", os.urandom(BLOCK + CHUNK * 4 + 5)), ("secret.key", b"k" * 64), ("files/empty", b"")]
    _by_hand(tmp_path / "old.fhrbak", parts, chunk, piece)
    manifest = read_archive(tmp_path / "old.fhrbak", PASSPHRASE, tmp_path / "out")
    assert set(manifest["parts"]) == {name for name, _ in parts}
    for name, data in parts:
        assert (tmp_path / "out" / name).read_bytes() == data


def test_a_chunk_length_no_writer_makes_is_damage_without_reading_on(archive, tmp_path):
    path, _ = archive
    data = bytearray(path.read_bytes())
    header_end = len(MAGIC) + 4 + struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])[0]
    data[header_end : header_end + 4] = struct.pack(">I", 0xFFFFFFF0)
    path.write_bytes(bytes(data))
    assert _refused(path, tmp_path).params["where"] == "chunk 0"


def test_a_part_cut_short_in_the_manifest_sense_is_refused(tmp_path):
    """A part record that claims more bytes than follow it (the stream itself intact): refused, not hung."""
    with open(tmp_path / "short.fhrbak", "wb") as sink:
        writer = EncryptingWriter(sink, PASSPHRASE)
        described = json.dumps({"name": "database.sqlite3", "size": 10_000}).encode()
        writer.write(b"P" + struct.pack(">I", len(described)) + described + b"x" * 10)
        writer.close()
    refused = _refused(tmp_path / "short.fhrbak", tmp_path)
    assert refused.params["where"] == "a part is cut short"
