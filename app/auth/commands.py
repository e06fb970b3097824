"""`floorhr users`: add office accounts and reset passwords."""

from __future__ import annotations

import click

from app.auth import rules
from app.cli_context import Context, run


@click.group()
def users() -> None:
    """Office accounts (HR, supervisors, department heads, trainers)."""


@users.command("add")
@click.argument("username")
@click.option("--roles", required=True, help=f"Comma-separated: {', '.join(rules.ROLES)}.")
@click.option("--name", "display_name", default="", help="Name shown in the UI.")
@click.option(
    "--employee",
    "employee_code",
    default="",
    help="The employee this account belongs to (a head's department, a trainer's badge).",
)
@click.password_option(help="Prompted for when not given.")
@click.pass_context
def add(
    click_ctx: click.Context, username: str, roles: str, display_name: str, employee_code: str, password: str
) -> None:
    """Add an account."""
    from app.auth import service

    try:
        role_tuple = rules.parse_roles(roles)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--roles") from exc
    settings = click_ctx.ensure_object(Context).settings
    try:
        user = run(settings, lambda: _add(service, username, password, role_tuple, display_name, employee_code))
    except service.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"added {user.username} ({', '.join(user.roles)})")


async def _add(service, username: str, password: str, roles: tuple[str, ...], display_name: str, employee_code: str):
    from app.auth.tables import User
    from app.i18n import gettext

    Employee = User.employee._foreign_key_meta.resolved_references  # people's table, which auth sits below
    employee_id = None
    if employee_code:
        row = (
            await Employee.select(Employee.id)
            .where(Employee.employee_code == employee_code.strip().upper())
            .first()
            .run()
        )
        if row is None:
            raise service.AccountError(gettext("There is no such employee."))
        employee_id = row["id"]
    return await service.add_user(username, password, roles, display_name, employee_id)


@users.command("passwd")
@click.argument("username")
@click.password_option(help="Prompted for when not given.")
@click.pass_context
def passwd(click_ctx: click.Context, username: str, password: str) -> None:
    """Set a new password (ends the account's sessions, lifts a login lock)."""
    from app.auth import service

    settings = click_ctx.ensure_object(Context).settings
    try:
        run(settings, lambda: service.set_password(username, password))
    except service.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"password changed for {username.strip().lower()}")


@users.command("reset-totp")
@click.argument("username")
@click.pass_context
def reset_totp(click_ctx: click.Context, username: str) -> None:
    """Remove an account's second factor (a lost phone); the user enrols again after signing in."""
    from app.auth import service

    settings = click_ctx.ensure_object(Context).settings
    try:
        run(settings, lambda: service.reset_second_factor(username))
    except service.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"second factor removed for {username.strip().lower()}")
