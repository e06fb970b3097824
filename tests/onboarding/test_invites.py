"""HR's invite form (art. 19 checked), the signed slip, the pipeline with durations and medians; HR only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app.badges import rules as badge_rules
from app.errors import Refused
from app.onboarding import induction, invites
from app.onboarding.contract import DEFAULT_TEMPLATE
from app.onboarding.tables import ContractTemplate, Invite
from app.timeutil import utcnow
from tests.cast import htmx_target, post_form, sign_in
from tests.onboarding.factories import RIGHT, activate, make_invite, plant_details, quiz_form, slip, step, to_safety


async def _form(client, **changes):
    await invites.ensure_default_template()
    await plant_details()
    template = (await ContractTemplate.select(ContractTemplate.id).first().run())["id"]
    tomorrow = (utcnow() + timedelta(days=2)).date()
    values = {
        "candidate": "王小明",
        "department_id": "1",
        "skill_grade": "2",
        "template_id": str(template),
        "term_kind": "fixed",
        "term_months": "36",
        "probation_months": "6",
        "start_date": tomorrow.isoformat(),
        "expires_on": (tomorrow + timedelta(days=5)).isoformat(),
        "workplace": "一号厂房",
    }
    return await post_form(client, "/onboarding/invites", {**values, **changes})


@pytest.mark.parametrize(
    ("term", "probation", "message"),
    [
        ("2", "1", "不满三个月"),  # art. 19: under 3 months, no probation
        ("11", "2", "试用期超过"),  # 3 months to under a year: at most 1
        ("35", "3", "试用期超过"),  # 1 to under 3 years: at most 2
        ("36", "7", "试用期超过"),  # 3 years or more: at most 6
    ],
)
async def test_an_unlawful_probation_is_refused_on_the_form_and_nothing_is_saved(
    client, cast, term, probation, message
):
    await sign_in(client, "hr")
    response = await _form(client, term_months=term, probation_months=probation)
    assert response.status_code == 422 and message in response.text and "未保存" in response.text
    assert await Invite.count().run() == 0


@pytest.mark.parametrize(("term", "probation"), [("12", "2"), ("3", "1"), ("2", "0")])
async def test_the_limits_themselves_are_lawful(client, cast, term, probation):
    await sign_in(client, "hr")
    response = await _form(client, term_months=term, probation_months=probation)
    assert response.status_code in (200, 303) and await Invite.count().run() == 1


async def test_an_open_ended_contract_allows_6_months_and_the_slip_carries_a_signed_qr(client, cast, settings):
    await sign_in(client, "hr")
    slip_page = await _form(client, term_kind="open", term_months="", probation_months="6")
    assert slip_page.url.path.startswith("/onboarding/invites/")  # 303 to the slip, followed
    assert slip_page.status_code == 200 and "<svg" in slip_page.text and "王小明" in slip_page.text
    invite = await Invite.select().first().run()
    assert invite["term_months"] is None and invite["change_no"] > 0
    verified = badge_rules.verify_invite(
        settings.secret_key, invites.slip_payload(settings.secret_key, invite), now=utcnow()
    )
    assert isinstance(verified, badge_rules.Invite) and verified.expires_at == invite["expires_at"]


@pytest.mark.parametrize("field", ["department_id", "term_months", "probation_months", "skill_grade"])
async def test_a_number_in_unicode_digits_is_refused_not_a_fault(client, cast, field):
    """A select's value edited in the browser ("²" passes str.isdigit(), int() refuses it) was a 500."""
    await sign_in(client, "hr")
    response = await _form(client, **{field: "²"})
    assert response.status_code == 422 and "未保存" in response.text
    assert await Invite.count().run() == 0


async def test_a_start_date_in_the_past_is_refused(client, cast):
    await sign_in(client, "hr")
    response = await _form(client, start_date=(utcnow() - timedelta(days=3)).date().isoformat())
    assert response.status_code == 422 and await Invite.count().run() == 0


async def test_every_write_stamps_a_new_change_number_for_the_kiosks(client, cast, settings):
    invite_id = await make_invite(cast, settings)
    before = (await Invite.select(Invite.change_no).first().run())["change_no"]
    await activate(client)
    await step(client, "", await slip(settings, invite_id))  # the flow starts: in progress
    after = await Invite.select(Invite.change_no, Invite.status).first().run()
    assert after["status"] == "in_progress" and after["change_no"] > before


