"""Office accounts: sign-in with the login lock, server-side sessions, adding users."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.audit import service as audit
from app.auth import rules, totp
from app.auth.passwords import hash_password, verify_password
from app.auth.tables import LoginThrottle, Session, TotpSecret, User
from app.db.tx import write_transaction
from app.i18n import N_
from app.timeutil import as_utc, utcnow


@dataclass(frozen=True)
class CurrentUser:
    id: int
    username: str
    display_name: str
    roles: tuple[str, ...]
    employee_id: int | None

    def has_any(self, *roles: str) -> bool:
        """Admins may do everything; others need one of the roles."""
        return "admin" in self.roles or any(role in self.roles for role in roles)

    @property
    def actor(self) -> audit.Actor:
        return audit.Actor(name=self.username, user_id=self.id)


class LoginRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AccountError(ValueError):
    """A user cannot be added or changed; the message is marked for translation."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _current_user(row: dict) -> CurrentUser:
    return CurrentUser(
        id=row["id"],
        username=row["username"],
        display_name=row["display_name"] or row["username"],
        roles=tuple(role for role in row["roles"].split(",") if role),
        employee_id=row["employee"],
    )


async def _throttle_state(username: str) -> rules.ThrottleState:
    row = await LoginThrottle.select().where(LoginThrottle.username == username).first().run()
    if row is None:
        return rules.ThrottleState(failures=0, locked_until=None)
    locked = as_utc(row["locked_until"]) if row["locked_until"] else None
    return rules.ThrottleState(failures=row["failures"], locked_until=locked)


async def _save_throttle(username: str, state: rules.ThrottleState) -> None:
    async with write_transaction():
        exists = await LoginThrottle.exists().where(LoginThrottle.username == username).run()
        if exists:
            await (
                LoginThrottle.update(
                    {LoginThrottle.failures: state.failures, LoginThrottle.locked_until: state.locked_until}
                )
                .where(LoginThrottle.username == username)
                .run()
            )
        else:
            await LoginThrottle.insert(
                LoginThrottle(username=username, failures=state.failures, locked_until=state.locked_until)
            ).run()


async def authenticate(username: str, password: str, now: datetime | None = None) -> CurrentUser:
    """The user, or LoginRefused; five failures lock the username for five minutes."""
    now = now or utcnow()
    username = username.strip().lower()
    state = await _throttle_state(username)
    if rules.is_locked(state, now):
        raise LoginRefused(N_("Too many failed sign-ins. This account is locked for 5 minutes."))
    row = await User.select().where((User.username == username) & (User.active == True)).first().run()  # noqa: E712
    if not verify_password(row["password_hash"] if row else None, password):
        state = rules.after_failure(state, now)
        await _save_throttle(username, state)
        if rules.is_locked(state, now):
            raise LoginRefused(N_("Too many failed sign-ins. This account is locked for 5 minutes."))
        raise LoginRefused(N_("Wrong username or password."))
    if await totp.is_enrolled(row["id"]):
        return _current_user(row)  # failures are cleared only once the code is right too
    if state.failures:
        await _save_throttle(username, rules.ThrottleState(failures=0, locked_until=None))
    await User.update({User.last_login_at: now}).where(User.id == row["id"]).run()
    return _current_user(row)


async def verify_second_factor(
    user_id: int, code: str, installation_secret: bytes, now: datetime | None = None
) -> CurrentUser:
    """The signed-in user once the TOTP code is right; wrong codes count toward the same 5-failure lock."""
    now = now or utcnow()
    row = await User.select().where((User.id == user_id) & (User.active == True)).first().run()  # noqa: E712
    if row is None:
        raise LoginRefused(N_("Please sign in."))
    state = await _throttle_state(row["username"])
    if rules.is_locked(state, now):
        raise LoginRefused(N_("Too many failed sign-ins. This account is locked for 5 minutes."))
    if not await totp.check_code(user_id, code, installation_secret, now):
        state = rules.after_failure(state, now)
        await _save_throttle(row["username"], state)
        if rules.is_locked(state, now):
            raise LoginRefused(N_("Too many failed sign-ins. This account is locked for 5 minutes."))
        raise LoginRefused(N_("Wrong code from the authenticator app."))
    if state.failures:
        await _save_throttle(row["username"], rules.ThrottleState(failures=0, locked_until=None))
    await User.update({User.last_login_at: now}).where(User.id == user_id).run()
    return _current_user(row)


async def open_session(user: CurrentUser) -> str:
    """A random token for the cookie; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    async with write_transaction():
        await Session.delete().where(Session.expires_at < now).run()
        await Session.insert(
            Session(
                token_hash=_token_hash(token),
                user=user.id,
                created_at=now,
                expires_at=now + timedelta(hours=rules.SESSION_HOURS),
            )
        ).run()
    return token


async def user_for_token(token: str) -> CurrentUser | None:
    session = await (
        Session.select(Session.expires_at, *Session.user.all_columns())
        .where(Session.token_hash == _token_hash(token))
        .first()
        .run()
    )
    if session is None or as_utc(session["expires_at"]) <= utcnow() or not session["user.active"]:
        return None
    return _current_user({key.removeprefix("user."): value for key, value in session.items()})


async def close_session(token: str) -> None:
    async with write_transaction():
        await Session.delete().where(Session.token_hash == _token_hash(token)).run()


async def add_user(
    username: str,
    password: str,
    roles: tuple[str, ...],
    display_name: str = "",
    employee_id: int | None = None,
    actor: audit.Actor = audit.SYSTEM,
) -> CurrentUser:
    username = username.strip().lower()
    if not username or len(username) > 60:
        raise AccountError(N_("A username needs 1 to 60 characters."))
    problem = rules.password_problem(password)
    if problem:
        raise AccountError(problem)
    async with write_transaction():
        if await User.exists().where(User.username == username).run():
            raise AccountError(N_("That username is taken."))
        user = User(
            username=username,
            display_name=display_name,
            password_hash=hash_password(password),
            roles=",".join(roles),
            employee=employee_id,
            created_at=utcnow(),
        )
        await user.save().run()
        await audit.record(actor, "user.create", "user", user.id, after={"username": username, "roles": roles})
    return CurrentUser(
        id=user.id, username=username, display_name=display_name or username, roles=roles, employee_id=employee_id
    )


async def set_password(username: str, password: str, actor: audit.Actor = audit.SYSTEM) -> None:
    problem = rules.password_problem(password)
    if problem:
        raise AccountError(problem)
    username = username.strip().lower()
    async with write_transaction():
        row = await User.select(User.id).where(User.username == username).first().run()
        if row is None:
            raise AccountError(N_("There is no user with that username."))
        await User.update({User.password_hash: hash_password(password)}).where(User.id == row["id"]).run()
        await Session.delete().where(Session.user == row["id"]).run()  # a new password ends old sessions
        await LoginThrottle.delete().where(LoginThrottle.username == username).run()
        await audit.record(actor, "user.password", "user", row["id"])


async def reset_second_factor(username: str, actor: audit.Actor = audit.SYSTEM) -> None:
    """Drop the TOTP secret and the account's sessions; the password is enough until it enrols again."""
    username = username.strip().lower()
    async with write_transaction():
        row = await User.select(User.id).where(User.username == username).first().run()
        if row is None:
            raise AccountError(N_("There is no user with that username."))
        await TotpSecret.delete().where(TotpSecret.user == row["id"]).run()
        await Session.delete().where(Session.user == row["id"]).run()
        await audit.record(actor, "user.totp_reset", "user", row["id"])
