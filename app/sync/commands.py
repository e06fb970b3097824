"""`floorhr device …` (office), `floorhr kiosk enroll|run` and `floorhr sync status|now` (kiosk node)."""

from __future__ import annotations

import contextlib
import io

import click

from app import tls
from app.audit.service import Actor
from app.cli_context import Context, run

CLI = Actor(name="cli")


def _settings(click_ctx: click.Context):

    return click_ctx.ensure_object(Context).settings


def kiosk_settings(click_ctx: click.Context):
    settings = _settings(click_ctx)
    if settings.role != "kiosk":
        raise click.ClickException(
            "this is a kiosk node command: set FLOORHR_ROLE=kiosk (and its own FLOORHR_DATA_DIR) first"
        )
    return settings


@click.group()
def device() -> None:
    """Kiosk nodes enrolled at this office."""


@device.command("add")
@click.argument("name")
@click.pass_context
def device_add(click_ctx: click.Context, name: str) -> None:
    """Add a kiosk node; prints its one-time enrolment code on the last line."""
    from app.sync import devices

    try:
        node, code = run(_settings(click_ctx), lambda: devices.add_node(name, CLI))
    except devices.DeviceError as refused:
        raise click.ClickException(refused.args[0]) from refused
    click.echo(
        f"device {node.name} added; on the kiosk run: floorhr kiosk enroll --office URL --code CODE "
        f"(the code works once, for {devices.CODE_HOURS} hours; with TLS it carries the certificate's "
        f"fingerprint after the /)"
    )
    click.echo(tls.code_with_pin(code, tls.office_pin(_settings(click_ctx).data_dir)))


@device.command("list")
@click.pass_context
def device_list(click_ctx: click.Context) -> None:
    """Enrolled kiosk nodes: name, status, last seen, backlog, clock offset."""
    from app.sync import devices

    for node in run(_settings(click_ctx), devices.list_nodes):
        seen = node.last_seen_at.isoformat(timespec="seconds") if node.last_seen_at else "-"
        click.echo(
            f"{node.name}\t{node.status}\tlast seen {seen}\tbacklog {node.backlog}\t"
            f"clock offset {node.clock_offset_ms / 1000:+.1f} s"
        )


@device.command("revoke")
@click.argument("name")
@click.pass_context
def device_revoke(click_ctx: click.Context, name: str) -> None:
    """Revoke a kiosk node: its token stops working at once."""
    from app.sync import devices

    async def work() -> bool:
        node = await devices.node_by_name(name)
        return node is not None and await devices.revoke_node(node.id, CLI)

    if not run(_settings(click_ctx), work):
        raise click.ClickException(f"no active device named {name!r}")
    click.echo(f"device {name} revoked")


@click.group()
def kiosk() -> None:
    """This kiosk node: enrol it with the office, run it."""


@kiosk.command("enroll")
@click.option("--office", "office_url", required=True, help="The office's address, e.g. http://192.168.1.10:8000")
@click.option(
    "--code",
    required=True,
    help="The one-time code from `floorhr device add` or the Devices page "
    "(CODE/FINGERPRINT for an office serving HTTPS).",
)
@click.option(
    "--insecure",
    is_flag=True,
    help="Enrol over plain HTTP (the installation secret crosses the LAN in clear): only on a cable you trust.",
)
@click.pass_context
def kiosk_enroll(click_ctx: click.Context, office_url: str, code: str, insecure: bool) -> None:
    """Create this node's database, enrol with the office and pull its reference data."""
    from app.db.engine import migrate
    from app.sync import client

    settings = kiosk_settings(click_ctx)

    async def work():
        with contextlib.redirect_stdout(io.StringIO()):  # Piccolo narrates each migration
            await migrate()
        name = await client.enrol(settings, office_url, code, insecure)
        return name, await client.sync_once(settings.sync_batch)

    try:
        name, report = run(settings, work)
    except client.DeviceRefused as refused:
        raise click.ClickException(f"the office refused the code: {refused}") from refused
    except (client.InsecureRefused, tls.PinMismatch) as refused:
        raise click.ClickException(str(refused)) from refused
    except client.OfficeUnreachable as unreachable:
        raise click.ClickException(f"the office does not answer at {office_url}: {unreachable}") from unreachable
    click.echo(f"enrolled as {name}; pulled {report.pulled} reference rows")


@click.group()
def sync() -> None:
    """This kiosk node's sync with the office."""


@sync.command("status")
@click.pass_context
def sync_status(click_ctx: click.Context) -> None:
    """Prints `pending N`, the last push and pull, and whether the office answers."""
    from app.sync import client, node_state

    settings = kiosk_settings(click_ctx)

    async def work():
        status = await node_state.status()
        answers = await client.office_answers(status.office_url) if status.office_url else False
        return status, answers

    status, answers = run(settings, work)
    moment = lambda value: value.astimezone(settings.zone).isoformat(timespec="seconds") if value else "never"  # noqa: E731
    click.echo(f"pending {status.pending}")
    click.echo(f"device {status.device_name or '(not enrolled)'} office {status.office_url or '-'}")
    click.echo(f"last push {moment(status.last_push_at)}")
    click.echo(f"last pull {moment(status.last_pull_at)}")
    click.echo(f"office {'answers' if answers else 'does not answer'}")
    if status.last_error:
        click.echo(f"last error {status.last_error}")


@sync.command("now")
@click.pass_context
def sync_now(click_ctx: click.Context) -> None:
    """Push the outbox and pull reference data once."""
    from app.sync import client

    settings = kiosk_settings(click_ctx)
    try:
        report = run(settings, lambda: client.sync_once(settings.sync_batch))
    except client.NotEnrolled as missing:
        raise click.ClickException("not enrolled: run `floorhr kiosk enroll --office URL --code CODE`") from missing
    except (client.OfficeUnreachable, client.DeviceRefused) as failed:
        raise click.ClickException(f"sync failed: {failed}") from failed
    click.echo(
        f"pushed {report.pushed} (duplicates {report.duplicates}, quarantined {report.quarantined}); "
        f"pulled {report.pulled}; pending {report.pending}"
    )
