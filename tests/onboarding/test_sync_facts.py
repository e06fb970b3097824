"""Offline: a kiosk node's finished onboarding is queued as one fact, and the office stores it once."""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import replace
from datetime import date

import pytest

from app.audit.service import SYSTEM
from app.audit.tables import AuditLog
from app.badges import service as badges
from app.db.engine import use_database
from app.db.tx import write_transaction
from app.onboarding import employer_sign, induction, signing
from app.onboarding import flow as flows
from app.onboarding.crypto import Vault
from app.onboarding.sync_facts import apply
from app.onboarding.tables import ContractTemplate, Invite, OnboardingFlow, SignedContract
from app.people.tables import Department, Employee, EmploymentEvent, PlantSetting
from app.sync import outbox
from app.sync.facts import InvalidFact, PushedFact, applier_for
from app.sync.tables import OutboxEvent
from app.timeutil import utcnow
from app.training.tables import SafetyEducation
from tests.onboarding.factories import DETAILS, PLANT_DETAILS, RIGHT, VALID_ID, make_invite, signature, slip


async def _pull_reference_rows(office_url: str, kiosk_url: str, invite_id: str) -> None:
    """What the pull would bring down: the invite and the rows it refers to, with the office's ids."""
    use_database(office_url)
    invite = await Invite.select().where(Invite.id == uuid.UUID(invite_id)).first().run()
    department = await Department.select().where(Department.id == invite["department"]).first().run()
    template = await ContractTemplate.select().where(ContractTemplate.id == invite["template"]).first().run()
    settings = (
        await PlantSetting.select()
        .where(PlantSetting.key.is_in([*PLANT_DETAILS, employer_sign.SIGNATORY, employer_sign.SEAL]))
        .run()
    )
    use_database(kiosk_url)
    rows = [(Department, department), (ContractTemplate, template), (Invite, invite)] + [
        (PlantSetting, row) for row in settings
    ]  # the contract's employer side (art. 17, its signatory and seal) is pulled too
    for table, row in rows:
        # asyncpg hands back its own UUID type; the pull sends ids as text
        plain = {key: uuid.UUID(str(value)) if type(value).__name__ == "UUID" else value for key, value in row.items()}
        await table.insert(table(**plain)).run()


async def _onboard_on_the_kiosk(settings, invite_text: str) -> None:
    now, zone, vault = utcnow(), settings.zone, Vault(settings.secret_key)
    flow = (await flows.open_flow(settings.secret_key, invite_text, now, "kiosk-7")).flow
    await flows.identify(flow, flows.Person(VALID_ID, "张三", "F", date(1949, 12, 31)), vault, now, SYSTEM)
    flow = await flows.confirm_identity(await flows.load(flow.id), now)
    flow = await flows.save_details(flow, DETAILS, vault, now)
    flow, refusal = await signing.sign(flow, True, signature(), now, zone, SYSTEM)
    assert not refusal
    score = await induction.take_quiz(flow, RIGHT)
    assert score.passed
    await induction.finish(flow, now, zone, settings.secret_key, SYSTEM)


@pytest.fixture
async def pushed(cast, settings, database_url, sqlite_template, tmp_path) -> PushedFact:
    """The fact a kiosk node pushes after onboarding someone offline, read from its outbox."""
    invite_id = await make_invite(cast, settings)
    invite_text = await slip(settings, invite_id)
    kiosk_path = tmp_path / "kiosk.sqlite3"
    shutil.copy(sqlite_template, kiosk_path)
    kiosk_url = f"sqlite:///{kiosk_path}"
    await _pull_reference_rows(database_url, kiosk_url, invite_id)
    outbox.configure("kiosk")
    try:
        await _onboard_on_the_kiosk(settings, invite_text)
        event = await OutboxEvent.select().where(OutboxEvent.kind == "onboarding").first().run()
    finally:
        outbox.configure("office")
        use_database(database_url)
    payload = json.loads(event["payload"]) if isinstance(event["payload"], str) else event["payload"]
    return PushedFact(event["id"], "onboarding", payload, event["recorded_at"], "kiosk-7", event["seq"], False)


