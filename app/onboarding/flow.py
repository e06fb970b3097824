"""The kiosk flow's first steps: open (or resume) an invite's flow, identity, personal details.

Each step is saved as it is finished, with its start and finish times in UTC, so scanning the invite
again resumes where the worker left off. The flow dies with its invite.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from stdnum.cn import ric

from app.audit import service as audit
from app.badges import rules as badge_rules
from app.db.tx import write_transaction
from app.db.values import json_value
from app.errors import Refused
from app.i18n import N_
from app.ids import new_id
from app.onboarding import rules
from app.onboarding.crypto import Vault
from app.onboarding.tables import STEPS, Invite, OnboardingFlow, RefusedAttempt
from app.sync.changes import next_change_no
from app.timeutil import as_utc

CANCELLED = N_("This invitation was withdrawn. Please see HR.")
UNKNOWN_INVITE = N_("This invitation is not known here. Please see HR.")
CONFIRM_FIRST = N_("Please finish the step on the screen first.")
REPEATED_PROBATION = N_(
    "You worked here before, and the law allows only one probation with the same employer "
    "(Labour Contract Law art. 19). Please see HR for a new invitation without probation."
)
ALREADY_EMPLOYED = N_(
    "This ID number belongs to someone already employed here. Please see HR: one person has one "
    "record, and a re-hire goes through the person's history."
)
ALREADY_EMPLOYED_CODE = "id.already_employed"
WRONG_CARD_CODE = "resume.wrong_card"
NAME_NEEDED = N_("Enter your name as it is on your ID card.")
NOT_THE_OFFERED_PERSON = N_(
    "This ID card is not the one of the person this invitation was made for. Use your own ID card, or ask HR."
)
MOBILE = re.compile(r"1[3-9][0-9]{9}")
PHONE = re.compile(r"[0-9+\- ]{7,20}")


@dataclass(frozen=True)
class Flow:
    """One invite's flow as the kiosk shows it; sensitive numbers only masked."""

    id: str
    invite: dict[str, Any]
    step: str
    steps: dict[str, dict[str, str]]
    started_at: datetime
    row: dict[str, Any] = field(repr=False)

    @property
    def done(self) -> bool:
        return self.step == "done"

    @property
    def number(self) -> int:
        """1-based position of the current step, len(STEPS) + 1 when done."""
        return STEPS.index(self.step) + 1 if self.step in STEPS else len(STEPS) + 1

    def elapsed_minutes(self, now: datetime) -> int:
        return int((now - self.started_at).total_seconds() // 60)

    def __getattr__(self, name: str) -> Any:  # the row's columns: name, minor, id_masked...
        row = self.__dict__.get("row") or {}
        if name in row:
            return row[name]
        raise AttributeError(name)


@dataclass(frozen=True)
class Opened:
    flow: Flow | None = None
    refusal: str = ""


def _steps(raw: Any) -> dict[str, dict[str, str]]:
    return dict(json_value(raw) or {})


async def _invite(invite_id: str) -> dict[str, Any] | None:
    try:
        key = uuid.UUID(invite_id)
    except ValueError:
        return None
    return await Invite.select().where(Invite.id == key).first().run()


async def load(flow_id: Any) -> Flow:
    row = (
        await OnboardingFlow.select(
            OnboardingFlow.all_columns(), OnboardingFlow.employee.employee_code.as_alias("employee_code")
        )
        .where(OnboardingFlow.id == flow_id)
        .first()
        .run()
    )
    invite = (
        await Invite.select(
            Invite.all_columns(),
            Invite.department.name.as_alias("department_name"),
            Invite.position.name.as_alias("position_name"),
            Invite.shift.name.as_alias("shift_name"),
        )
        .where(Invite.id == row["invite"])
        .first()
        .run()
    )
    return Flow(str(row["id"]), invite, row["step"], _steps(row["steps"]), as_utc(row["started_at"]), row)


async def open_flow(secret: bytes, text: str, now: datetime, node: str) -> Opened:
    """The flow of a scanned invite: checked (signature, expiry, status), created on the first scan, else resumed."""
    parsed = badge_rules.parse_scan(secret, text, now=now)
    if isinstance(parsed, badge_rules.Refused):
        return Opened(refusal=parsed.message)
    if not isinstance(parsed, badge_rules.Invite):
        return Opened(refusal=N_("This is not an onboarding invitation. Please scan the code on your invitation slip."))
    invite = await _invite(parsed.invite_id)
    if invite is None:
        return Opened(refusal=UNKNOWN_INVITE)
    if invite["status"] == "cancelled":
        return Opened(refusal=CANCELLED)
    if now >= as_utc(invite["expires_at"]) and invite["status"] != "done":
        return Opened(refusal=badge_rules.Refusal.EXPIRED.message)
    existing = await OnboardingFlow.select(OnboardingFlow.id).where(OnboardingFlow.invite == invite["id"]).first().run()
    return Opened(await load(existing["id"] if existing else await _start(invite["id"], now, node)))


async def _start(invite_id: Any, now: datetime, node: str) -> Any:
    """The invite's first scan: its flow starts at the identity step (a racing second scan finds it)."""
    async with write_transaction():
        row = await OnboardingFlow.select(OnboardingFlow.id).where(OnboardingFlow.invite == invite_id).first().run()
        if row is not None:
            return row["id"]
        flow_id = new_id()
        await OnboardingFlow.insert(
            OnboardingFlow(
                id=flow_id,
                invite=invite_id,
                step="identity",
                started_at=now,
                node_id=node,
                steps={"identity": {"started": now.isoformat()}},
            )
        ).run()
        await (
            Invite.update({Invite.status: "in_progress", Invite.change_no: await next_change_no()})
            .where(Invite.id == invite_id)
            .run()
        )
    return flow_id


async def advance(flow: Flow, finished: str, now: datetime, values: dict[str, Any] | None = None) -> Flow:
    """Finish step finished (inside the caller's write transaction), start the next, save values with it."""
    steps = dict(flow.steps)
    steps[finished] = {**steps.get(finished, {}), "finished": now.isoformat()}
    following = STEPS[STEPS.index(finished) + 1] if finished != STEPS[-1] else "done"
    if following != "done":
        steps[following] = {"started": now.isoformat()}
    update = {OnboardingFlow.step: following, OnboardingFlow.steps: steps, **(values or {})}
    if following == "done":
        update[OnboardingFlow.finished_at] = now
    await OnboardingFlow.update(update).where(OnboardingFlow.id == flow.id).run()
    return await load(flow.id)


def native_place(number: str) -> str:
    """Where the number was issued (province, city, county) for a resident; empty for a foreigner or a retired code."""
    if number.startswith("9"):
        return ""
    try:
        return "".join(ric.get_birth_place(number).values())[:100]
    except Exception:  # a retired region code is valid on the card: it only has no name in today's table
        return ""


async def _hired_before(id_hash: str, flow_id: str) -> bool:
    """Did this person finish onboarding here before (and so start a probation)? Found by the keyed hash,
    never by the number itself."""
    return (
        await OnboardingFlow.exists()
        .where(
            (OnboardingFlow.id_hash == id_hash)
            & (OnboardingFlow.id != flow_id)
            & OnboardingFlow.finished_at.is_not_null()
        )
        .run()
    )


async def _employed_now(id_hash: str, flow_id: str) -> bool:
    """Is the holder of this ID number employed here now (onboarded before and not left)? An ID number is one
    person: a second record would mean a second badge, contract and pay line for them."""
    return (
        await OnboardingFlow.exists()
        .where(
            (OnboardingFlow.id_hash == id_hash)
            & (OnboardingFlow.id != flow_id)
            & OnboardingFlow.finished_at.is_not_null()
            & OnboardingFlow.employee.is_not_null()
            & (OnboardingFlow.employee.status != "left")
        )
        .run()
    )


@dataclass(frozen=True)
class Person:
    """Who the card or the keyed number says the worker is."""

    number: str
    name: str
    gender: str
    birth_date: date
    address: str = ""
    source: str = "keyed"


async def identify(flow: Flow, person: Person, vault: Vault, now: datetime, actor: audit.Actor) -> str:
    """Keep the identity for confirmation; "" when kept, else the refusal. Under 16 on the start date: only the
    attempt is kept and HR is alerted (Labour Law art. 15)."""
    if flow.step != "identity":
        return CONFIRM_FIRST
    if not person.name.strip() or len(person.name.strip()) > 50:
        return NAME_NEEDED
    band = rules.age_band(person.birth_date, flow.invite["start_date"])
    async with write_transaction():
        if flow.invite.get("id_hash") and vault.lookup_hash(person.number) != flow.invite["id_hash"]:
            await RefusedAttempt.insert(RefusedAttempt(invite=flow.invite["id"], reason=WRONG_CARD_CODE, at=now)).run()
            await audit.record(actor, "onboarding.refused_not_offered", "invite", flow.invite["id"])
            return NOT_THE_OFFERED_PERSON
        if band is rules.AgeBand.UNDER_16:
            await RefusedAttempt.insert(
                RefusedAttempt(invite=flow.invite["id"], reason=rules.UNDER_16.code, at=now)
            ).run()
            await audit.record(actor, "onboarding.refused_under_16", "invite", flow.invite["id"])
            return rules.UNDER_16.message
        if await _employed_now(vault.lookup_hash(person.number), flow.id):
            await RefusedAttempt.insert(
                RefusedAttempt(invite=flow.invite["id"], reason=ALREADY_EMPLOYED_CODE, at=now)
            ).run()
            await audit.record(actor, "onboarding.refused_already_employed", "invite", flow.invite["id"])
            return ALREADY_EMPLOYED
        if flow.invite["probation_months"] and await _hired_before(vault.lookup_hash(person.number), flow.id):
            await RefusedAttempt.insert(
                RefusedAttempt(invite=flow.invite["id"], reason=rules.PROBATION_REPEATED.code, at=now)
            ).run()
            return REPEATED_PROBATION
        await (
            OnboardingFlow.update(
                {
                    OnboardingFlow.name: person.name.strip(),
                    OnboardingFlow.gender: person.gender,
                    OnboardingFlow.birth_date: person.birth_date,
                    OnboardingFlow.native_place: native_place(person.number),
                    OnboardingFlow.address: person.address[:100],
                    OnboardingFlow.id_source: person.source,
                    OnboardingFlow.id_cipher: vault.encrypt(person.number),
                    OnboardingFlow.id_hash: vault.lookup_hash(person.number),
                    OnboardingFlow.id_masked: rules.mask_id_number(person.number),
                    OnboardingFlow.minor: band is rules.AgeBand.MINOR,
                    OnboardingFlow.phone: flow.phone or flow.invite.get("phone", ""),  # the offer's: not typed again
                }
            )
            .where(OnboardingFlow.id == flow.id)
            .run()
        )
    return ""


async def refuse_resume(flow: Flow, now: datetime, actor: audit.Actor) -> None:
    """Someone scanned this slip again and showed another ID card (or none valid): HR sees it on the pipeline."""
    async with write_transaction():
        await RefusedAttempt.insert(RefusedAttempt(invite=flow.invite["id"], reason=WRONG_CARD_CODE, at=now)).run()
        await audit.record(actor, "onboarding.resume_refused", "invite", flow.invite["id"])


async def confirm_identity(flow: Flow, now: datetime) -> Flow:
    if flow.step != "identity" or not flow.id_cipher:
        return flow
    async with write_transaction():
        return await advance(flow, "identity", now, {OnboardingFlow.identity_confirmed: True})


def checked_bank_card(values: dict[str, str]) -> str:
    """The personal details form checked: the bank card's digits, or Refused naming every bad field."""
    errors: dict[str, str] = {}
    if not MOBILE.fullmatch(values.get("phone", "")):
        errors["phone"] = N_("Enter your mobile number: 11 digits starting with 1.")
    if not 4 <= len(values.get("address", "")) <= 100:
        errors["address"] = N_("Enter the address where you live now.")
    if not 1 <= len(values.get("emergency_name", "")) <= 50:
        errors["emergency_name"] = N_("Enter the name of someone we can call in an emergency.")
    if not PHONE.fullmatch(values.get("emergency_phone", "")):
        errors["emergency_phone"] = N_("Enter their phone number.")
    card = rules.validate_bank_card(values.get("bank_card", ""))
    if not card.ok:
        errors["bank_card"] = card.message
    if errors:
        raise Refused.fields(errors)
    return card.value


async def save_details(flow: Flow, values: dict[str, str], vault: Vault, now: datetime) -> Flow:
    """The worker's phone, address, emergency contact and bank card saved; Refused (by field) saves nothing."""
    if flow.step != "details":
        raise Refused(CONFIRM_FIRST)
    card = checked_bank_card(values)
    async with write_transaction():
        return await advance(
            flow,
            "details",
            now,
            {
                OnboardingFlow.phone: values["phone"],
                OnboardingFlow.address: values["address"],
                OnboardingFlow.emergency_name: values["emergency_name"],
                OnboardingFlow.emergency_phone: values["emergency_phone"],
                OnboardingFlow.bank_cipher: vault.encrypt(card),
                OnboardingFlow.bank_hash: vault.lookup_hash(card),
                OnboardingFlow.bank_masked: rules.mask_bank_card(card),
            },
        )
