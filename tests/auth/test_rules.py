"""The pure rules of accounts: roles, password strength, the five-failure lock."""

from datetime import UTC, datetime, timedelta

import pytest

from app.auth import rules

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_roles_parse_and_unknown_ones_are_named():
    assert rules.parse_roles(" hr, admin ") == ("admin", "hr")
    with pytest.raises(ValueError, match="boss"):
        rules.parse_roles("hr,boss")


@pytest.mark.parametrize(
    "password, weak", [("short1", True), ("onlyletterslong", True), ("1234567890", True), ("floor-hr-2026", False)]
)
def test_weak_passwords_are_refused(password, weak):
    assert (rules.password_problem(password) is not None) is weak


def test_the_fifth_failure_locks_for_five_minutes_and_then_the_count_starts_over():
    state = rules.ThrottleState(failures=0, locked_until=None)
    for _ in range(4):
        state = rules.after_failure(state, T0)
        assert not rules.is_locked(state, T0)
    state = rules.after_failure(state, T0)
    assert rules.is_locked(state, T0 + timedelta(minutes=4, seconds=59))
    assert not rules.is_locked(state, T0 + timedelta(minutes=5))
    state = rules.after_failure(state, T0 + timedelta(minutes=6))
    assert state.failures == 1 and not rules.is_locked(state, T0 + timedelta(minutes=6))
