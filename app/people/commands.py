"""People commands: `floorhr export employees`, `floorhr import employees FILE`, `floorhr exits apply`."""

from __future__ import annotations

import click

from app.cli_context import Context, run


@click.group()
def export() -> None:
    """Export data as CSV (UTF-8 with BOM, so Excel opens it)."""


@export.command("employees")
@click.pass_context
def employees(click_ctx: click.Context) -> None:
    """Every employee, one row each, with a header row."""
    from app.people.export import employees_csv
    from app.people.service import all_employees

    rows = run(click_ctx.ensure_object(Context).settings, all_employees)
    click.echo(employees_csv(rows), nl=False)


@click.group("import")
def import_() -> None:
    """Import data from files."""


@import_.command("employees")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--valid-only", is_flag=True, help="Import the rows without problems and skip the others.")
@click.option("--create-missing", is_flag=True, help="Create departments and positions the plant does not have yet.")
@click.pass_context
def import_employees(click_ctx: click.Context, file: str, valid_only: bool, create_missing: bool) -> None:
    """Import a roster (.xlsx or .csv, Chinese or English headers); nothing is written when it is refused."""
    from pathlib import Path

    from app.audit.service import Actor
    from app.i18n import gettext, ngettext, using_language
    from app.people.imports.service import import_roster

    path = Path(file)
    settings = click_ctx.ensure_object(Context).settings
    result = run(
        settings, lambda: import_roster(path.name, path.read_bytes(), valid_only, create_missing, Actor(name="cli"))
    )
    with using_language(settings.lang):
        for problem in result.roster.problems:
            click.echo(gettext(problem.message, **problem.params), err=True)
        for row in result.roster.invalid_rows:
            for problem in row.problems:
                click.echo(
                    gettext(
                        "Row %(line)d: %(problem)s", line=row.line, problem=gettext(problem.message, **problem.params)
                    ),
                    err=True,
                )
        if not result.imported:
            raise click.ClickException(gettext("Nothing was imported."))
        click.echo(ngettext("%(num)d employee imported.", "%(num)d employees imported.", result.imported))


@click.group()
def exits() -> None:
    """Exits and other changes that fall due by date."""


@exits.command("apply")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The plant's date to apply for (default: today in FLOORHR_TZ).",
)
@click.pass_context
def apply_exits(click_ctx: click.Context, today) -> None:
    """Apply scheduled transfers that are due, and make everyone whose last day is over 'left' (badges revoked)."""
    from app.people.org.tasks import apply_due
    from app.timeutil import local_today

    settings = click_ctx.ensure_object(Context).settings
    day = today.date() if today else local_today(settings.zone)
    applied = run(settings, lambda: apply_due(day))
    click.echo(f"{day}: {applied.transfers} transfers applied, {len(applied.left)} employees left")
