"""The labour contract holds Labour Contract Law art. 17's clauses, filled from the invite and the Plant page,
and is not signed when one is empty (issue 16, point 9; RULES.md "Contracts and probation")."""

from __future__ import annotations

import pytest

from app.audit.service import SYSTEM
from app.onboarding.contract import DEFAULT_TEMPLATE, MANDATORY_PLACEHOLDERS, missing_clauses
from app.onboarding.tables import Invite, SignedContract
from app.people import plant_settings
from tests.cast import sign_in
from tests.onboarding.factories import PLANT_DETAILS, activate, make_invite, signature, slip, step, to_contract

FULL = {key: "x" for key in MANDATORY_PLACEHOLDERS}


@pytest.mark.parametrize(
    "template, empty, missing",
    [
        pytest.param(DEFAULT_TEMPLATE, None, [], id="the_shipped_template_holds_every_clause"),
        pytest.param(DEFAULT_TEMPLATE, "employer_address", ["the employer's address"], id="no_employer_address"),
        pytest.param(
            DEFAULT_TEMPLATE,
            "legal_representative",
            ["the employer's legal representative"],
            id="no_legal_representative",
        ),
        pytest.param(DEFAULT_TEMPLATE, "workplace", ["the workplace"], id="no_workplace"),
        pytest.param(DEFAULT_TEMPLATE, "pay_day", ["the pay day"], id="no_pay_day"),
        pytest.param(DEFAULT_TEMPLATE, "address", ["the worker's address"], id="no_worker_address"),
        pytest.param(
            DEFAULT_TEMPLATE.replace("社会保险", "福利"), None, ["social insurance"], id="no_social_insurance"
        ),
        pytest.param(DEFAULT_TEMPLATE.replace("{pay}", "面议"), None, ["pay"], id="no_pay_clause"),
    ],
)
def test_a_contract_lacking_an_art_17_clause_is_found(template, empty, missing):
    assert missing_clauses(template, {**FULL, **({empty: " "} if empty else {})}) == missing


async def _signed_text(client, cast, settings, invite_values: dict) -> str:
    await activate(client)
    invite_id = await make_invite(cast, settings)
    if invite_values:
        await Invite.update(invite_values).where(Invite.id == invite_id).run()
    invite = await slip(settings, invite_id)
    await to_contract(client, invite)
    signed = await step(client, "/contract", invite, consent="yes", signature=signature())
    assert signed.status_code == 200
    return (await SignedContract.select(SignedContract.text).first().run())["text"]


@pytest.mark.parametrize("wage, pay", [(None, "计件工资，按甲方公布的计件单价"), (4_350_00, "月工资人民币4350.00元")])
async def test_the_signed_contract_is_filled_from_the_invite_and_the_plant(client, cast, settings, wage, pay):
    text = await _signed_text(client, cast, settings, {Invite.monthly_wage_fen: wage} if wage else {})
    for value in (
        pay,
        "苏州市工业园区星湖街1号 一号厂房",
        PLANT_DETAILS["employer_address"],
        PLANT_DETAILS["legal_representative"],
        "每月15日",
        "社会保险",
        "职业危害",
        "休息休假",
    ):
        assert value in text


async def test_a_contract_with_an_empty_clause_is_not_signed(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await plant_settings.write(plant_settings.LEGAL_REPRESENTATIVE, "", SYSTEM)  # emptied after the invite
    await to_contract(client, invite)
    refused = await step(client, "/contract", invite, consent="yes", signature=signature())
    assert refused.status_code == 422 and "第十七条" in refused.text
    assert await SignedContract.count().run() == 0


async def test_hr_cannot_invite_before_the_plant_s_contract_details_are_entered(client, cast):
    from datetime import timedelta

    from app.onboarding import invites
    from app.onboarding.tables import ContractTemplate
    from app.timeutil import utcnow
    from tests.cast import post_form

    await sign_in(client, "hr")
    await invites.ensure_default_template()
    template = (await ContractTemplate.select(ContractTemplate.id).first().run())["id"]
    start = (utcnow() + timedelta(days=2)).date()
    values = {
        "candidate": "赵六",
        "department_id": str(cast.line_a),
        "skill_grade": "2",
        "template_id": str(template),
        "term_kind": "fixed",
        "term_months": "36",
        "probation_months": "2",
        "start_date": start.isoformat(),
        "expires_on": (start + timedelta(days=5)).isoformat(),
        "workplace": "一号厂房",
    }
    refused = await post_form(client, "/onboarding/invites", values)
    assert refused.status_code == 422 and "法定代表人" in refused.text and await Invite.count().run() == 0
    no_place = await post_form(client, "/onboarding/invites", {**values, "workplace": ""})
    assert no_place.status_code == 422 and await Invite.count().run() == 0
