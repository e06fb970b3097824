"""One Piccolo app per capability, laid out the same way: app/<name>/tables.py, migrations/<name>/."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

ROOT = Path(__file__).resolve().parents[2]


def capability_app(name: str, depends_on: tuple[str, ...] = ()) -> AppConfig:
    """depends_on names the capabilities below this one: it spells out the downward order."""
    return AppConfig(
        app_name=name,
        migrations_folder_path=str(ROOT / "migrations" / name),
        table_classes=table_finder(modules=[f"app.{name}.tables"], exclude_imported=True),
        migration_dependencies=[f"app.{dependency}.piccolo_app" for dependency in depends_on],
        commands=[],
    )
