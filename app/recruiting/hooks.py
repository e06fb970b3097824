"""What recruiting needs from onboarding, reached without importing it (they sit side by side).

The ID number's validation and the keyed hash that finds a person again live in onboarding (its kiosk
reads the cards), and an offer becomes onboarding's invite. app/wiring.py plugs them in once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Hooks:
    check_id: Callable[[str, date], Any]  # -> IdCheck (.ok, .number, .birth_date, .gender, .errors)
    mask_id: Callable[[str], str]
    vault: Callable[[bytes], Any]  # -> Vault (.encrypt, .decrypt, .lookup_hash)
    earlier_employment: Callable[[str], Awaitable[dict[str, Any] | None]]  # id hash -> the employment it ended
    invite_choices: Callable[[], Awaitable[dict[str, list[dict[str, Any]]]]]
    # (form values, today, zone, actor, person: {"phone", "id_hash"}) -> invite id; raises Refused by field
    create_invite: Callable[..., Awaitable[str]]
    employees_of_invites: Callable[[list[str]], Awaitable[dict[str, dict[str, Any]]]]  # invite -> employee made
    # (settings, today) -> IdCardData (.name, .id_number, .gender, .birth_date) of the card on the kiosk's reader;
    # raises Refused (no reader, no card, a garbled block, a number that fails the check)
    read_card: Callable[[Any, date], Any]


_plugged: Hooks | None = None


def plug(hooks: Hooks) -> None:
    """Called by app.wiring.wire() only."""
    global _plugged
    _plugged = hooks


def hooks() -> Hooks:
    if _plugged is None:
        raise RuntimeError("app.wiring.wire() was not called")
    return _plugged
