"""Files at rest: a floorhr process makes its database, key and uploads private; the server names what is not."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

from app.file_modes import exposed, warning


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_command_creates_the_data_folder_database_and_key_private(tmp_path):
    data = tmp_path / "var"
    env = {**os.environ, "FLOORHR_DATA_DIR": str(data)}
    env.pop("FLOORHR_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate", "--no-backup"],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert _mode(data) == 0o700 and _mode(data / "secret.key") == 0o600
    assert _mode(data / "floorhr.sqlite3") == 0o600
    assert exposed(data, data / "floorhr.sqlite3") == []


def test_files_others_can_read_are_named_with_the_fix(tmp_path):
    data = tmp_path / "var"
    (data / "uploads").mkdir(parents=True)
    (data / "uploads" / "contract.pdf").write_bytes(b"%PDF")
    os.chmod(data, 0o700)  # chmod, not mkdir's mode: the process's umask may be floorhr's own 077 already
    os.chmod(data / "uploads", 0o755)
    os.chmod(data / "uploads" / "contract.pdf", 0o644)
    found = exposed(data)
    assert found == [data / "uploads", data / "uploads" / "contract.pdf"]
    assert "chmod -R go-rwx" in warning(found, data) and "contract.pdf" in warning(found, data)
