"""The `floorhr` command: migrate, demo, serve, users, export."""

from __future__ import annotations

import asyncio
import sys
from typing import Awaitable, Callable, TypeVar

import click

from app import __version__
from app.settings import Settings, SettingsError

T = TypeVar("T")


def run(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Run one async use case against the configured database."""
    from app.db.engine import use_database
    from app.sync import outbox

    use_database(settings.database_url)
    outbox.configure(settings.role)  # on a kiosk node, facts recorded from the CLI go to the office too
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="floorhr")
def main() -> None:
    """floorhr: HR for manufacturing plants, on the plant's LAN."""


@main.command()
@pass_context
def migrate(ctx: Context) -> None:
    """Create or upgrade the database tables."""
    from app.db.engine import migrate as run_migrations

    message = run(ctx.settings, run_migrations)
    click.echo(f"database {ctx.settings.database_kind} migrated: {message}")


@main.command()
@click.option("--history/--no-history", default=True, show_default=True,
              help="About three months of punches, piece counts and pay up to today (or an empty floor).")
@pass_context
def demo(ctx: Context, history: bool) -> None:
    """Load the demo plant (idempotent) and print the logins."""
    from app.demo import load_demo

    logins, added = run(ctx.settings, lambda: load_demo(ctx.settings.data_dir, ctx.settings.zone, history))
    click.echo(f"demo plant ready: {added} employees added")
    for login in logins:
        if login.password:
            click.echo(f"{login.role} login: {login.username} / {login.password}")
        else:
            click.echo(f"{login.role} login: {login.username} (password set earlier; "
                       f"change it with `floorhr users passwd {login.username}`)")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for the LAN).")
@click.option("--port", default=8000, show_default=True, type=int)
@pass_context
def serve(ctx: Context, host: str, port: int) -> None:
    """Serve floorhr over HTTP."""
    import uvicorn

    from app.main import create_app
    from app.request_log import configure_console_logging

    configure_console_logging()
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    click.echo(f"floorhr {ctx.settings.role} on {ctx.settings.database_kind}: http://{shown}:{port}/", err=True)
    uvicorn.run(create_app(ctx.settings), host=host, port=port, log_level="warning")


def _register_groups() -> None:
    from app.attendance.commands import attendance
    from app.attendance.scan_commands import punches, scan
    from app.auth.commands import users
    from app.badges.commands import badge, decode
    from app.people.commands import exits, export, import_
    from app.sync.commands import device, kiosk, sync

    main.add_command(users)
    main.add_command(export)
    main.add_command(import_)
    main.add_command(exits)
    main.add_command(badge)
    main.add_command(decode)
    main.add_command(scan)
    main.add_command(device)
    main.add_command(kiosk)
    main.add_command(sync)
    export.add_command(punches)
    export.add_command(attendance)
    from app.payroll.commands import payroll
    export.add_command(payroll)


_register_groups()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
