"""What every `floorhr` command shares: the settings from the environment and running a use case on the database.

Below app/cli.py and every capability's commands.py, so they import it and never each other.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from app.settings import Settings, SettingsError

T = TypeVar("T")


def run(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Run one async use case against the configured database (imported here: piccolo_conf reads the
    environment when imported, and a bad setting must reach the user as Context's click error, not a traceback)."""
    from app.db.engine import use_database

    use_database(settings.database_url, settings.role)  # on a kiosk node, facts recorded here go to the office too
    return asyncio.run(work())


class Context:
    def __init__(self) -> None:
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = Settings.from_env()
            except SettingsError as exc:
                raise click.ClickException(str(exc)) from exc
        return self._settings


pass_context = click.make_pass_decorator(Context, ensure=True)
