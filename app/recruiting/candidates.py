"""Candidates: added by HR (walk-in, referral, job fair, agency) or at the gate kiosk; one person per ID number
(found again by its keyed hash, with their history and any earlier employment here); the talent pool's tags."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import parse_int
from app.i18n import N_
from app.people import plant_settings
from app.people.rules import validate_phone
from app.people.tables import Employee
from app.recruiting import rules
from app.recruiting.hooks import hooks
from app.recruiting.tables import Application, Candidate, Requisition, Scorecard, StageMove
from app.timeutil import utcnow

SOURCES = ("walk_in", "referral", "job_fair", "agency", "kiosk")
SOURCE_LABELS = {
    "walk_in": N_("Walk-in"),
    "referral": N_("Referral"),
    "job_fair": N_("Job fair"),
    "agency": N_("Agency"),
    "kiosk": N_("Gate kiosk"),
}
TAGS = ("potential", "urgent")
TAG_LABELS = {
    "potential": N_("Potential reserve (潜力后备)"),
    "urgent": N_("Candidate for an urgent post (急缺岗位候选人)"),
}
EXIT_LABELS = {
    "resignation": N_("Resigned"),
    "dismissal": N_("Dismissed"),
    "contract_end": N_("Contract ended"),
    "retirement": N_("Retired"),
    "other": N_("Other"),
}
RETENTION_KEY = "recruiting_retention_months"


@dataclass(frozen=True)
class CandidateInput:
    name: str
    phone: str
    id_number: str
    source: str
    source_note: str = ""
    referrer_code: str = ""
    consent: bool = False
    skills: str = ""
    posts: str = ""


@dataclass(frozen=True)
class Added:
    candidate_id: int
    found_again: bool
    minor: bool


def parse(values: dict[str, str]) -> CandidateInput:
    name = values.get("name", "").strip()
    if not name or len(name) > 50:
        raise Refused(N_("Enter the name, at most 50 characters."), field="name")
    phone = validate_phone(values.get("phone", "")) if values.get("phone", "").strip() else None
    if phone is not None and not phone.ok:
        raise Refused(phone.message, field="phone")
    source = values.get("source", "")
    if source not in SOURCES:
        raise Refused(N_("Choose the source from the list."), field="source")
    referrer = values.get("referrer", "").strip()
    if source == "referral" and not referrer:
        raise Refused(N_("Enter the code of the employee who referred the candidate."), field="referrer")
    return CandidateInput(
        name,
        phone.value if phone else "",
        values.get("id_number", ""),
        source,
        values.get("source_note", "").strip()[:100],
        referrer if source == "referral" else "",
        values.get("consent") == "1",
        values.get("skills", "").strip()[:200],
        values.get("posts", "").strip()[:200],
    )


async def retention_months() -> int:
    return await plant_settings.read_int(RETENTION_KEY, rules.DEFAULT_RETENTION_MONTHS, minimum=1)


async def save_retention(text: str, actor: audit.Actor) -> None:
    months = parse_int(text) or 0
    if not 1 <= months <= rules.MAX_RETENTION_MONTHS:
        raise Refused(N_("Enter the months to keep candidates' data, 1 to 60."), field="retention_months")
    await plant_settings.write(RETENTION_KEY, months, actor)


def search_text(name: str, skills: str, posts: str, tags: list[str]) -> str:
    return " ".join([name, skills, posts, *tags]).lower()[:600]


async def _referrer(code: str) -> int | None:
    if not code:
        return None
    row = await Employee.select(Employee.id).where(Employee.employee_code == code).first().run()
    if row is None:
        raise Refused(N_("No employee has this code."), field="referrer")
    return row["id"]


def checked_id(text: str, today: date) -> Any:
    """The ID number validated by onboarding's rule (python-stdnum); refused with the rule's message."""
    found = hooks().check_id(text, today)
    if not found.ok:
        raise Refused(found.errors[0].message, field="id_number")
    if rules.candidate_age(found.birth_date, today).refused:
        raise Refused(rules.UNDER_16, field="id_number")
    return found


async def add(data: CandidateInput, today: date, secret: bytes, actor: audit.Actor) -> Added:
    """A new candidate, or the same person found again by their ID number (their record is refreshed: a new
    phone, consent, the last activity). Under 16 is refused at once; 16-17 is flagged as a minor."""
    found = checked_id(data.id_number, today)
    vault = hooks().vault(secret)
    id_hash = vault.lookup_hash(found.number)
    referrer = await _referrer(data.referrer_code)
    minor = rules.candidate_age(found.birth_date, today).minor
    now = utcnow()
    async with write_transaction():
        existing = await Candidate.select(Candidate.id).where(Candidate.id_hash == id_hash).first().run()
        if existing:
            changes: dict[Any, Any] = {Candidate.last_activity: today, Candidate.minor: minor}
            if data.phone:
                changes[Candidate.phone] = data.phone
            if data.consent:
                changes.update({Candidate.consent: True, Candidate.consent_at: now})
            await Candidate.update(changes).where(Candidate.id == existing["id"]).run()
            await audit.record(
                actor, "candidate.found_again", "candidate", existing["id"], after={"source": data.source}
            )
            return Added(existing["id"], True, minor)
        earlier = await hooks().earlier_employment(id_hash)
        rows = (
            await Candidate.insert(
                Candidate(
                    name=data.name,
                    phone=data.phone,
                    gender=found.gender or "",
                    birth_date=found.birth_date,
                    id_hash=id_hash,
                    id_cipher=vault.encrypt(found.number),
                    id_masked=hooks().mask_id(found.number),
                    minor=minor,
                    source=data.source,
                    source_note=data.source_note,
                    referrer=referrer,
                    earlier_employee=earlier["id"] if earlier else None,
                    skills=data.skills,
                    posts=data.posts,
                    tags="[]",
                    consent=data.consent,
                    consent_at=now if data.consent else None,
                    search_text=search_text(data.name, data.skills, data.posts, []),
                    last_activity=today,
                    created_at=now,
                )
            )
            .returning(Candidate.id)
            .run()
        )
        candidate_id = rows[0]["id"]
        await audit.record(
            actor, "candidate.create", "candidate", candidate_id, after={"source": data.source, "minor": minor}
        )
    return Added(candidate_id, False, minor)


def _tags(row: dict[str, Any]) -> dict[str, Any]:
    value = row.get("tags", "[]")
    row["tags"] = json.loads(value) if isinstance(value, str) else (value or [])
    return row


async def get(candidate_id: int) -> dict[str, Any] | None:
    row = (
        await Candidate.select(
            Candidate.all_columns(exclude=[Candidate.id_cipher, Candidate.id_hash, Candidate.search_text]),
            Candidate.referrer.name.as_alias("referrer_name"),
            Candidate.referrer.employee_code.as_alias("referrer_code"),
        )
        .where(Candidate.id == candidate_id)
        .first()
        .run()
    )
    return _tags(row) if row else None


async def history(candidate_id: int) -> dict[str, Any]:
    """Every application with its moves and scorecards, and the earlier employment here with why it ended."""
    applications = (
        await Application.select(
            Application.all_columns(),
            Application.requisition.title.as_alias("title"),
            Application.requisition.department.name.as_alias("department_name"),
        )
        .where(Application.candidate == candidate_id)
        .order_by(Application.applied_at, ascending=False)
        .run()
    )
    ids = [row["id"] for row in applications] or [0]
    moves = await StageMove.select().where(StageMove.application.is_in(ids)).order_by(StageMove.at).run()
    cards = await Scorecard.select().where(Scorecard.application.is_in(ids)).order_by(Scorecard.at).run()
    for application in applications:
        application["moves"] = [move for move in moves if move["application"] == application["id"]]
        application["scorecards"] = [card for card in cards if card["application"] == application["id"]]
    row = await Candidate.select(Candidate.id_hash).where(Candidate.id == candidate_id).first().run()
    earlier = await hooks().earlier_employment(row["id_hash"]) if row else None
    return {"applications": applications, "earlier": earlier}


async def set_pool(candidate_id: int, values: dict[str, str], user, actor: audit.Actor) -> None:
    """HR's talent-pool record: tags, skills, posts, consent, and do-not-rehire with its reason (HR only)."""
    tags = [tag for tag in TAGS if values.get(f"tag_{tag}") == "1"]
    skills, posts = values.get("skills", "").strip()[:200], values.get("posts", "").strip()[:200]
    do_not, reason = values.get("do_not_rehire") == "1", values.get("do_not_rehire_reason", "").strip()[:200]
    if do_not and not reason:
        raise Refused(N_("Give the reason not to rehire."), field="do_not_rehire_reason")
    async with write_transaction():
        row = (
            await Candidate.select(Candidate.name, Candidate.consent).where(Candidate.id == candidate_id).first().run()
        )
        if row is None:
            raise Refused(N_("No such candidate."), status=404)
        consent = values.get("consent") == "1"
        changes = {
            Candidate.tags: json.dumps(tags),
            Candidate.skills: skills,
            Candidate.posts: posts,
            Candidate.search_text: search_text(row["name"], skills, posts, tags),
            Candidate.do_not_rehire: do_not,
            Candidate.do_not_rehire_reason: reason if do_not else "",
            Candidate.consent: consent,
        }
        if consent and not row["consent"]:
            changes[Candidate.consent_at] = utcnow()
        await Candidate.update(changes).where(Candidate.id == candidate_id).run()
        await audit.record(
            actor,
            "candidate.pool",
            "candidate",
            candidate_id,
            after={"tags": tags, "do_not_rehire": do_not, "consent": consent},
        )


async def open_requisitions() -> list[dict[str, Any]]:
    return (
        await Requisition.select(Requisition.id, Requisition.title, Requisition.department.name.as_alias("department"))
        .where(Requisition.status == rules.RequisitionStatus.OPEN)
        .order_by(Requisition.id)
        .run()
    )