@pytest.mark.parametrize("url", ["/onboarding", "/onboarding/invites/new", "/onboarding/templates"])
async def test_only_hr_opens_the_onboarding_pages(client, cast, url):
    assert (await client.get(url)).url.path == "/login"
    await sign_in(client, "sup-a")
    assert (await client.get(url)).status_code == 403
    await sign_in(client, "hr")
    assert (await client.get(url)).status_code == 200


async def test_a_supervisor_cannot_create_an_invite(client, cast):
    await sign_in(client, "sup-a")
    assert (await _form(client)).status_code == 403 and await Invite.count().run() == 0


async def test_the_pipeline_shows_each_state_the_step_durations_and_the_monthly_median(client, cast, settings):
    await make_invite(cast, settings)  # invited
    await activate(client)
    started = await slip(settings, await make_invite(cast, settings))
    await step(client, "", started)  # in progress, at identity
    finished = await slip(settings, await make_invite(cast, settings))
    await to_safety(client, finished)
    await step(client, "/safety/submit", finished, **quiz_form((await induction.induction()).questions, RIGHT))
    await sign_in(client, "hr")
    page = await client.get("/onboarding")
    assert page.status_code == 200
    assert page.text.count('data-state="invited"') == 1 and page.text.count('data-state="in_progress"') == 1
    assert page.text.count('data-state="done"') == 1
    assert re.search(r'data-state="in_progress"><td>进行中: 身份核验', page.text)
    done_row = re.search(r'<tr data-state="done">.*?</tr>', page.text, re.S).group(0)
    assert len(re.findall(r'<td class="num">\d+\.\d</td>', done_row)) == 6  # five steps and the total, in minutes
    month = utcnow().astimezone(settings.zone).strftime("%Y-%m")
    assert f"<td>{month}</td>" in page.text and "合同 PDF" in page.text


async def test_the_pipeline_alerts_hr_to_an_applicant_under_16(client, cast, settings):
    from tests.onboarding.factories import id_number, key_in

    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    child = (utcnow() - timedelta(days=365 * 15)).date()
    assert (await key_in(client, invite, id_number(child))).status_code == 422
    await sign_in(client, "hr")
    page = await client.get("/onboarding", headers=htmx_target("main"))
    assert "未满16周岁" in page.text and "尝试 1 次" in page.text


async def test_hr_withdraws_an_invite_and_the_kiosk_then_refuses_it(client, cast, settings):
    invite_id = await make_invite(cast, settings)
    await sign_in(client, "hr")
    await client.get("/onboarding")
    response = await post_form(client, f"/onboarding/invites/{invite_id}/cancel", {})
    assert response.url.path == "/onboarding" and 'data-state="cancelled"' in response.text
    invite = await Invite.select(Invite.status, Invite.change_no).first().run()
    assert invite["status"] == "cancelled" and invite["change_no"] > 0
    await activate(client)
    assert (await step(client, "", await slip(settings, invite_id))).status_code == 422


async def test_hr_adds_a_contract_template_and_an_empty_one_is_refused(client, cast):
    await sign_in(client, "hr")
    await client.get("/onboarding/templates")
    refused = await post_form(client, "/onboarding/templates", {"name": "短期合同", "body": "太短"})
    assert refused.status_code == 422 and "请输入合同正文" in refused.text
    lacking = await post_form(
        client, "/onboarding/templates", {"name": "短期合同", "body": "劳动合同\n乙方：{name}" * 5}
    )
    assert lacking.status_code == 422  # art. 17's clauses are not all there
    added = await post_form(
        client,
        "/onboarding/templates",
        {"name": "短期合同", "body": DEFAULT_TEMPLATE.replace("劳动合同", "短期劳动合同")},
    )
    assert added.status_code == 200 and "短期合同" in added.text
    assert await ContractTemplate.count().where(ContractTemplate.name == "短期合同").run() == 1


def test_every_bad_field_of_an_invite_is_refused_at_once_so_hr_sees_them_together():
    today = utcnow().date()
    with pytest.raises(Refused) as refused:
        invites.parse_invite({"skill_grade": "12", "monthly_wage": "abc"}, today)
    assert refused.value.messages.keys() == {
        "department_id",
        "template_id",
        "skill_grade",
        "term_months",
        "start_date",
        "expires_on",
        "workplace",
        "monthly_wage",
    }
