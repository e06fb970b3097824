"""The candidate's own registration at a gate kiosk: an open post, their ID card read or keyed in, a phone number;
then the candidate (found again by ID number, never twice) is on that post's board with the source "gate kiosk".

Between screens the identity travels as a Vault token (encrypted and authenticated under the installation secret),
so the ID number is never in clear in the page and a changed token is refused; it expires after TOKEN_MINUTES.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.audit import service as audit
from app.errors import Refused
from app.i18n import N_
from app.people.rules import validate_phone
from app.recruiting import candidates, pipeline, requisitions, rules
from app.recruiting.hooks import hooks
from app.recruiting.tables import Requisition
from app.timeutil import utcnow

SOURCE = "kiosk"  # candidates.SOURCE_LABELS: "Gate kiosk"
TOKEN_MINUTES = 30
POST_CLOSED = N_("This post is no longer open. Choose another one.")
NAME_NEEDED = N_("Type your name as it is on your ID card, at most 50 characters.")
PHONE_NEEDED = N_("Enter your mobile phone number: HR will call you on it.")
EXPIRED = N_("This registration took too long or was changed. Please start again.")
ALREADY_REGISTERED = N_("You are already registered for this post: HR will call you.")


@dataclass(frozen=True)
class Person:
    """Who the card says the candidate is; minor: 16 or 17 on the day (flagged, some posts refused)."""

    number: str
    name: str
    gender: str
    birth_date: date
    minor: bool


@dataclass(frozen=True)
class Registered:
    candidate_id: int
    found_again: bool
    minor: bool
    name: str
    post: str


async def open_posts() -> list[dict[str, Any]]:
    """Open requisitions with openings left (asked for less those hired), oldest first."""
    rows = (
        await Requisition.select(
            Requisition.id,
            Requisition.title,
            Requisition.headcount,
            Requisition.adult_only,
            Requisition.needed_by,
            Requisition.department.name.as_alias("department"),
        )
        .where(Requisition.status == rules.RequisitionStatus.OPEN)
        .order_by(Requisition.id)
        .run()
    )
    hired = await requisitions.hired_counts([row["id"] for row in rows])
    posts = [{**row, "openings": row["headcount"] - hired.get(row["id"], 0)} for row in rows]
    return [post for post in posts if post["openings"] > 0]


async def open_post(requisition_id: int | None) -> dict[str, Any]:
    for post in await open_posts():
        if post["id"] == requisition_id:
            return post
    raise Refused(POST_CLOSED, field="requisition_id")


def identify(number: str, name: str, post: dict[str, Any], today: date) -> Person:
    """The ID number validated (python-stdnum, through onboarding's rule); under 16 on today refused at once; a
    minor (16-17) refused for a post banned for minor workers, with the reason (on its start date)."""
    found = candidates.checked_id(number, today)
    name = name.strip()
    if not name or len(name) > 50:
        raise Refused(NAME_NEEDED, field="name")
    start = max(post["needed_by"], today)
    if problem := rules.minor_may_not_take(found.birth_date, start, post["adult_only"]):
        raise Refused(problem, field="requisition_id")
    minor = rules.candidate_age(found.birth_date, today).minor
    return Person(found.number, name, found.gender or "", found.birth_date, minor)


def carry(person: Person, secret: bytes) -> str:
    """The person as a token for the next screen (encrypted: the page never holds the number in clear)."""
    payload = {
        "number": person.number,
        "name": person.name,
        "gender": person.gender,
        "birth": person.birth_date.isoformat(),
        "minor": person.minor,
        "at": utcnow().isoformat(),
    }
    return hooks().vault(secret).encrypt(json.dumps(payload, ensure_ascii=False))


def carried(token: str, secret: bytes) -> Person:
    try:
        payload = json.loads(hooks().vault(secret).decrypt(token))
        made = datetime.fromisoformat(payload["at"])
        person = Person(
            payload["number"],
            payload["name"],
            payload["gender"],
            date.fromisoformat(payload["birth"]),
            payload["minor"],
        )
    except (ValueError, KeyError, TypeError):
        raise Refused(EXPIRED) from None
    if (utcnow() - made).total_seconds() > TOKEN_MINUTES * 60:
        raise Refused(EXPIRED)
    return person


async def register(
    token: str, requisition_id: int | None, phone_text: str, consent: bool, today: date, secret: bytes, kiosk: str
) -> Registered:
    """The candidate created (or found again by the ID number's keyed hash) and put on the post's board, both or
    neither; the number is stored as candidates.add stores it (encrypted, hashed, masked)."""
    person = carried(token, secret)
    post = await open_post(requisition_id)
    if not phone_text.strip():
        raise Refused(PHONE_NEEDED, field="phone")
    phone = validate_phone(phone_text)
    if not phone.ok:
        raise Refused(phone.message, field="phone")
    identify(person.number, person.name, post, today)  # again on the day it is stored: a card read at 23:59
    data = candidates.CandidateInput(person.name, phone.value, person.number, SOURCE, kiosk[:100], consent=consent)
    actor = audit.Actor(name=f"kiosk {kiosk}")
    try:
        added = await pipeline.add_and_attach(data, post["id"], today, secret, actor)
    except Refused as refused:
        if refused.message == pipeline.ALREADY_ON:  # said to the candidate, not to HR
            raise Refused(ALREADY_REGISTERED, field="requisition_id") from None
        raise
    return Registered(added.candidate_id, added.found_again, added.minor, person.name, post["title"])
