"""Pure rules of office accounts: roles, password strength, the login lock (no database, no HTTP)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from app.i18n import N_

ROLES = ("admin", "hr", "supervisor", "dept_head", "trainer", "staff")
ROLE_LABELS = {
    "admin": N_("Administrator"),
    "hr": N_("HR"),
    "supervisor": N_("Supervisor"),
    "dept_head": N_("Department head"),
    "trainer": N_("Trainer"),
    "staff": N_("Office staff (own appraisal only)"),
}
MAX_FAILURES = 5
LOCK_MINUTES = 5
MIN_PASSWORD_LENGTH = 10
SESSION_HOURS = 12  # one shift plus handover; HR signs in each morning


def parse_roles(text: str) -> tuple[str, ...]:
    """'hr, admin' -> ('admin', 'hr'); unknown roles raise ValueError naming them."""
    roles = {part.strip() for part in text.split(",") if part.strip()}
    unknown = roles - set(ROLES)
    if unknown:
        raise ValueError(f"unknown role(s): {', '.join(sorted(unknown))}; known: {', '.join(ROLES)}")
    return tuple(sorted(roles))


def password_problem(password: str) -> str | None:
    """An English message (marked for translation) when a password is too weak, else None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return N_("A password needs at least 10 characters.")
    if password.isdigit() or password.isalpha():
        return N_("A password needs both letters and digits or symbols.")
    return None


@dataclass(frozen=True)
class ThrottleState:
    failures: int
    locked_until: datetime | None


def is_locked(state: ThrottleState, now: datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def after_failure(state: ThrottleState, now: datetime) -> ThrottleState:
    """The fifth failure in a row locks the username for five minutes; the count starts over after."""
    failures = 0 if (state.locked_until and now >= state.locked_until) else state.failures
    failures += 1
    if failures >= MAX_FAILURES:
        return ThrottleState(failures=0, locked_until=now + timedelta(minutes=LOCK_MINUTES))
    return ThrottleState(failures=failures, locked_until=None)


ADDRESS_MAX_FAILURES = 10  # one address may mistype more than one person, but not endlessly
SPRAY_WINDOW = timedelta(minutes=1)
SPRAY_LIMIT = 30  # failures a minute across all accounts: someone is trying passwords on many names


def spraying(failure_times: list[datetime], now: datetime) -> bool:
    """Password spraying: many failed sign-ins across accounts within a minute."""
    return sum(1 for moment in failure_times if now - moment < SPRAY_WINDOW) >= SPRAY_LIMIT


def address_after_failure(state: ThrottleState, now: datetime) -> ThrottleState:
    """Like after_failure, for an address: ten failures in a row lock it for five minutes."""
    failures = 0 if (state.locked_until and now >= state.locked_until) else state.failures
    failures += 1
    if failures >= ADDRESS_MAX_FAILURES:
        return ThrottleState(failures=0, locked_until=now + timedelta(minutes=LOCK_MINUTES))
    return ThrottleState(failures=failures, locked_until=None)
