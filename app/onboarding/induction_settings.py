"""HR's settings for the induction's quiz at the kiosk: a minimum reading time per page, a wait before another try
after a fail, and how many choices each question must offer. Plant settings, so kiosk nodes pull them; 0 turns the
reading time and the wait off (the default: a plant sets them to suit its course)."""

from __future__ import annotations

from dataclasses import dataclass

from app.audit import service as audit
from app.errors import Refused
from app.forms import int_field
from app.i18n import N_
from app.people import plant_settings

READ_SECONDS = "induction_read_seconds_per_page"
RETRY_WAIT = "induction_retry_wait_minutes"
CHOICES = "induction_choices"
LIMITS = {READ_SECONDS: (0, 600), RETRY_WAIT: (0, 24 * 60), CHOICES: (2, 6)}
DEFAULTS = {READ_SECONDS: 0, RETRY_WAIT: 0, CHOICES: 2}
TOO_FEW_CHOICES = N_(
    "Question %(numbers)s of the induction quiz has fewer choices than that: add choices on the course page first."
)


@dataclass(frozen=True)
class InductionSettings:
    read_seconds_per_page: int
    retry_wait_minutes: int
    choices: int


async def current() -> InductionSettings:
    values = {key: await plant_settings.read_int(key, DEFAULTS[key]) for key in LIMITS}
    return InductionSettings(values[READ_SECONDS], values[RETRY_WAIT], values[CHOICES])


async def save(form: dict[str, str], questions: list[dict], actor: audit.Actor) -> None:
    """All three checked before any is written; the number of choices must fit every question there is."""
    parsed = {key: int_field(form.get(key), key, *LIMITS[key]) for key in LIMITS}
    short = [str(position) for position, q in enumerate(questions, start=1) if len(q["choices"]) < parsed[CHOICES]]
    if short:
        raise Refused(TOO_FEW_CHOICES, field=CHOICES, numbers="、".join(short))
    for key, value in parsed.items():
        if value != await plant_settings.read_int(key, DEFAULTS[key]):
            await plant_settings.write(key, value, actor)
