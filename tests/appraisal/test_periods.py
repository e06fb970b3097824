"""A period end to end in the services: the scheme freezes when it starts, computed figures come from the records,
the supervisor's scores, closing into results, the bonus on the month's pay, a contested bonus held out of pay."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.appraisal import periods, results, schemes
from app.appraisal.tables import AppraisalResult
from app.audit.service import SYSTEM
from app.errors import Refused
from app.forms import Month
from app.payroll import service as payroll
from app.payroll.pay_settings import set_pay
from app.payroll.tables import PayLine, PayPeriod
from tests.appraisal.factories import OCTOBER, line_a_scheme, made_pieces, scheme_form, worked_days
from tests.attendance.factories import PLANT
from tests.conftest import TEST_NOW

TODAY = TEST_NOW.date()
NEXT_YEAR = date(TODAY.year + 1, 1, 1)


@pytest.fixture
async def october(cast):
    """Line A's scheme and an open October period; the worker made 720 good of 800 at 10 an hour standard
    (72 h at standard) in 20 days of 8 h (160 h): 45% output; 90% good pieces; late 3 times."""
    scheme_id = await line_a_scheme(cast)
    await worked_days(cast.worker, OCTOBER, 20, late=3)
    await made_pieces(cast, cast.worker, OCTOBER, 800, defects=80)
    return scheme_id, await periods.open_period(scheme_id, "2026-10", PLANT, SYSTEM)


async def test_a_scheme_is_frozen_once_its_period_has_started(cast, october):
    scheme_id, _ = october
    changed = schemes.parse_scheme(scheme_form(cast.line_a, name="改"))
    with pytest.raises(Refused) as refused:
        await schemes.save_scheme(changed, scheme_id, TODAY, SYSTEM)
    assert refused.value.message == schemes.FROZEN
    assert (await schemes.scheme(scheme_id, TODAY)).name == "装配月度考核"


async def test_a_scheme_opened_ahead_stays_editable_until_its_first_day(cast):
    scheme_id = await line_a_scheme(cast)
    await periods.open_period(scheme_id, f"{NEXT_YEAR:%Y-%m}", PLANT, SYSTEM)
    await schemes.save_scheme(schemes.parse_scheme(scheme_form(cast.line_a, name="改")), scheme_id, TODAY, SYSTEM)
    assert (await schemes.scheme(scheme_id, NEXT_YEAR)).frozen


async def test_weights_not_totalling_100_are_refused(cast):
    with pytest.raises(Refused) as refused:
        schemes.parse_scheme(scheme_form(cast.line_a, weight_supervisor="25"))
    assert refused.value.message == "The weights must total 100."


async def test_the_computed_figures_come_from_pieces_and_attendance(cast, october):
    _, period_id = october
    await periods.fill(period_id, PLANT, SYSTEM)
    mine = (await periods.scores(period_id))[cast.worker]
    assert mine["output"]["score_milli"] == 45_000  # 72 h at standard in 160 h worked, target 100%
    assert mine["quality"]["score_milli"] == 91_836  # 90 ÷ 98 × 100 = 91.836…
    assert mine["lateness"]["score_milli"] == 50_000  # 3 late days, 1 allowed, 25 points each over
    assert mine["output"]["ref"] == f"/payroll/2026-10/{cast.worker}"
    assert "supervisor" not in mine


async def test_closing_waits_for_the_supervisor_then_pays_the_bonus_in_the_month_it_closes(cast, october):
    _, period_id = october
    await periods.fill(period_id, PLANT, SYSTEM)
    with pytest.raises(Refused):
        await results.close(period_id, PLANT, SYSTEM)
    with pytest.raises(Refused):  # 40 is extreme: a reason is required
        await periods.enter_scores(period_id, cast.worker, {"score_supervisor": "40"}, PLANT, SYSTEM)
    await periods.enter_scores(period_id, cast.worker, {"score_supervisor": "80"}, PLANT, SYSTEM)
    await periods.enter_scores(period_id, cast.supervisor_a, {"score_supervisor": "90"}, PLANT, SYSTEM)
    await results.close(period_id, PLANT, SYSTEM)
    row = await AppraisalResult.select().where(AppraisalResult.employee == cast.worker).first().run()
    # (50×45 + 20×91.836 + 10×50 + 20×80) ÷ 100 = 61.867 → C (60%); ¥500 × 60% × 20/20 days
    assert (row["total_milli"], row["grade"], row["bonus_fen"], row["pay_month"]) == (61_867, "C", 30_000, "2026-11")
    paid = await results.bonuses_in(Month(2026, 11))
    assert paid[cast.worker] == [(30_000, f"appraisal:{period_id}:{row['id']}")]
    await set_pay(cast.worker, "time", "4000", "", SYSTEM)
    await payroll.compute_month("2026-11", PLANT, SYSTEM, refresh_attendance=False)
    period = await PayPeriod.select().where(PayPeriod.month == "2026-11").first().run()
    line = (
        await PayLine.select()
        .where((PayLine.period == period["id"]) & (PayLine.employee == cast.worker))
        .first()
        .output(load_json=True)
        .run()
    )
    assert [(i["label"], i["amount_fen"]) for i in line["lines"] if i["code"].startswith("earning.appraisal")] == [
        ("Performance bonus", 30_000)
    ]


async def test_a_contested_result_is_held_out_of_pay_until_hr_decides(cast, october):
    _, period_id = october
    await periods.fill(period_id, PLANT, SYSTEM)
    for person in (cast.worker, cast.supervisor_a):
        await periods.enter_scores(period_id, person, {"score_supervisor": "80"}, PLANT, SYSTEM)
    await results.close(period_id, PLANT, SYSTEM)
    row = await AppraisalResult.select().where(AppraisalResult.employee == cast.worker).first().run()
    with pytest.raises(Refused):
        await results.contest(row["id"], " ", PLANT, SYSTEM)
    await results.contest(row["id"], "产量数据漏记了两天", PLANT, SYSTEM)
    assert cast.worker not in await results.bonuses_in(Month(2026, 11))
    await results.decide(row["id"], "B", PLANT, SYSTEM)
    assert (await results.bonuses_in(Month(2026, 11)))[cast.worker][0][0] == 50_000  # ¥500 × 100%


async def test_missing_pieces_are_left_out_and_the_rest_re_weighted(cast):
    scheme_id = await line_a_scheme(cast)
    await worked_days(cast.worker, OCTOBER, 10, scheduled=20)  # no pieces at all
    period_id = await periods.open_period(scheme_id, "2026-10", PLANT, SYSTEM)
    await periods.fill(period_id, PLANT, SYSTEM)
    for person in (cast.worker, cast.supervisor_a):
        await periods.enter_scores(period_id, person, {"score_supervisor": "90"}, PLANT, SYSTEM)
    await results.close(period_id, PLANT, SYSTEM)
    row = await AppraisalResult.select().where(AppraisalResult.employee == cast.worker).first().run()
    # output and quality missing: (10×100 + 20×90) ÷ 30 = 93.333 → A; ¥500 × 150% × 10/20
    assert (row["missing"], row["total_milli"], row["grade"], row["bonus_fen"]) == (
        "output,quality",
        93_333,
        "A",
        37_500,
    )


async def test_a_result_in_the_lowest_grade_opens_an_improvement_plan_followed_up_a_month_later(cast, october):
    from app.appraisal import plans

    _, period_id = october
    await periods.fill(period_id, PLANT, SYSTEM)
    await periods.enter_scores(
        period_id, cast.worker, {"score_supervisor": "0", "reason_supervisor": "旷工"}, PLANT, SYSTEM
    )
    await periods.enter_scores(period_id, cast.supervisor_a, {"score_supervisor": "90"}, PLANT, SYSTEM)
    await results.close(period_id, PLANT, SYSTEM)
    # (50×45 + 20×91.836 + 10×50 + 0) ÷ 100 = 45.867 → D
    opened = await plans.plans(TODAY)
    assert [(p.employee_id, p.grade, p.follow_up_on, p.overdue) for p in opened] == [
        (cast.worker, "D", TODAY + timedelta(days=30), False)
    ]
    with pytest.raises(Refused):
        await plans.follow_up(opened[0].id, " ", SYSTEM)
    await plans.follow_up(opened[0].id, "出勤已改善，产量达标", SYSTEM)
    assert (await plans.plans(TODAY, only_open=True)) == []


async def test_closing_is_refused_while_a_grade_holds_more_people_than_its_limit(cast, october):
    scheme_id, period_id = october
    await periods.fill(period_id, PLANT, SYSTEM)
    for person in (cast.worker, cast.supervisor_a):
        await periods.enter_scores(period_id, person, {"score_supervisor": "80"}, PLANT, SYSTEM)
    from app.appraisal.tables import AppraisalScheme

    bands = [{"grade": "A", "min_score": 90, "coefficient_percent": 150, "max_percent": 0}]
    bands += [
        {"grade": g, "min_score": m, "coefficient_percent": c, "max_percent": 40}
        for g, m, c in (("B", 75, 100), ("C", 60, 60))
    ]
    bands += [{"grade": "D", "min_score": 0, "coefficient_percent": 0, "max_percent": 0}]
    await AppraisalScheme.update({AppraisalScheme.bands: bands}).where(AppraisalScheme.id == scheme_id).run()
    with pytest.raises(Refused) as refused:  # the supervisor (A, no data but the score) and the worker (C): 1 of 2 in C
        await results.close(period_id, PLANT, SYSTEM)
    assert refused.value.params["limit"] == 40
    assert await AppraisalResult.count().run() == 0
