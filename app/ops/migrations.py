"""Which migrations this code base has: what a restore may migrate forward from, and what it cannot know."""

from __future__ import annotations

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
