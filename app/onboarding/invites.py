"""HR's side of invites: contract templates, the invite form (checked against art. 19), the signed slip."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from app.attendance.tables import Shift
from app.audit import service as audit
from app.badges import rules as badge_rules
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import money_field, parse_date, parse_int
from app.i18n import N_
from app.ids import new_id
from app.onboarding import contract, rules
from app.onboarding.tables import ContractTemplate, Invite
from app.people.tables import Department, Position
from app.sync.changes import next_change_no
from app.timeutil import utcnow

DEFAULT_TEMPLATE_NAME = "标准劳动合同"
EMPLOYER_MISSING = N_(
    "Contracts need the employer's address, legal representative and pay day: enter them on the Plant page first."
)
TEMPLATE_LACKS = N_(
    "This template lacks clauses Labour Contract Law art. 17 requires (work and workplace, working "
    "hours, rest and leave, pay and pay day, social insurance, labour protection and occupational "
    "hazards, and both parties' particulars)."
)
_EVERY_CLAUSE = {key: "x" for key in contract.MANDATORY_PLACEHOLDERS}  # checks a template's shape alone
MAX_TERM_MONTHS = 120
MAX_VALID_DAYS = 60


@dataclass(frozen=True)
class InviteInput:
    candidate: str
    department_id: int
    position_id: int | None
    shift_id: int | None
    skill_grade: int
    template_id: int
    term_months: int | None  # None: open-ended
    probation_months: int
    start_date: date
    expires_on: date  # the last plant-local day the invite works
    workplace: str = ""  # art. 17: the contract's workplace
    monthly_wage_fen: int | None = None  # art. 17 pay: None is the piece-rate scheme
    phone: str = ""  # from recruiting's candidate (app.onboarding.offers), never from the form
    id_hash: str = ""  # the offered person's ID number, keyed hash: the card shown at the kiosk must match


async def ensure_default_template() -> None:
    """A plant starts with one Chinese template, so the first invite needs no set-up."""
    if await ContractTemplate.exists().run():
        return
    async with write_transaction():
        await ContractTemplate.insert(
            ContractTemplate(
                name=DEFAULT_TEMPLATE_NAME,
                body=contract.DEFAULT_TEMPLATE,
                created_at=utcnow(),
                change_no=await next_change_no(),
            )
        ).run()


async def choices() -> dict[str, list[dict[str, Any]]]:
    await ensure_default_template()
    return {
        "departments": await Department.select(Department.id, Department.name).order_by(Department.name).run(),
        "positions": await Position.select(Position.id, Position.name).order_by(Position.name).run(),
        "shifts": await Shift.select(Shift.id, Shift.name).order_by(Shift.code).run(),
        "templates": await ContractTemplate.select(ContractTemplate.id, ContractTemplate.name)
        .order_by(ContractTemplate.name)
        .run(),
    }


def _term(values: dict[str, str], errors: dict[str, str]) -> int | None:
    if values.get("term_kind") == "open":
        return None
    months = parse_int(values.get("term_months", ""))
    if months is None or not 1 <= months <= MAX_TERM_MONTHS:
        errors["term_months"] = N_("Enter the contract term in months, 1 to 120, or choose open-ended.")
    return months


def _dates(values: dict[str, str], today: date, errors: dict[str, str]) -> tuple[date, date]:
    start, expires = parse_date(values.get("start_date", "")), parse_date(values.get("expires_on", ""))
    if start is None or start < today:
        errors["start_date"] = N_("Enter a start date from today on.")
    if expires is None or expires < today or expires > today + timedelta(days=MAX_VALID_DAYS):
        errors["expires_on"] = N_("Enter the last day the invitation works: from today, within 60 days.")
    return start or today, expires or today


def parse_invite(values: dict[str, str], today: date) -> InviteInput:
    """The form's values checked, with art. 19's limit on probation; Refused naming every bad field."""
    errors: dict[str, str] = {}
    department, template = parse_int(values.get("department_id", "")), parse_int(values.get("template_id", ""))
    if department is None:
        errors["department_id"] = N_("Choose a department from the list.")
    if template is None:
        errors["template_id"] = N_("Choose a contract template.")
    grade = parse_int(values.get("skill_grade", ""))
    if grade is None or not 1 <= grade <= 9:
        errors["skill_grade"] = N_("Enter a skill grade from 1 to 9.")
    term = _term(values, errors)
    probation = parse_int(values.get("probation_months", "0") or "0")
    if probation is None:
        errors["probation_months"] = N_("Enter the probation in whole months.")
    elif "term_months" not in errors and (problems := rules.check_probation(term, probation)):
        errors["probation_months"] = problems[0].message
    start, expires = _dates(values, today, errors)
    workplace = values.get("workplace", "").strip()
    if not workplace or len(workplace) > 100:
        errors["workplace"] = N_("Enter the workplace the contract names (art. 17), at most 100 characters.")
    try:
        wage = money_field(values.get("monthly_wage", ""), "monthly_wage", required=False)
    except Refused:
        wage, errors["monthly_wage"] = None, N_("Enter the monthly wage in yuan, or leave it empty for piece rate.")
    if errors:
        raise Refused.fields(errors)
    return InviteInput(
        values.get("candidate", "")[:50],
        department,
        parse_int(values.get("position_id", "")),
        parse_int(values.get("shift_id", "")),
        grade,
        template,
        term,
        probation,
        start,
        expires,
        workplace,
        wage or None,
    )


def expiry_instant(expires_on: date, zone: ZoneInfo) -> datetime:
    """The invite works through its last day in the plant's zone: it expires at the next local midnight."""
    return datetime.combine(expires_on + timedelta(days=1), time(0), zone)


