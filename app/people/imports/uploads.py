"""Roster files kept between the preview and the import (data_dir/imports), named by a random token."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

KEEP_SECONDS = 24 * 3600
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv", ".txt")
_TOKEN = re.compile(r"[0-9a-f]{32}(\.xlsx|\.xlsm|\.xls|\.csv|\.txt)?")


def _folder(data_dir: Path) -> Path:
    folder = data_dir / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stash(data_dir: Path, filename: str, content: bytes) -> str:
    """Keep the file; returns its token (which carries the file's suffix, so the reader knows csv from xlsx)."""
    folder = _folder(data_dir)
    for old in folder.iterdir():  # files of previews nobody imported
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    suffix = Path(filename).suffix.lower()
    token = secrets.token_hex(16) + (suffix if suffix in SUFFIXES else "")
    (folder / token).write_bytes(content)
    return token


def load(data_dir: Path, token: str) -> bytes | None:
    if not _TOKEN.fullmatch(token):
        return None
    path = _folder(data_dir) / token
    return path.read_bytes() if path.is_file() else None


def discard(data_dir: Path, token: str) -> None:
    if _TOKEN.fullmatch(token):
        (_folder(data_dir) / token).unlink(missing_ok=True)
