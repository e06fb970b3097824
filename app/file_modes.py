"""Files at rest: the database, the secret key, uploads, exports and backups hold ID numbers, bank cards and pay.

Every floorhr process creates files 0600 and folders 0700 (a umask of 077, set once where the command starts),
and the server says at start which existing files others on the PC could read, with the command that fixes it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077


def make_new_files_private() -> None:
    os.umask(PRIVATE_UMASK)


def exposed(data_dir: Path, database_file: Path | None = None) -> list[Path]:
    """Files and folders under data_dir (and the database file) that the group or others may read or enter."""
    found = []
    candidates = [data_dir, *(data_dir.rglob("*") if data_dir.exists() else [])]
    if database_file is not None:
        candidates += [database_file, *database_file.parent.glob(database_file.name + "-*")]
    for path in candidates:
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue
        if not stat.S_ISLNK(mode) and mode & (stat.S_IRWXG | stat.S_IRWXO):
            found.append(path)
    return sorted(set(found))


def warning(paths: list[Path], data_dir: Path) -> str:
    if not paths:
        return ""
    shown = ", ".join(str(path) for path in paths[:5]) + (f" (and {len(paths) - 5} more)" if len(paths) > 5 else "")
    return f"warning: other users of this PC can read floorhr's data: {shown}. Fix with: chmod -R go-rwx {data_dir}"
