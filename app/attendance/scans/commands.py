"""`floorhr scan TEXT [--at TIME]` records a scan as a kiosk does; `floorhr export punches --from --to` as CSV."""

from __future__ import annotations

from datetime import datetime

import click

from app.cli_context import Context, run


def _settings(click_ctx: click.Context):

    return click_ctx.ensure_object(Context).settings


def _moment(text: str | None, zone) -> datetime:
    from app.timeutil import utcnow

    if not text:
        return utcnow()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO-8601 time: {text!r}", param_hint="--at") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)  # no offset: the plant's wall clock


@click.command("scan")
@click.argument("text")
@click.option("--at", "at", help="When it was scanned (ISO-8601; without an offset, plant time). Default: now.")
@click.option("--pin", default=None, help="The PIN, where the plant asks for one after a card.")
@click.pass_context
def scan(click_ctx: click.Context, text: str, at: str | None, pin: str | None) -> None:
    """Record a scan exactly as a kiosk does; prints clock-in/clock-out/duplicate CODE TIME, or refused REASON."""
    from app.attendance.scans.service import DUPLICATE, PIN_NEEDED, PUNCH, node_id, record_scan

    settings = _settings(click_ctx)
    when = _moment(at, settings.zone)
    result = run(
        settings,
        lambda: record_scan(
            text, node_id(settings), when, "cli", secret=settings.secret_key, zone=settings.zone, pin=pin
        ),
    )
    shown = result.scanned_at.astimezone(settings.zone).isoformat(timespec="seconds")
    if result.outcome == PUNCH:
        click.echo(f"clock-{result.direction} {result.employee_code} {shown}")
    elif result.outcome == DUPLICATE:
        click.echo(f"duplicate {result.employee_code} {shown}")
    else:
        click.echo(f"refused {'pin_required' if result.outcome == PIN_NEEDED else result.reason}")
        raise SystemExit(1)


@click.command("punches")
@click.option("--from", "first", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="First day (plant).")
@click.option("--to", "last", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="Last day, included.")
@click.pass_context
def punches(click_ctx: click.Context, first: datetime, last: datetime) -> None:
    """Every punch from --from to --to (plant-local days), one row each, with a header row."""
    from app.attendance.scans import queries as scan_queries

    settings = _settings(click_ctx)
    if last < first:
        raise click.BadParameter("--to is before --from", param_hint="--to")
    rows = run(settings, lambda: scan_queries.punches(first.date(), last.date(), settings.zone))
    click.echo(scan_queries.punches_csv(rows, settings.zone), nl=False)
