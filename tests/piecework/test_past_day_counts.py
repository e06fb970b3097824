"""Piece counts for a past day within the open pay period, on the tablet and at the kiosk (issue 16, point 7).

The clock is TEST_NOW, 2026-11-25 (a Wednesday) in Shanghai: the open period runs from 2026-11-01 (October
not yet locked: from 2026-10-01) to today.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.audit.service import SYSTEM
from app.audit.tables import AuditLog
from app.auth.service import CurrentUser
from app.badges import service as badges
from app.people import plant_settings
from app.piecework import confirmations, rules
from app.piecework.reports import ReportRefused
from app.piecework.tables import PieceConfirmation, PieceReport
from tests.attendance.factories import PLANT, make_pattern, make_scan, make_shift, weekdays
from tests.attendance.test_kiosk_pages import activate
from tests.cast import htmx_target, post_form, sign_in
from tests.piecework.factories import make_operation, make_work_order


@pytest.mark.parametrize(
    "today, locked_through, earliest",
    [
        pytest.param(date(2026, 11, 25), None, date(2026, 10, 1), id="nothing_locked_back_to_the_previous_month"),
        pytest.param(date(2026, 11, 25), date(2026, 10, 31), date(2026, 11, 1), id="october_locked_from_november"),
        pytest.param(date(2026, 11, 1), date(2026, 10, 31), date(2026, 11, 1), id="the_first_day_after_a_lock"),
        pytest.param(date(2027, 1, 3), date(2026, 11, 30), date(2026, 12, 1), id="across_the_new_year"),
        pytest.param(date(2026, 11, 25), date(2026, 9, 30), date(2026, 10, 1), id="an_old_lock_still_bounds_by_month"),
    ],
)
def test_the_earliest_day_a_count_may_be_entered_for(today, locked_through, earliest):
    assert rules.earliest_count_day(today, locked_through) == earliest


def _sup(cast, which: str = "a") -> CurrentUser:
    return CurrentUser(
        id=cast.supervisor_a_user if which == "a" else cast.supervisor_b_user,
        username=f"sup-{which}",
        display_name="王建国",
        roles=("supervisor",),
        employee_id=cast.supervisor_a if which == "a" else cast.supervisor_b,
    )


@pytest.fixture
async def fold(cast):
    await make_pattern(
        weekdays(await make_shift("D", "早班", "08:00", "17:00", [["12:00", "13:00"]])), department_id=cast.line_a
    )
    return await make_operation(await make_work_order(department_id=cast.line_a), "OP10", "折弯", 25)


# (case, punches of that day, work date, segment proposed from them)
PAST = [
    ("yesterday's shift", ["2026-11-24 07:55", "2026-11-24 17:02"], date(2026, 11, 24), "normal"),
    (
        "yesterday evening after the shift",
        ["2026-11-24 18:00", "2026-11-24 21:00"],
        date(2026, 11, 24),
        "workday_overtime",
    ),
    ("last Sunday, a rest day", ["2026-11-22 08:00", "2026-11-22 12:00"], date(2026, 11, 22), "rest_day"),
    ("a day without punches, by its kind", [], date(2026, 11, 20), "normal"),
]


@pytest.mark.parametrize("case, scans, work_date, segment", PAST, ids=[c[0] for c in PAST])
async def test_a_supervisor_enters_a_past_day_s_count_with_its_segment_from_that_day_s_punches(
    cast, fold, case, scans, work_date, segment
):
    for at in scans:
        await make_scan(cast.worker, at)
    report = await confirmations.enter_for_worker(
        _sup(cast), cast.worker, fold, 40, 0, "", "office", PLANT, work_date=work_date
    )
    stored = await PieceReport.objects().get(PieceReport.id == report.id).run()
    assert (stored.work_date, stored.segment) == (work_date, segment)
    assert await PieceConfirmation.count().where(PieceConfirmation.report == report.id).run() == 1
    entry = await AuditLog.select().where(AuditLog.action == "piece_report.past_day").first().run()
    assert entry["entity_id"] == str(report.id) and entry["actor_user_id"] == cast.supervisor_a_user


@pytest.mark.parametrize(
    "work_date, locked_through",
    [
        pytest.param(date(2026, 11, 26), None, id="tomorrow"),
        pytest.param(date(2026, 9, 30), None, id="before_the_previous_month"),
        pytest.param(date(2026, 10, 30), "2026-10-31", id="inside_a_locked_month"),
    ],
)
async def test_a_day_outside_the_open_pay_period_is_refused(cast, fold, work_date, locked_through):
    if locked_through:
        await plant_settings.write(plant_settings.PAY_LOCKED_THROUGH, locked_through, SYSTEM)
    with pytest.raises(ReportRefused, match="open pay period"):
        await confirmations.enter_for_worker(
            _sup(cast), cast.worker, fold, 40, 0, "", "office", PLANT, work_date=work_date
        )
    assert await PieceReport.count().run() == 0


async def test_only_the_supervisor_s_own_team_gets_a_past_day_count(cast, fold):
    with pytest.raises(ReportRefused, match="not of your team"):
        await confirmations.enter_for_worker(
            _sup(cast, "b"), cast.worker, fold, 40, 0, "", "office", PLANT, work_date=date(2026, 11, 24)
        )


async def test_the_tablet_form_takes_a_past_day_and_refuses_a_bad_one_in_chinese(client, cast, fold):
    await sign_in(client, "sup-a")
    page = await client.get("/pieces/confirm")
    assert 'name="work_date"' in page.text and 'min="2026-10-01"' in page.text
    values = {"employee_id": str(cast.worker), "operation_id": str(fold), "quantity": "30", "defects": "0"}
    bad = await post_form(
        client, "/pieces/confirm/enter", {**values, "work_date": "2026-09-01"}, headers=htmx_target("pending-list")
    )
    assert bad.status_code == 422 and "<html" not in bad.text and "未结账" in bad.text
    done = await post_form(client, "/pieces/confirm/enter", {**values, "work_date": "2026-11-23"})
    assert done.status_code == 200
    assert (await PieceReport.select(PieceReport.work_date).first().run())["work_date"] == date(2026, 11, 23)


async def test_a_worker_reports_yesterday_s_count_at_the_kiosk(client, cast, fold, settings):
    badge = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    await activate(client)
    form = await post_form(
        client, "/kiosk/pieces", {"badge": badge, "operation_id": str(fold)}, headers=htmx_target("pieces-step")
    )
    assert 'name="work_date"' in form.text and "昨天" in form.text
    done = await post_form(
        client,
        "/kiosk/pieces/report",
        {"badge": badge, "operation_id": str(fold), "quantity": "12", "defects": "0", "work_date": "2026-11-24"},
        headers=htmx_target("pieces-step"),
    )
    assert done.status_code == 200
    stored = await PieceReport.select().first().run()
    assert (stored["work_date"], stored["source"]) == (date(2026, 11, 24), "kiosk")
    assert await AuditLog.exists().where(AuditLog.action == "piece_report.past_day").run()


async def test_locking_a_pay_month_closes_its_days_to_new_counts(cast, fold):
    from app.payroll import service

    await service.compute_month("2026-10", PLANT, SYSTEM, refresh_attendance=False)
    await service.lock_month("2026-10", SYSTEM)
    assert await plant_settings.read(plant_settings.PAY_LOCKED_THROUGH) == "2026-10-31"
    with pytest.raises(ReportRefused, match="open pay period"):
        await confirmations.enter_for_worker(
            _sup(cast), cast.worker, fold, 40, 0, "", "office", PLANT, work_date=date(2026, 10, 31)
        )
    report = await confirmations.enter_for_worker(
        _sup(cast), cast.worker, fold, 40, 0, "", "office", PLANT, work_date=date(2026, 11, 1)
    )
    assert report.work_date == date(2026, 11, 1)
