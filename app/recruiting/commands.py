"""`floorhr recruiting purge`: delete candidates' data past the plant's retention (PIPL); run it nightly from cron."""

from __future__ import annotations

import click

from app.cli_context import Context, run


@click.group("recruiting")
def recruiting() -> None:
    """Recruiting: the talent pool's data."""


@recruiting.command("purge")
@click.pass_context
def purge(click_ctx: click.Context) -> None:
    """Delete every candidate not hired whose retention ended (the plant's setting, their consent)."""
    from app.audit.service import SYSTEM
    from app.recruiting import pool
    from app.timeutil import local_today

    settings = click_ctx.ensure_object(Context).settings

    async def work() -> int:
        return await pool.purge(local_today(settings.zone), SYSTEM)

    click.echo(f"candidates purged: {run(settings, work)}")
