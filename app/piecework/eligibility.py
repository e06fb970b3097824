"""Who may report an operation on a day: workers under 18 never on work banned for minors, and a valid
certificate where the operation needs one (RULES.md, "Who may be hired" and "Safety training"). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date


def N_(s: str) -> str:
    return s  # marks a message for translation


MINOR_AGES = (16, 17)  # workers of 16 and 17 may be employed but not on work banned for minors
NEEDS_CERTIFICATE = N_("This operation needs a valid certificate, and you have none on record.")
CERTIFICATE_EXPIRED = N_("Your certificate for this operation has expired.")
BANNED_FOR_MINORS = N_("Workers under 18 may not do this operation.")


def age_on(birth_date: date, on: date) -> int:
    """Completed years on `on` (a 29 February birthday counts on 1 March in other years)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def operation_refusal(
    certificate_kind: str,
    certificate_expires: Sequence[date],
    banned_for_minors: bool,
    birth_date: date | None,
    on: date,
) -> str | None:
    """Why a worker may not report an operation on `on` (a message marked for translation), None when they may.

    `certificate_expires` lists the expiry dates of the worker's certificates of `certificate_kind`
    ("" when none is needed); one still valid on `on` suffices (RULES.md, "Safety training").
    """
    if banned_for_minors and birth_date is not None and age_on(birth_date, on) < 18:
        return BANNED_FOR_MINORS
    if certificate_kind:
        if not certificate_expires:
            return NEEDS_CERTIFICATE
        if max(certificate_expires) < on:
            return CERTIFICATE_EXPIRED
    return None
