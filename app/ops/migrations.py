"""Which migrations this code base has: what a restore may migrate forward from, and what it cannot know; and
running them up to an archive's state (an older PostgreSQL archive restored into SQLite gets its own schema
first, then its rows, then the rest of the migrations, as PostgreSQL itself would)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

_ID = re.compile(r'^ID = "([^"]+)"', re.MULTILINE)


def known_migrations() -> dict[str, set[str]]:
    """app name -> migration ids shipped in migrations/<app>/ (read from the files, nothing imported)."""
    from app.db import piccolo_conf

    known: dict[str, set[str]] = {}
    for name, config in piccolo_conf.APP_REGISTRY.app_configs.items():
        folder = Path(config.migrations_folder_path)
        known[name] = {match for path in folder.glob("*.py") for match in _ID.findall(path.read_text())}
    return known


async def migrate_to(targets: dict[str, str]) -> None:
    """Run, in the bound database, each app's migrations up to and including targets[app] (apps in Piccolo's
    dependency order; an app not in targets gets none). See rules.replay_targets."""
    from piccolo.apps.migrations.commands.base import BaseMigrationManager
    from piccolo.apps.migrations.commands.forwards import ForwardsMigrationManager

    from app.db.engine import current_engine, prepare_sqlite

    await prepare_sqlite(current_engine())
    with contextlib.redirect_stdout(io.StringIO()):  # Piccolo prints a banner per app
        for app in BaseMigrationManager().get_sorted_app_names():
            if app in targets:
                result = await ForwardsMigrationManager(app_name=app, migration_id=targets[app]).run()
                if not result.success:
                    raise RuntimeError(f"migrations of {app} failed: {result.message}")
