"""Attendance commands: `floorhr export attendance --from DATE --to DATE` (added to the export group)."""

from __future__ import annotations

import click

from app.cli_context import Context, run


@click.command("attendance")
@click.option("--from", "date_from", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="First work date.")
@click.option("--to", "date_to", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="Last work date.")
@click.pass_context
def attendance(click_ctx: click.Context, date_from, date_to) -> None:
    """Attendance days as CSV, one row per person and day, after recomputing the range.

    Times are plant-local (FLOORHR_TZ) as 'YYYY-MM-DD HH:MM': a night shift's last_out is on the
    next date. Minutes are whole; overtime is rounded down to the plant's unit. Only days that are
    over are stored, so the range ends yesterday at the latest.
    """
    from app.attendance.days.compute import recompute_days
    from app.attendance.days.queries import DayFilter, all_days, days_csv

    settings = click_ctx.ensure_object(Context).settings
    first, last = date_from.date(), date_to.date()
    if first > last:
        raise click.BadParameter("--from is after --to")

    async def export() -> str:
        await recompute_days(None, first, last, settings.zone)
        return days_csv(await all_days(DayFilter(first, last)), settings.zone)

    click.echo(run(settings, export), nl=False)
