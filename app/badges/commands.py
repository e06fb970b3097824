"""`floorhr badge CODE` (the payload, --png for the image), `floorhr badge revoke CODE`, `floorhr decode FILE...`."""

from __future__ import annotations

from pathlib import Path

import click

from app.audit.service import Actor
from app.cli_context import Context, run

CLI = Actor(name="cli")


class _ShowByDefault(click.Group):
    """`floorhr badge W0001` means `floorhr badge show W0001`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


def _settings(click_ctx: click.Context):

    return click_ctx.ensure_object(Context).settings


def _run(click_ctx: click.Context, work):
    from app.badges.service import CredentialError
    from app.i18n import gettext

    try:
        return run(_settings(click_ctx), work)
    except CredentialError as refused:
        raise click.ClickException(gettext(refused.message)) from refused


@click.group(cls=_ShowByDefault)
def badge() -> None:
    """QR badges: `floorhr badge CODE` prints the payload (issuing the first badge), `floorhr badge revoke CODE`."""


@badge.command("show")
@click.argument("code")
@click.option("--png", "png", type=click.Path(dir_okay=False, path_type=Path), help="Also write the QR code as a PNG.")
@click.option("--reprint", is_flag=True, help="Issue a new serial; the old badge stops working.")
@click.pass_context
def show(click_ctx: click.Context, code: str, png: Path | None, reprint: bool) -> None:
    """Print the employee's badge payload on the last line."""
    from app.badges import service
    from app.badges.sheet import write_png

    secret = _settings(click_ctx).secret_key

    async def work():
        employee_id = await service.employee_id_for_code(code)
        if reprint:
            return await service.issue_badge(employee_id, secret, CLI)
        return await service.badge_for(employee_id, secret, CLI)

    issued = _run(click_ctx, work)
    if png:
        write_png(issued.payload, png)
    click.echo(f"{issued.name} {issued.employee_code} serial {issued.serial}" + (f" -> {png}" if png else ""))
    click.echo(issued.payload)


@badge.command("revoke")
@click.argument("code")
@click.pass_context
def revoke(click_ctx: click.Context, code: str) -> None:
    """Withdraw the employee's current badge: it is refused from now on."""
    from app.badges import service

    async def work():
        await service.revoke_badge(await service.employee_id_for_code(code), CLI)

    _run(click_ctx, work)
    click.echo(f"badge of {code.strip().upper()} revoked")
