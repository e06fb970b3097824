"""The demo plant a newcomer sees: a plant at work, with its recent months relative to the day it is made."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from app.attendance.tables import Scan
from app.auth.tables import User
from app.demo import load_demo
from app.payroll.tables import PayLine, PayPeriod
from app.piecework.tables import PieceConfirmation, PieceReport
from app.timeutil import local_today, to_local

PLANT = ZoneInfo("Asia/Shanghai")


async def test_the_demo_builds_months_of_work_up_to_today_and_a_computed_payroll(database_url, tmp_path):
    logins, added = await load_demo(tmp_path, PLANT)
    today = local_today(PLANT)
    assert added == 60
    assert [login.role for login in logins] == ["admin", "supervisor", "dept_head", "trainer", "staff"]
    assert all(login.password for login in logins)
    assert await User.count().run() == 5

    punches = await Scan.select(Scan.scanned_at).where(Scan.outcome == "punch").run()
    days = {to_local(row["scanned_at"], PLANT).date() for row in punches}
    assert max(days) <= today and min(days) <= today.replace(day=1) - timedelta(days=40)  # about three months
    assert len(days) > 45

    reports = await PieceReport.count().run()
    decided = await PieceConfirmation.count().run()
    assert 0 < decided < reports  # the last days still wait for the supervisor
    last_month = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    period = await PayPeriod.select().where(PayPeriod.month == last_month).first().run()
    assert period["status"] == "computed"
    lines = await PayLine.select(PayLine.gross_fen).where(PayLine.period == period["id"]).run()
    assert len(lines) == 60 and all(line["gross_fen"] > 0 for line in lines)


async def test_the_demo_again_adds_nothing_and_keeps_the_logins(database_url, tmp_path):
    first, _ = await load_demo(tmp_path, PLANT)
    scans = await Scan.count().run()
    again, added = await load_demo(tmp_path, PLANT)
    assert added == 0 and await Scan.count().run() == scans
    assert [login.password for login in again] == [login.password for login in first]


async def test_an_empty_floor_on_request(database_url, tmp_path):
    await load_demo(tmp_path, PLANT, with_history=False)
    assert await Scan.count().run() == 0 and await PieceReport.count().run() == 0


async def test_the_demo_has_courses_with_attempts_sign_offs_and_a_certificate_to_renew(database_url, tmp_path):
    from app.training.tables import Certificate, PracticalSignoff, QuizAttempt

    await load_demo(tmp_path, PLANT)
    today = local_today(PLANT)
    assert await QuizAttempt.count().run() == 60 and await PracticalSignoff.count().run() > 0
    soon = await Certificate.count().where(Certificate.expires_on <= today + timedelta(days=30)).run()
    assert soon == 1  # the reminder on HR's to-do has something to show


async def test_the_demo_has_leave_taken_and_requests_waiting_for_the_department_head(database_url, tmp_path):
    from app.approvals.tables import ApprovalItem
    from app.leave.tables import LeaveRequest

    await load_demo(tmp_path, PLANT)
    statuses = [row["status"] for row in await LeaveRequest.select(LeaveRequest.status).run()]
    assert statuses.count("approved") >= 2 and statuses.count("pending") >= 1
    assert await ApprovalItem.count().run() >= 1


async def test_the_demo_plans_next_week_from_planned_output_and_stated_preferences(database_url, tmp_path):
    from app.planning.tables import DemandCell, PlannedOutput, PlanPreference

    await load_demo(tmp_path, PLANT)
    assert await PlannedOutput.count().run() == 10  # two work orders, Monday to Friday
    people = {row["operation"]: row["people"] for row in await DemandCell.select().run()}
    assert people == {"STP-10": 2, "STP-20": 2, "ASM-10": 2, "ASM-20": 1}  # 4,800 ÷ 2,400; 4,800 ÷ 3,200 → 2; ...
    assert await PlanPreference.count().run() == 2
    await load_demo(tmp_path, PLANT)
    assert await PlannedOutput.count().run() == 10 and await PlanPreference.count().run() == 2


async def test_the_demo_recruits_with_candidates_at_every_stage_and_a_talent_pool(database_url, tmp_path):
    from app.recruiting.figures import figures
    from app.recruiting.rules import BOARD_STAGES
    from app.recruiting.tables import Application, Candidate, Requisition

    await load_demo(tmp_path, PLANT)
    statuses = {row["status"] for row in await Requisition.select(Requisition.status).run()}
    assert statuses == {"open", "pending", "filled"}
    stages = {row["stage"] for row in await Application.select(Application.stage).run()}
    assert stages == set(BOARD_STAGES)
    assert await Candidate.count().where(Candidate.do_not_rehire == True).run() == 1
    found = await figures(PLANT)
    assert found.time_to_fill and found.time_to_fill[0]["median_days"] > 0


async def test_the_demo_has_worker_requests_waiting_in_the_inbox(database_url, tmp_path):
    from app.approvals.tables import ApprovalItem

    await load_demo(tmp_path, PLANT)
    kinds = {row["kind"] for row in await ApprovalItem.select(ApprovalItem.kind).run()}
    assert {"correction", "overtime", "piece_dispute", "pay_question"} <= kinds


async def test_the_demo_has_an_appraisal_scheme_and_last_month_closed_with_results(database_url, tmp_path):
    from app.appraisal.tables import AppraisalPeriod, AppraisalResult, AppraisalScheme

    await load_demo(tmp_path, PLANT)
    today = local_today(PLANT)
    last_month = today.replace(day=1) - timedelta(days=1)
    assert await AppraisalScheme.count().run() == 2  # the stamping shop's, the office's (test below)
    period = await AppraisalPeriod.select().where(AppraisalPeriod.status == "closed").first().run()
    assert (period["status"], period["first_day"].month, period["pay_month"]) == (
        "closed",
        last_month.month,
        today.strftime("%Y-%m"),
    )
    graded = await AppraisalResult.select(AppraisalResult.grade, AppraisalResult.status).run()
    assert len(graded) > 5 and {row["status"] for row in graded} == {"final", "contested"}
    assert len({row["grade"] for row in graded}) > 1


async def test_hr_sees_a_worker_mid_onboarding_and_an_unused_invitation_on_the_demo_pipeline(client, settings):
    from app.onboarding.tables import OnboardingFlow, SignedContract
    from tests.cast import sign_in

    logins, _ = await load_demo(settings.data_dir, settings.zone, secret=settings.secret_key)
    assert (await sign_in(client, logins[0].username, logins[0].password)).status_code < 400
    page = (await client.get("/onboarding")).text
    assert page.count('data-state="in_progress"') == 1 and page.count('data-state="invited"') == 1
    assert re.search(r'data-state="in_progress"><td>进行中: 合同</td>\s*<td>周晓梅</td>', page)
    flow = await OnboardingFlow.select().first().run()  # made by the kiosk's own steps: identity and details kept
    assert flow["identity_confirmed"] and flow["id_masked"] and flow["bank_masked"] and flow["finished_at"] is None
    assert await SignedContract.count().run() == 0
    await load_demo(settings.data_dir, settings.zone, secret=settings.secret_key)
    assert (
        await OnboardingFlow.count().run() == 1 and (await client.get("/onboarding")).text.count("<tr data-state") == 2
    )


async def test_the_demo_has_safety_incidents_last_month_s_locked_and_this_month_s_editable(client, settings):
    from app.appraisal import safety
    from app.appraisal.tables import AppraisalResult, SafetyIncident
    from tests.cast import post_form, sign_in

    logins, _ = await load_demo(settings.data_dir, settings.zone, secret=settings.secret_key)
    today = local_today(PLANT)
    incidents = await safety.incidents()
    assert len(incidents) == 3 and {i.severity.value for i in incidents} == {"minor", "serious"}
    assert all(i.occurred_on <= today and (today - i.occurred_on).days < 62 for i in incidents)
    penalised = await AppraisalResult.select().where(AppraisalResult.employee == incidents[1].people[0][0]).run()
    assert penalised  # last month's closed period graded the people in it
    assert (await sign_in(client, logins[0].username, logins[0].password)).status_code < 400
    last_months = [i for i in incidents if i.occurred_on < today.replace(day=1)]
    refused = await post_form(client, f"/appraisal/safety/{last_months[0].id}/delete", {})
    assert refused.status_code == 422 and "不能再修改或删除" in refused.text
    this_month = next(i for i in incidents if i.occurred_on >= today.replace(day=1))
    assert (await post_form(client, f"/appraisal/safety/{this_month.id}/delete", {})).status_code == 200
    assert await SafetyIncident.count().run() == 2


async def test_the_demo_office_clerk_sees_their_goals_and_a_peer_request(client, settings):
    from tests.cast import sign_in

    logins, _ = await load_demo(settings.data_dir, settings.zone, secret=settings.secret_key)
    clerk = next(login for login in logins if login.role == "staff")
    assert (await sign_in(client, clerk.username, clerk.password)).status_code < 400
    page = await client.get("/appraisal/mine")
    assert page.status_code == 200
    assert "本月招聘到岗冲压工 5 名" in page.text and "林佳琳" in page.text  # own goals; a peer asked of them
