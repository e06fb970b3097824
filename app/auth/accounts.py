"""Office accounts as an admin manages them in the browser: list, add, roles, password, disable, unlock.

Built on the same rules as `floorhr users` (password strength, roles) and audited like it; ending a
session follows every change that takes rights away.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.audit import service as audit
from app.auth import rules
from app.auth.service import AccountError
from app.auth.tables import LoginThrottle, Session, TotpSecret, User
from app.db.tx import write_transaction
from app.i18n import N_
from app.timeutil import as_utc, utcnow


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    employee_id: int | None
    employee_name: str
    active: bool
    second_factor: bool
    locked: bool
    last_login_at: datetime | None


async def accounts(now: datetime | None = None) -> list[Account]:
    now = now or utcnow()
    rows = (
        await User.select(User.all_columns(), User.employee.name.as_alias("employee_name"))
        .order_by(User.username)
        .run()
    )
    enrolled = {row["user"] for row in await TotpSecret.select(TotpSecret.user).run()}
    locks = {row["username"]: row["locked_until"] for row in await LoginThrottle.select().run()}
    return [
        Account(
            row["id"],
            row["username"],
            row["display_name"],
            tuple(r for r in row["roles"].split(",") if r),
            row["employee"],
            row["employee_name"] or "",
            row["active"],
            row["id"] in enrolled,
            bool(locks.get(row["username"]) and as_utc(locks[row["username"]]) > now),
            row["last_login_at"],
        )
        for row in rows
    ]


def chosen_roles(values: list[str]) -> tuple[str, ...]:
    roles = tuple(sorted({value for value in values if value in rules.ROLES}))
    if not roles:
        raise AccountError(N_("Choose at least one role."))
    return roles


async def _user(user_id: int) -> dict:
    row = await User.select().where(User.id == user_id).first().run()
    if row is None:
        raise AccountError(N_("There is no user with that username."))
    return row


async def _last_admin(user_id: int) -> bool:
    admins = [
        row["id"]
        for row in await User.select(User.id, User.roles).where(User.active == True).run()  # noqa: E712
        if "admin" in row["roles"].split(",")
    ]
    return admins == [user_id]


async def set_roles(user_id: int, roles: tuple[str, ...], actor: audit.Actor) -> None:
    row = await _user(user_id)
    if "admin" not in roles and await _last_admin(user_id):
        raise AccountError(N_("The plant needs at least one active administrator."))
    async with write_transaction():
        await User.update({User.roles: ",".join(roles)}).where(User.id == user_id).run()
        await Session.delete().where(Session.user == user_id).run()  # new rights take effect at the next sign-in
        await audit.record(
            actor, "user.roles", "user", user_id, before={"roles": row["roles"]}, after={"roles": ",".join(roles)}
        )


async def set_active(user_id: int, active: bool, actor: audit.Actor) -> None:
    await _user(user_id)
    if not active and await _last_admin(user_id):
        raise AccountError(N_("The plant needs at least one active administrator."))
    async with write_transaction():
        await User.update({User.active: active}).where(User.id == user_id).run()
        if not active:
            await Session.delete().where(Session.user == user_id).run()
        await audit.record(actor, "user.enable" if active else "user.disable", "user", user_id)


async def unlock(user_id: int, actor: audit.Actor) -> None:
    """Only an admin unlocks an account before its lock runs out (typing its name does nothing)."""
    row = await _user(user_id)
    async with write_transaction():
        await LoginThrottle.delete().where(LoginThrottle.username == row["username"]).run()
        await audit.record(actor, "user.unlock", "user", user_id)
