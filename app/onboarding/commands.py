"""`floorhr contracts verify`: is the signed-contract archive unaltered (its hash chain)?"""

from __future__ import annotations

import click

from app.cli_context import Context, run


@click.group("contracts")
def contracts() -> None:
    """The archive of signed labour contracts."""


@contracts.command("verify")
@click.pass_context
def verify(click_ctx: click.Context) -> None:
    """Re-hash every archived contract and follow each node's chain; exit 1 at the first altered contract."""
    from app.onboarding import chain

    settings = click_ctx.ensure_object(Context).settings
    report = run(settings, chain.verify)
    for broken in report.broken:
        click.echo(f"node {broken.node}: contract {broken.position} ({broken.employee_code}) was altered")
    if not report.intact:
        raise SystemExit(1)
    click.echo(f"chain intact: {report.contracts} contracts")
