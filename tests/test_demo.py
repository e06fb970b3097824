"""The demo plant a newcomer sees: a plant at work, with its recent months relative to the day it is made."""

from __future__ import annotations

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
    assert [login.role for login in logins] == ["admin", "supervisor", "dept_head", "trainer"]
    assert all(login.password for login in logins)
    assert await User.count().run() == 4

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


async def test_the_demo_has_an_appraisal_scheme_and_last_month_closed_with_results(database_url, tmp_path):
    from app.appraisal.tables import AppraisalPeriod, AppraisalResult, AppraisalScheme

    await load_demo(tmp_path, PLANT)
    today = local_today(PLANT)
    last_month = today.replace(day=1) - timedelta(days=1)
    assert await AppraisalScheme.count().run() == 1
    period = await AppraisalPeriod.select().first().run()
    assert (period["status"], period["first_day"].month, period["pay_month"]) == (
        "closed",
        last_month.month,
        today.strftime("%Y-%m"),
    )
    graded = await AppraisalResult.select(AppraisalResult.grade, AppraisalResult.status).run()
    assert len(graded) > 5 and {row["status"] for row in graded} == {"final", "contested"}
    assert len({row["grade"] for row in graded}) > 1
