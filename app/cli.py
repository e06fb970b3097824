"""The `floorhr` command: migrate, demo, serve, users, export."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

import click

from app import __version__
from app.approvals.commands import approvals
from app.attendance.commands import attendance
from app.attendance.scans.commands import punches, scan
from app.auth.commands import users
from app.badges.commands import badge
from app.cli_context import Context, pass_context, run
from app.file_modes import exposed, make_new_files_private, warning
from app.onboarding.commands import contracts
from app.ops.commands import backup, restore
from app.payroll.commands import payroll
from app.people.commands import exits, export, import_
from app.recruiting.commands import recruiting
from app.sync.commands import device, kiosk, kiosk_settings, sync
from app.wiring import wire


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="floorhr")
def main() -> None:
    """floorhr: HR for manufacturing plants, on the plant's LAN."""
    make_new_files_private()  # the database, key, uploads, exports and backups: 0600 files, 0700 folders
    wire()


@main.command()
@click.option(
    "--no-backup",
    is_flag=True,
    help="Do not back up first (a database with data and pending migrations "
    "is otherwise backed up before it is migrated).",
)
@pass_context
def migrate(ctx: Context, no_backup: bool) -> None:
    """Create or upgrade the database tables (backing up first when there is data to upgrade)."""
    from app.db.engine import migrate as run_migrations
    from app.ops.commands import backed_up_first

    backed_up_first(ctx.settings, no_backup)
    message = run(ctx.settings, run_migrations)
    click.echo(f"database {ctx.settings.database_kind} migrated: {message}")


@main.command()
@click.option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help="About three months of punches, piece counts and pay up to today (or an empty floor).",
)
@pass_context
def demo(ctx: Context, history: bool) -> None:
    """Load the demo plant (idempotent) and print the logins."""
    from app.demo import load_demo

    logins, added = run(
        ctx.settings,
        lambda: load_demo(ctx.settings.data_dir, ctx.settings.zone, history, ctx.settings.secret_key),
    )
    click.echo(f"demo plant ready: {added} employees added")
    for login in logins:
        if login.password:
            click.echo(f"{login.role} login: {login.username} / {login.password}")
        else:
            click.echo(
                f"{login.role} login: {login.username} (password set earlier; "
                f"change it with `floorhr users passwd {login.username}`)"
            )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for the LAN).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--tls",
    is_flag=True,
    help="Serve HTTPS with DATA_DIR/tls/cert.pem and key.pem (made on first run, or "
    "the plant's own placed there); kiosks pin its fingerprint.",
)
@pass_context
def serve(ctx: Context, host: str, port: int, tls: bool) -> None:
    """Serve floorhr over HTTP, or HTTPS with --tls (or FLOORHR_TLS=1)."""
    import dataclasses

    import uvicorn

    from app import tls as certificates
    from app.main import create_app
    from app.request_log import configure_console_logging

    configure_console_logging()
    settings = dataclasses.replace(ctx.settings, tls=tls or ctx.settings.tls)
    database = settings.database_url.removeprefix("sqlite:///") if settings.database_kind == "sqlite" else None
    unsafe = warning(exposed(settings.data_dir, Path(database) if database else None), settings.data_dir)
    if unsafe:
        click.echo(unsafe, err=True)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    ssl = {}
    if settings.tls:
        cert, key = certificates.ensure_certificate(
            settings.data_dir / "tls", [host] if host not in ("0.0.0.0", "::") else []
        )
        ssl = {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}
        click.echo(
            f"certificate fingerprint {certificates.office_pin(settings.data_dir)} "
            f"(kiosk enrolment codes carry it; browsers: trust {cert} once)",
            err=True,
        )
    scheme = "https" if settings.tls else "http"
    click.echo(f"floorhr {settings.role} on {settings.database_kind}: {scheme}://{shown}:{port}/", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", **ssl)


@kiosk.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_context
def kiosk_run(click_ctx: click.Context, host: str, port: int) -> None:
    """Run the kiosk page, the camera scanner and the sync agent in one process."""
    import asyncio

    import uvicorn

    from app.db.engine import migrate, use_database
    from app.main import create_app

    settings = kiosk_settings(click_ctx)
    use_database(settings.database_url, settings.role)
    with contextlib.redirect_stdout(io.StringIO()):
        asyncio.run(migrate())
    click.echo(f"floorhr kiosk node: http://{host}:{port}/kiosk", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")


@click.command("decode")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def decode(files: tuple[str, ...]) -> None:
    """Decode badges and cards in image files: one line per symbol, FILE<TAB>SYMBOLOGY<TAB>TEXT
    (backslash, tab, newline and carriage return in TEXT written as \\\\, \\t, \\n, \\r).

    A file that is not an image is reported on stderr and the others are still decoded. Exit status:
    0 with symbols found, 1 with none, 2 when some file was not an image."""
    from kiosk.decode import decode_lines  # OpenCV, pyzbar and zxing-cpp: loaded for this command only

    found = unreadable = 0
    for name in files:
        try:
            lines = decode_lines([name])
        except ValueError:
            unreadable += 1
            click.echo(f"{name}: not an image floorhr can read", err=True)
            continue
        found += len(lines)
        for line in lines:
            click.echo(line)
    if unreadable or not found:
        raise SystemExit(2 if unreadable else 1)


for group in (
    users,
    export,
    import_,
    exits,
    badge,
    decode,
    scan,
    device,
    kiosk,
    sync,
    backup,
    restore,
    contracts,
    recruiting,
    approvals,
):
    main.add_command(group)
for group in (punches, attendance, payroll):
    export.add_command(group)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
