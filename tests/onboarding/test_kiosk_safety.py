"""Safety induction (80% to pass, a fail sends the worker back to read), the badge, probation; resuming; expiry."""

from __future__ import annotations

import json
from datetime import timedelta

from app.badges import rules as badge_rules
from app.badges.tables import Credential
from app.onboarding import induction
from app.onboarding.tables import Invite, OnboardingFlow
from app.people.tables import Employee
from app.timeutil import utcnow
from app.training.rules import probation_end
from app.training.tables import ProbationAssessment, QuizAttempt, SafetyEducation
from tests.onboarding.factories import (
    RIGHT,
    VALID_ID,
    WRONG,
    activate,
    key_in,
    make_invite,
    quiz_form,
    slip,
    step,
    to_contract,
    to_safety,
)


async def _submit(client, invite, answers):
    return await step(client, "/safety/submit", invite, **quiz_form((await induction.induction()).questions, answers))


async def test_a_fail_sends_the_worker_back_to_read_then_a_pass_issues_the_badge(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings, probation=2))
    await to_safety(client, invite)
    failed = await _submit(client, invite, RIGHT[:3] + WRONG[3:])  # 3 of 5: 60%
    assert failed.status_code == 200 and "60%" in failed.text and "尚未通过" in failed.text
    early = await _submit(client, invite, RIGHT)
    assert early.status_code == 422 and await QuizAttempt.count().run() == 1  # not without reading again
    assert 'data-screen="safety_quiz"' not in (await step(client, "/safety/quiz", invite)).text
    assert 'data-screen="safety_read"' in (await step(client, "/safety/read", invite)).text
    assert 'data-screen="safety_quiz"' in (await step(client, "/safety/quiz", invite)).text
    done = await _submit(client, invite, RIGHT[:4] + WRONG[4:])  # 4 of 5: 80% passes
    assert done.status_code == 200 and 'data-screen="done"' in done.text and "请到人事办公室领取工牌" in done.text

    employee = await Employee.select().where(Employee.name == "张三").first().run()
    assert employee["status"] == "probation" and employee["employee_code"] in done.text
    badge = await Credential.select().where(Credential.employee == employee["id"]).first().run()
    assert badge["serial"] == 1 and badge["revoked_at"] is None
    levels = {
        row["level"]: row
        for row in await SafetyEducation.select().where(SafetyEducation.employee == employee["id"]).run()
    }
    assert levels["plant"]["signed_off_on"] is not None and levels["plant"]["minutes"] < 60  # what was spent
    assert levels["workshop"]["signed_off_on"] is None and levels["team"]["signed_off_on"] is None
    assessment = await ProbationAssessment.select().where(ProbationAssessment.employee == employee["id"]).first().run()
    assert assessment["probation_end"] == probation_end(employee["hire_date"], 2)
    flow = await OnboardingFlow.select().first().run()
    assert flow["step"] == "done" and flow["finished_at"] is not None
    assert (await Invite.select(Invite.status).first().run())["status"] == "done"


async def test_a_worker_who_walks_away_resumes_at_the_same_step_by_scanning_again(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await to_contract(client, invite)  # identity and details done, then they walk away
    resumed = await step(client, "", invite)
    assert (
        resumed.status_code == 200 and 'data-screen="contract"' in resumed.text and "第 3 步，共 5 步" in resumed.text
    )
    flow = await OnboardingFlow.select().first().run()
    steps = flow["steps"] if isinstance(flow["steps"], dict) else json.loads(flow["steps"])
    assert set(steps) == {"identity", "details", "contract"} and steps["details"]["finished"]
    assert await OnboardingFlow.count().run() == 1


async def test_steps_cannot_be_skipped(client, cast, settings):
    await activate(client)
    invite = await slip(settings, await make_invite(cast, settings))
    await key_in(client, invite, VALID_ID)
    skipped = await step(client, "/contract", invite, consent="yes", signature="x")
    assert skipped.status_code == 422 and "请先完成屏幕上的这一步" in skipped.text
    assert (await OnboardingFlow.select(OnboardingFlow.step).first().run())["step"] == "identity"


async def test_an_expired_invite_is_refused_and_its_flow_dies_with_it(client, cast, settings):
    await activate(client)
    invite_id = await make_invite(cast, settings)
    invite = await slip(settings, invite_id)
    await key_in(client, invite, VALID_ID)
    await Invite.update({Invite.expires_at: utcnow() - timedelta(minutes=1)}).where(Invite.id == invite_id).run()
    resumed = await step(client, "", invite)
    assert resumed.status_code == 422 and "邀请已过期" in resumed.text
    signed_expired = badge_rules.sign_invite(settings.secret_key, invite_id.upper(), utcnow() - timedelta(seconds=1))
    refused = await step(client, "", signed_expired)
    assert refused.status_code == 422 and "邀请已过期" in refused.text
    assert (await OnboardingFlow.select(OnboardingFlow.step).first().run())["step"] == "identity"


async def test_a_forged_or_withdrawn_invite_is_refused(client, cast, settings):
    await activate(client)
    invite_id = await make_invite(cast, settings)
    invite = await slip(settings, invite_id)
    forged = invite[:-4] + ("AAAA" if not invite.endswith("AAAA") else "BBBB")
    assert (await step(client, "", forged)).status_code == 422
    await Invite.update({Invite.status: "cancelled"}).where(Invite.id == invite_id).run()
    withdrawn = await step(client, "", invite)
    assert withdrawn.status_code == 422 and "已撤回" in withdrawn.text and await OnboardingFlow.count().run() == 0


async def test_a_browser_that_is_not_a_kiosk_cannot_onboard(client, cast, settings):
    invite = await slip(settings, await make_invite(cast, settings))
    assert (await client.get("/kiosk/onboarding")).status_code == 403
    assert (await step(client, "", invite)).status_code == 403
    assert await OnboardingFlow.count().run() == 0


async def test_an_abandoned_flow_loses_its_personal_data_once_the_invite_expires(client, cast, settings):
    from app.onboarding.retention import purge_expired

    await activate(client)
    invite_id = await make_invite(cast, settings)
    await to_contract(client, await slip(settings, invite_id))  # walked away before signing
    assert await purge_expired(utcnow()) == 0  # still valid: kept for the resume
    await Invite.update({Invite.expires_at: utcnow() - timedelta(minutes=1)}).where(Invite.id == invite_id).run()
    assert await purge_expired(utcnow()) == 1
    row = await OnboardingFlow.select().first().run()
    assert row["id_cipher"] == "" and row["bank_cipher"] == "" and row["name"] == "" and row["phone"] == ""
    assert row["step"] == "contract" and row["steps"]  # the times stay for the pipeline


async def test_someone_hired_before_gets_no_second_probation_found_by_the_keyed_hash(client, cast, settings):
    from app.onboarding.tables import RefusedAttempt
    from tests.onboarding.factories import RIGHT as right

    await activate(client)
    first = await slip(settings, await make_invite(cast, settings, probation=2))
    await to_safety(client, first)
    await step(client, "/safety/submit", first, **quiz_form((await induction.induction()).questions, right))
    await Employee.update({Employee.status: "left"}).where(Employee.status != "left").run()  # left, now re-hired
    again = await slip(settings, await make_invite(cast, settings, probation=2))
    refused = await key_in(client, again, VALID_ID)
    assert refused.status_code == 422 and "只能约定一次试用期" in refused.text
    assert [row["reason"] for row in await RefusedAttempt.select().run()] == ["probation.repeated"]
    without = await slip(settings, await make_invite(cast, settings, probation=0))
    assert (await key_in(client, without, VALID_ID)).status_code == 200