async def _reference_errors(data: InviteInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not await Department.exists().where(Department.id == data.department_id).run():
        errors["department_id"] = N_("Choose a department from the list.")
    if data.position_id and not await Position.exists().where(Position.id == data.position_id).run():
        errors["position_id"] = N_("Choose a position from the list.")
    if data.shift_id and not await Shift.exists().where(Shift.id == data.shift_id).run():
        errors["shift_id"] = N_("Choose a shift from the list.")
    if not await ContractTemplate.exists().where(ContractTemplate.id == data.template_id).run():
        errors["template_id"] = N_("Choose a contract template.")
    return errors


async def _clause_errors(data: InviteInput) -> dict[str, str]:
    """Art. 17: the employer's side must be on the Plant page and the template must hold every clause."""
    from app.onboarding.signing import employer_values

    employer = await employer_values()
    if not all(employer.values()):
        return {"template_id": EMPLOYER_MISSING}
    body = (
        await ContractTemplate.select(ContractTemplate.body)
        .where(ContractTemplate.id == data.template_id)
        .first()
        .run()
    )["body"]
    if contract.missing_clauses(body, {**_EVERY_CLAUSE, **employer, "workplace": data.workplace}):
        return {"template_id": TEMPLATE_LACKS}
    return {}


async def create_invite(data: InviteInput, zone: ZoneInfo, actor: audit.Actor) -> str:
    """The new invite's id; Refused by field (a choice that is gone, a contract that cannot be made), nothing saved."""
    async with write_transaction():
        errors = await _reference_errors(data) or await _clause_errors(data)
        if errors:
            raise Refused.fields(errors)
        invite_id = new_id()
        await Invite.insert(
            Invite(
                id=invite_id,
                candidate=data.candidate,
                department=data.department_id,
                position=data.position_id,
                shift=data.shift_id,
                skill_grade=data.skill_grade,
                template=data.template_id,
                term_months=data.term_months,
                probation_months=data.probation_months,
                start_date=data.start_date,
                workplace=data.workplace,
                monthly_wage_fen=data.monthly_wage_fen,
                phone=data.phone,
                id_hash=data.id_hash,
                expires_at=expiry_instant(data.expires_on, zone),
                created_by=actor.user_id,
                created_at=utcnow(),
                change_no=await next_change_no(),
            )
        ).run()
        await audit.record(
            actor,
            "invite.create",
            "invite",
            invite_id,
            after={
                "candidate": data.candidate,
                "department": data.department_id,
                "start_date": data.start_date,
                "term_months": data.term_months,
                "probation_months": data.probation_months,
            },
        )
    return str(invite_id)


async def get_invite(invite_id: str) -> dict[str, Any] | None:
    try:
        key = uuid.UUID(invite_id)
    except ValueError:
        return None
    return (
        await Invite.select(
            Invite.all_columns(),
            Invite.department.name.as_alias("department_name"),
            Invite.position.name.as_alias("position_name"),
            Invite.shift.name.as_alias("shift_name"),
            Invite.template.name.as_alias("template_name"),
        )
        .where(Invite.id == key)
        .first()
        .run()
    )


def slip_payload(secret: bytes, invite: dict[str, Any]) -> str:
    return badge_rules.sign_invite(secret, str(invite["id"]).upper(), invite["expires_at"])


async def cancel_invite(invite_id: str, actor: audit.Actor) -> bool:
    if await get_invite(invite_id) is None:
        return False
    async with write_transaction():
        updated = (
            await Invite.update({Invite.status: "cancelled", Invite.change_no: await next_change_no()})
            .where((Invite.id == uuid.UUID(invite_id)) & Invite.status.is_in(["invited", "in_progress"]))
            .returning(Invite.id)
            .run()
        )
        if updated:
            await audit.record(actor, "invite.cancel", "invite", invite_id)
    return bool(updated)


async def add_template(name: str, body: str, actor: audit.Actor) -> dict[str, str]:
    name, body = name.strip(), body.strip()
    errors: dict[str, str] = {}
    if not name or len(name) > 60:
        errors["name"] = N_("Enter a name of at most 60 characters.")
    if len(body) < 20:
        errors["body"] = N_("Enter the contract text.")
    elif contract.missing_clauses(body, _EVERY_CLAUSE):
        errors["body"] = TEMPLATE_LACKS
    if errors:
        return errors
    async with write_transaction():
        if await ContractTemplate.exists().where(ContractTemplate.name == name).run():
            return {"name": N_("A template with this name exists already.")}
        await ContractTemplate.insert(
            ContractTemplate(name=name, body=body, created_at=utcnow(), change_no=await next_change_no())
        ).run()
        await audit.record(actor, "contract_template.create", "contract_template", name)
    return {}
