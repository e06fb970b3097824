"""Every FLOORHR_* variable is read by Settings, once, and a value floorhr cannot use is refused by name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.settings import Settings, SettingsError

ROOT = Path(__file__).resolve().parent.parent


def _env(tmp_path: Path, **values: str) -> dict[str, str]:
    return {"FLOORHR_DATA_DIR": str(tmp_path), **values}


def test_a_kiosk_nodes_variables_are_read_with_the_rest(tmp_path):
    settings = Settings.from_env(
        _env(
            tmp_path,
            FLOORHR_ROLE="kiosk",
            FLOORHR_NODE_ID="gate-1",
            FLOORHR_CAMERA="none",
            FLOORHR_SYNC="off",
            FLOORHR_SYNC_INTERVAL="0.3",
            FLOORHR_SYNC_BATCH="50",
            FLOORHR_IDCARD_FILE="/tmp/wz.txt",
        )
    )
    assert (settings.node_id, settings.camera, settings.sync) == ("gate-1", "none", False)
    assert (settings.sync_interval_s, settings.sync_batch, settings.idcard_file) == (0.3, 50, "/tmp/wz.txt")


def test_without_them_a_node_syncs_every_3_seconds_in_batches_of_500_with_camera_0(tmp_path):
    settings = Settings.from_env(_env(tmp_path))
    assert (settings.node_id, settings.camera, settings.sync, settings.sync_interval_s, settings.sync_batch) == (
        "",
        "0",
        True,
        3.0,
        500,
    )
    assert settings.idcard_library == settings.idcard_file == ""


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("FLOORHR_SYNC_BATCH", "501", id="more-than-the-office-takes"),
        pytest.param("FLOORHR_SYNC_BATCH", "lots", id="batch-not-a-number"),
        pytest.param("FLOORHR_SYNC_INTERVAL", "0", id="interval-zero"),
    ],
)
def test_an_unusable_sync_value_is_refused_by_its_name(tmp_path, name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(_env(tmp_path, **{name: value}))


def _reads_environment(node: ast.AST) -> bool:
    """os.environ[...], os.environ.get(...), os.getenv(...) (passing the environment on to a child is not reading)."""
    text = ast.unparse(node)
    return (isinstance(node, ast.Subscript) and text.startswith("os.environ[")) or (
        isinstance(node, ast.Call) and (text.startswith("os.environ.get(") or text.startswith("os.getenv("))
    )


def test_no_module_but_settings_reads_the_environment():
    """Settings reads every FLOORHR_* variable once (a capability may parse what Settings handed it, e.g. the
    FLOORHR_BACKUP_* values app.ops checks); nothing else asks the environment."""
    readers = []
    for path in sorted([*ROOT.glob("app/**/*.py"), *ROOT.glob("kiosk/**/*.py")]):
        if path.name == "settings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _reads_environment(node):
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node)}")
    assert readers == []