async def _apply(fact: PushedFact) -> None:
    async with write_transaction():
        await applier_for("onboarding")(fact)


async def test_the_office_stores_a_kiosk_onboarding_once_with_its_contract_and_badge(pushed, settings):
    assert applier_for("onboarding") is apply and pushed.payload["contract"]["pdf"]
    assert VALID_ID not in json.dumps(pushed.payload)  # the ID number travels encrypted
    await _apply(pushed)
    await _apply(pushed)  # a replayed push changes nothing
    employee = await Employee.select().where(Employee.name == "张三").first().run()
    assert employee["status"] == "probation" and await Employee.count().where(Employee.name == "张三").run() == 1
    flow = await OnboardingFlow.select().where(OnboardingFlow.id == pushed.id).first().run()
    assert flow["step"] == "done" and Vault(settings.secret_key).decrypt(flow["id_cipher"]) == VALID_ID
    signed = await SignedContract.select().first().run()
    assert signed["node_id"] == "kiosk-7" and signed["sha256"] == pushed.payload["contract"]["sha256"]
    assert (await Invite.select(Invite.status).first().run())["status"] == "done"
    assert {row["level"] for row in await SafetyEducation.select().run()} == {"plant", "workshop", "team"}
    badge = badges.payload_of(settings.secret_key, f"FHR1.{employee['employee_code']}.1")
    assert (await badges.identify(settings.secret_key, badge, utcnow())).holder.name == "张三"


@pytest.mark.parametrize("spoil", ["pdf", "section", "invite"])
async def test_a_bad_payload_is_refused_with_a_reason_and_nothing_is_stored(pushed, spoil):
    payload = json.loads(json.dumps(pushed.payload))
    if spoil == "pdf":
        payload["contract"]["pdf"] = payload["contract"]["pdf"][:-8] + "AAAAAAA="
    elif spoil == "section":
        del payload["employee"]
    else:
        payload["flow"]["invite"] = str(uuid.uuid4())
    with pytest.raises(InvalidFact):
        await _apply(replace(pushed, payload=payload))
    assert await OnboardingFlow.count().run() == 0 and await Employee.count().where(Employee.name == "张三").run() == 0


async def test_the_office_records_a_kiosk_onboarding_as_the_kiosk_did_audit_and_probation_months_included(pushed):
    """One write path (app.onboarding.store): the office's hire event and audit match what the kiosk wrote."""
    await _apply(pushed)
    employee = await Employee.select(Employee.id).where(Employee.name == "张三").first().run()
    invite = await Invite.select(Invite.probation_months).first().run()
    hire = (
        await EmploymentEvent.select()
        .where((EmploymentEvent.employee == employee["id"]) & (EmploymentEvent.kind == "hire"))
        .first()
        .run()
    )
    details = json.loads(hire["details"]) if isinstance(hire["details"], str) else hire["details"]
    assert details == {"source": "onboarding", "minor": False, "probation_months": invite["probation_months"]}
    assert invite["probation_months"] > 0 and hire["actor"] == "kiosk kiosk-7"
    assigned = (
        await AuditLog.select(AuditLog.actor, AuditLog.after)
        .where((AuditLog.action == "safety.assign") & (AuditLog.entity_id == str(employee["id"])))
        .run()
    )
    assert [row["actor"] for row in assigned] == ["kiosk kiosk-7"]
    later = (
        await SafetyEducation.select(SafetyEducation.assigned_at)
        .where((SafetyEducation.employee == employee["id"]) & (SafetyEducation.level != "plant"))
        .run()
    )
    assert len(later) == 2 and all(row["assigned_at"] == pushed.recorded_at for row in later)
