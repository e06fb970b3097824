"""`floorhr approvals remind`: post the requests overdue since the last reminder to the plant's group robot."""

from __future__ import annotations

import click

from app.cli_context import Context, run


@click.group()
def approvals() -> None:
    """The approvals inbox from the command line."""


@approvals.command()
@click.pass_context
def remind(click_ctx: click.Context) -> None:
    """Post overdue requests to the WeCom/DingTalk robot set on the approvals page (nothing without one)."""
    from app.approvals import webhook

    settings = click_ctx.ensure_object(Context).settings
    announced = run(settings, lambda: webhook.remind(settings.lang))
    click.echo(f"{announced} overdue requests announced")
