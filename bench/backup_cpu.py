"""Where a SQLite backup's CPU goes, for bench/backup.py --parts and --threads (see there): on a shared machine
CPU seconds say more than wall time, which mostly measures the share of the cores a run got."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from backup import _backup, _restore, _settings, _timed


def sqlite_parts(plant: Path, work: Path) -> None:
    """Where a SQLite backup's time goes: the CPU seconds of each step alone over the same file (fastest of 3),
    against the plain copy's. The backup runs the hashing in a second thread beside the rest."""
    import hashlib

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from app.ops.crypto import CHUNK, SCRYPT, derive_key

    size, block = plant.stat().st_size, 4 << 20
    descriptor = os.open(plant, os.O_RDONLY)
    aead, nonce, target = AESGCM(os.urandom(32)), os.urandom(12), work / "parts.out"

    reused = memoryview(bytearray(block))

    def blocks():  # as the archive reads: into one reused buffer
        for offset in range(0, size, block):
            yield reused[: os.preadv(descriptor, [reused], offset)]

    def sha256() -> None:
        digest = hashlib.sha256()
        for data in blocks():
            digest.update(data)

    def seal() -> None:  # as the archive does: chunks of the block, sealed into one reused buffer
        sealed = bytearray(CHUNK + 16)
        for data in blocks():
            view = memoryview(data)
            for at in range(0, len(view), CHUNK):
                piece = view[at : at + CHUNK]
                aead.encrypt_into(nonce, piece, b"", memoryview(sealed)[: len(piece) + 16])

    def write() -> None:
        with open(target, "wb") as out:
            for data in blocks():
                out.write(data)

    steps = {
        "read the file (preadv, reused 4 MiB buffer)": lambda: all(blocks()),
        "SHA-256 (with the reads)": sha256,
        "AES-256-GCM (with the reads)": seal,
        "write the bytes (with the reads)": write,
        "scrypt key from the passphrase": lambda: derive_key("a passphrase", b"0" * 16, **SCRYPT),
        "plain file copy (baseline)": lambda: shutil.copyfile(plant, target),
    }
    work.mkdir(parents=True, exist_ok=True)
    print(f"SQLite backup, CPU seconds by step ({size / 1e6:.0f} MB)", flush=True)
    for label, step in steps.items():
        print(f"  {label:<44} {min(_timed(step)[1] for _ in range(3)):7.2f} s", flush=True)
    os.close(descriptor)
    target.unlink(missing_ok=True)


def sqlite_threads(plant: Path, work: Path, runs: int = 5) -> None:
    """CPU seconds of a SQLite backup and restore, all threads against the one that reads, seals (or decrypts)
    and writes: the rest is mostly the hashing thread, which runs beside it. With two free cores the wall time
    would be about the larger share plus the few steps that run alone (pruning, the rename); on a shared machine
    these CPU seconds say more than the wall time does. Fastest of runs."""
    import app.ops.backup as backup_module
    import app.ops.restore as restore_module

    own: dict[str, float] = {}

    def clocked(module, name: str) -> None:
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            began = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                own[name] = time.thread_time() - began

        setattr(module, name, wrapper)

    clocked(backup_module, "_sqlite_archive")
    clocked(restore_module, "read_archive")
    live = work / "live"
    live.mkdir(parents=True)
    shutil.copyfile(plant, live / "floorhr.sqlite3")
    settings = _settings(f"sqlite:///{live / 'floorhr.sqlite3'}", live)
    target = _settings(f"sqlite:///{work / 'restored' / 'floorhr.sqlite3'}", work / "restored")
    archives: list[Path] = []
    steps = {
        "_sqlite_archive": ("backup", lambda: archives.append(_backup(settings, work / "backups"))),
        "read_archive": ("restore", lambda: _restore(archives[-1], target)),
    }
    print("SQLite, CPU seconds by thread (fastest of each)", flush=True)
    for name, (label, step) in steps.items():
        measured = []
        for _ in range(runs):
            wall, cpu = _timed(step)
            measured.append((wall, cpu, own[name]))
        total, copying = min(cpu for _, cpu, _ in measured), min(mine for _, _, mine in measured)
        print(
            f"  {label:<8} all threads {total:5.2f}  the copying thread {copying:5.2f}  the others {total - copying:5.2f}"
            f"  (wall {min(wall for wall, _, _ in measured):.2f})",
            flush=True,
        )
