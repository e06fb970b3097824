"""The appraisal pages: HR saves a scheme (refused when frozen, nothing changed), opens and fills a period, the
supervisor scores their team one after another (not line B's), the department head closes, results and export."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from app.appraisal.tables import AppraisalPeriod, AppraisalResult, AppraisalScheme, AppraisalScore
from app.auth.tables import User
from tests.appraisal.factories import OCTOBER, made_pieces, scheme_form, worked_days
from tests.cast import make_user, post_form, sign_in


async def _hr_opens_october(client, cast) -> int:
    await sign_in(client, "hr")
    response = await post_form(client, "/appraisal/schemes", scheme_form(cast.line_a))
    assert response.status_code == 200, response.text
    scheme = await AppraisalScheme.select().first().run()
    response = await post_form(client, f"/appraisal/schemes/{scheme['id']}/periods", {"month": "2026-10"})
    assert response.status_code == 200
    period = await AppraisalPeriod.select().first().run()
    assert (await post_form(client, f"/appraisal/periods/{period['id']}/fill", {})).status_code == 200
    return period["id"]


async def test_hr_defines_a_scheme_and_cannot_change_it_once_the_period_started(client, cast):
    await worked_days(cast.worker, OCTOBER, 20)
    await made_pieces(cast, cast.worker, OCTOBER, 800)
    period_id = await _hr_opens_october(client, cast)
    scheme = await AppraisalScheme.select().first().run()
    response = await post_form(client, f"/appraisal/schemes/{scheme['id']}", scheme_form(cast.line_a, name="改过"))
    assert response.status_code == 422
    assert "冻结" in response.text or "frozen" in response.text
    assert (await AppraisalScheme.select().first().run())["name"] == "装配月度考核"
    page = await client.get(f"/appraisal/periods/{period_id}")
    assert page.status_code == 200 and f"/payroll/2026-10/{cast.worker}" in page.text


async def test_a_scheme_whose_weights_do_not_total_100_is_refused_and_not_saved(client, cast):
    await sign_in(client, "hr")
    response = await post_form(client, "/appraisal/schemes", scheme_form(cast.line_a, weight_output="10"))
    assert response.status_code == 422
    assert await AppraisalScheme.count().run() == 0


async def test_the_supervisor_scores_the_team_one_after_another_and_the_head_closes(client, cast):
    period_id = await _hr_opens_october(client, cast)
    await client.get("/logout")
    await sign_in(client, "sup-a")
    page = await client.get(f"/appraisal/periods/{period_id}/score")
    assert page.status_code == 200 and "张伟" in page.text
    refused = await post_form(
        client, f"/appraisal/periods/{period_id}/score/{cast.supervisor_b}", {"score_supervisor": "80"}
    )
    assert refused.status_code == 422  # line B's supervisor is not in line A's team
    extreme = await post_form(client, f"/appraisal/periods/{period_id}/score/{cast.worker}", {"score_supervisor": "99"})
    assert (
        extreme.status_code == 422
        and await AppraisalScore.count().where(AppraisalScore.scored_by == "sup-a").run() == 0
    )
    saved = await post_form(
        client,
        f"/appraisal/periods/{period_id}/score/{cast.worker}",
        {"score_supervisor": "99", "reason_supervisor": "零缺陷"},
    )
    assert saved.status_code == 200
    head = await make_user("head-a", "dept_head", cast.supervisor_a)
    assert head
    await client.get("/logout")
    await sign_in(client, "hr")  # HR scores the one the supervisor does not (the supervisor themself)
    await post_form(client, f"/appraisal/periods/{period_id}/score/{cast.supervisor_a}", {"score_supervisor": "80"})
    await client.get("/logout")
    await sign_in(client, "head-a")
    closed = await post_form(client, f"/appraisal/periods/{period_id}/close", {})
    assert closed.status_code == 200
    assert await AppraisalResult.count().run() == 2
    results = await client.get("/appraisal/results")
    assert results.status_code == 200 and "张伟" in results.text
    person = await client.get(f"/appraisal/people/{cast.worker}")
    assert person.status_code == 200
    assert (await client.get("/appraisal/results.xlsx")).status_code in (401, 403)


async def test_hr_exports_the_results_to_excel(client, cast):
    period_id = await _hr_opens_october(client, cast)
    for person in (cast.worker, cast.supervisor_a):
        await post_form(client, f"/appraisal/periods/{period_id}/score/{person}", {"score_supervisor": "80"})
    assert (await post_form(client, f"/appraisal/periods/{period_id}/close", {})).status_code == 200
    response = await client.get(f"/appraisal/results.xlsx?department={cast.line_a}")
    sheet = load_workbook(io.BytesIO(response.content)).active
    codes = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(codes) == ["S0001", "W0001"]


async def test_a_worker_s_contest_is_recorded_and_decided_on_the_person_page(client, cast):
    period_id = await _hr_opens_october(client, cast)
    for person in (cast.worker, cast.supervisor_a):
        await post_form(client, f"/appraisal/periods/{period_id}/score/{person}", {"score_supervisor": "80"})
    await post_form(client, f"/appraisal/periods/{period_id}/close", {})
    result = await AppraisalResult.select().where(AppraisalResult.employee == cast.worker).first().run()
    response = await post_form(client, f"/appraisal/results/{result['id']}/contest", {"reason": "漏记产量"})
    assert response.status_code == 200
    row = await AppraisalResult.select().where(AppraisalResult.id == result["id"]).first().run()
    assert (row["status"], row["pay_month"]) == ("contested", "")
    await post_form(client, f"/appraisal/results/{result['id']}/decide", {"grade": "A"})
    row = await AppraisalResult.select().where(AppraisalResult.id == result["id"]).first().run()
    assert (row["status"], row["grade"], row["pay_month"]) == ("revised", "A", "2026-11")
    assert User  # the cast's accounts sign in through the real form


async def test_the_follow_up_of_an_improvement_plan_is_recorded_on_the_person_page(client, cast):
    from app.appraisal.tables import ImprovementPlan

    period_id = await _hr_opens_october(client, cast)
    await post_form(
        client,
        f"/appraisal/periods/{period_id}/score/{cast.worker}",
        {"score_supervisor": "10", "reason_supervisor": "旷工"},
    )
    await post_form(client, f"/appraisal/periods/{period_id}/score/{cast.supervisor_a}", {"score_supervisor": "80"})
    await post_form(client, f"/appraisal/periods/{period_id}/close", {})
    plan = await ImprovementPlan.select().first().run()
    assert plan["employee"] == cast.worker
    assert "改进计划" in (await client.get("/appraisal")).text
    refused = await post_form(client, f"/appraisal/plans/{plan['id']}/follow-up", {"outcome": ""})
    assert refused.status_code == 422
    await post_form(client, f"/appraisal/plans/{plan['id']}/follow-up", {"outcome": "已改善"})
    assert (await ImprovementPlan.select().first().run())["status"] == "done"
    assert (await post_form(client, "/appraisal/plans/999/follow-up", {"outcome": "x"})).status_code == 404


async def test_a_supervisor_sees_only_their_team_on_the_board_and_no_results_pages(client, cast):
    period_id = await _hr_opens_october(client, cast)
    await client.get("/logout")
    await sign_in(client, "sup-b")
    board = await client.get(f"/appraisal/periods/{period_id}")
    assert board.status_code == 200 and "张伟" not in board.text
    assert (await client.get("/appraisal/results")).status_code == 403
    assert (await client.get(f"/appraisal/people/{cast.worker}")).status_code == 403


async def test_the_head_reviews_the_provisional_distribution_before_closing(client, cast):
    period_id = await _hr_opens_october(client, cast)
    await post_form(client, f"/appraisal/periods/{period_id}/score/{cast.worker}", {"score_supervisor": "80"})
    page = await client.get(f"/appraisal/periods/{period_id}")
    assert "预估分布" in page.text and 'id="distribution"' in page.text
    # the worker is graded (no pieces or days: only the 80 counts, B), the unscored supervisor not yet
    assert "<div>B<strong>1</strong>100%" in page.text.replace("\n", "")
