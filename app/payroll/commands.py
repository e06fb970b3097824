"""`floorhr export payroll --month YYYY-MM`: the month's pay lines as CSV (money in integer fen)."""

from __future__ import annotations

import click

from app.cli_context import Context, run


@click.command("payroll")
@click.option("--month", required=True, help="The month, as YYYY-MM.")
@click.pass_context
def payroll(click_ctx: click.Context, month: str) -> None:
    """One row per person paid in the month: employee_code, name, department, hours and the figures in fen."""
    from app.i18n import gettext, using_language
    from app.payroll import export, queries, service
    from app.payroll.payslip import slip_view

    settings = click_ctx.ensure_object(Context).settings
    try:
        first, last = service.month_range(month)
    except service.PayrollError as exc:
        with using_language(settings.lang):
            raise click.ClickException(gettext(str(exc))) from None

    async def work() -> str:
        plant = await queries.plant_name()
        views = [slip_view(row, plant, month) for row in await queries.lines(month)]
        return export.payroll_csv(views, await queries.worked_hours(first, last))

    click.echo(run(settings, work), nl=False)
