"""The contract step: the text the worker reads, and signing it (the employee is created, the PDF archived)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from piccolo.engine.postgres import PostgresEngine

from app.audit import service as audit
from app.db.engine import current_engine
from app.db.tx import write_transaction
from app.i18n import N_
from app.ids import new_id
from app.onboarding import contract, rules
from app.onboarding.employer_sign import company_name, employer_side
from app.onboarding.flow import CONFIRM_FIRST, Flow, advance, load
from app.onboarding.tables import ContractTemplate, OnboardingFlow, SignedContract
from app.people import plant_settings
from app.people.lifecycle.events import record_event
from app.people.tables import Employee
from app.sync import outbox
from app.sync.changes import next_change_no
from app.timeutil import as_utc

CONSENT_NEEDED = N_("Tick the box to confirm you have read the contract and agree to it.")
SIGNATURE_NEEDED = N_("Please sign in the box with your finger.")
CLAUSE_MISSING = N_(
    "This contract lacks a clause the law requires (Labour Contract Law art. 17). Nothing was signed: please see HR."
)
EMPLOYER_UNSIGNED = N_(
    "The plant has not set who signs contracts for it and its seal. Nothing was signed: please see HR."
)
GENDERS = {"M": "男", "F": "女"}


def _term_text(invite: dict) -> str:
    months = invite["term_months"]
    return "无固定期限" if months is None else f"固定期限{months}个月（至{invite_end(invite)}止）"


def invite_end(invite: dict) -> date | None:
    """The contract's last day: the start plus the term, less a day; None when open-ended."""
    months = invite["term_months"]
    return None if months is None else rules.contract_end(invite["start_date"], months)


def pay_text(invite: dict) -> str:
    """The pay clause: the agreed monthly wage, or the plant's piece-rate scheme (art. 17: amount or scheme)."""
    wage = invite.get("monthly_wage_fen")
    if wage:
        return f"月工资人民币{wage // 100}.{wage % 100:02d}元"
    return "计件工资，按甲方公布的计件单价及技能等级系数计发，正常工作时间的工资不低于当地最低工资标准"


async def employer_values() -> dict[str, str]:
    """The employer's side of art. 17, from the Plant page's settings."""
    return {
        "company": await company_name(),
        "employer_address": await plant_settings.read_text(plant_settings.EMPLOYER_ADDRESS),
        "legal_representative": await plant_settings.read_text(plant_settings.LEGAL_REPRESENTATIVE),
        "pay_day": await plant_settings.read_text(plant_settings.PAY_DAY),
    }


def invite_values(invite: dict) -> dict[str, str]:
    probation = invite["probation_months"]
    return {
        "term": _term_text(invite),
        "start_date": invite["start_date"].isoformat(),
        "probation": f"{probation}个月" if probation else "无",
        "department": invite.get("department_name") or "",
        "position": invite.get("position_name") or "",
        "shift": invite.get("shift_name") or "按甲方排班",
        "skill_grade": str(invite["skill_grade"]),
        "workplace": invite.get("workplace") or "",
        "pay": pay_text(invite),
    }


async def _template(invite: dict) -> str:
    row = (
        await ContractTemplate.select(ContractTemplate.body)
        .where(ContractTemplate.id == invite["template"])
        .first()
        .run()
    )
    return row["body"]


async def _values(flow: Flow) -> dict[str, str]:
    return {
        **await employer_values(),
        **invite_values(flow.invite),
        "name": flow.name,
        "gender": GENDERS.get(flow.gender, ""),
        "birth_date": flow.birth_date.isoformat() if flow.birth_date else "",
        "id_number": flow.id_masked,
        "address": flow.address,
        "phone": flow.phone,
    }


async def text_of(flow: Flow) -> str:
    """The contract in Chinese, filled with the invite, the plant and the worker's data (the ID number masked)."""
    return contract.fill(await _template(flow.invite), await _values(flow))


async def missing_of(flow: Flow) -> list[str]:
    """Art. 17's clauses this worker's contract would lack (contract.missing_clauses)."""
    return contract.missing_clauses(await _template(flow.invite), await _values(flow))


async def _previous_hash(node: str) -> str:
    if isinstance(current_engine(), PostgresEngine):  # serialise signers: the chain has one tip per node
        await SignedContract.raw("SELECT pg_advisory_xact_lock(hashtext('contract-chain'))").run()
    row = (
        await SignedContract.select(SignedContract.chain_hash)
        .where(SignedContract.node_id == node)
        .order_by(SignedContract.signed_at, ascending=False)
        .first()
        .run()
    )
    return row["chain_hash"] if row else contract.GENESIS


def employee_code_for(flow_id: str) -> str:
    """A code no other node can hand out at the same time: N and the UUIDv7's last 8 (random) hex digits."""
    return "N" + flow_id.replace("-", "")[-8:].upper()


async def _employee(flow: Flow, now: datetime) -> int:
    invite = flow.invite
    provisional = await outbox.provisional_id(Employee)  # a kiosk node's own id until the office's row arrives
    employee = Employee(
        **({"id": provisional} if provisional else {}),
        employee_code=employee_code_for(flow.id),
        name=flow.name,
        gender=flow.gender,
        birth_date=flow.birth_date,
        phone=flow.phone,
        status="onboarding",
        hire_date=invite["start_date"],
        department=invite["department"],
        position=invite["position"],
        skill_grade=invite["skill_grade"],
        created_at=now,
        updated_at=now,
        change_no=await next_change_no(),
    )
    await employee.save().run()
    return employee.id


async def sign(
    flow: Flow, consent: bool, signature_data_url: str, now: datetime, zone: ZoneInfo, actor: audit.Actor
) -> tuple[Flow, str]:
    """Sign the contract: the employee exists from here, the PDF is archived in the hash chain."""
    if flow.step != "contract":
        return flow, CONFIRM_FIRST
    if not consent:
        return flow, CONSENT_NEEDED
    signature = contract.signature_png(signature_data_url)
    if signature is None:
        return flow, SIGNATURE_NEEDED
    if await missing_of(flow):
        return flow, CLAUSE_MISSING
    employer = await employer_side()
    if employer is None:
        return flow, EMPLOYER_UNSIGNED
    text = await text_of(flow)
    signed_local = as_utc(now).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
    pdf = contract.render_pdf(text, signature, flow.name, signed_local, employer)
    digest = contract.sha256_hex(pdf)
    async with write_transaction():
        employee_id = await _employee(flow, now)
        previous = await _previous_hash(flow.node_id)
        await SignedContract.insert(
            SignedContract(
                id=new_id(),
                flow=flow.id,
                employee=employee_id,
                text=text,
                pdf=pdf,
                sha256=digest,
                previous_hash=previous,
                chain_hash=contract.chain_hash(previous, digest, now),
                signed_at=now,
                node_id=flow.node_id,
            )
        ).run()
        await record_event(employee_id, "contract", flow.invite["start_date"], {"sha256": digest}, actor)
        after = {"sha256": digest, "employer_signatory": employer.representative}
        await audit.record(actor, "contract.sign", "employee", employee_id, after=after)
        return await advance(flow, "contract", now, {OnboardingFlow.employee: employee_id}), ""


async def contract_of(flow_id: str) -> dict | None:
    return (
        await SignedContract.select(
            SignedContract.id,
            SignedContract.pdf,
            SignedContract.sha256,
            SignedContract.employee.employee_code.as_alias("employee_code"),
        )
        .where(SignedContract.flow == flow_id)
        .first()
        .run()
    )


async def reload(flow: Flow) -> Flow:
    return await load(flow.id)
