"""Appraisal results feed the probation assessment: the probationer's results over the probation (and the latest)
with grade and score on the assessment page, linking to the result; training reaches them through a hook."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.appraisal import feeds, periods, results
from app.appraisal.tables import AppraisalResult
from app.audit.service import SYSTEM
from app.training import hooks
from tests.appraisal.factories import TODAY, line_a_scheme, worked_days
from tests.attendance.factories import PLANT
from tests.cast import make_employee, sign_in


@pytest.fixture
async def probationer(cast):
    """Hired on 4 September on a three-month probation (it ends in December), in line A under its supervisor."""
    return await make_employee(
        "W0400",
        "吴新",
        cast.line_a,
        status="probation",
        hire_date=TODAY - timedelta(days=82),
        supervisor=cast.supervisor_a,
    )


async def _closed_period(scheme_id: int, month: str, scores: dict[int, str]) -> int:
    period_id = await periods.open_period(scheme_id, month, PLANT, SYSTEM)
    await periods.fill(period_id, PLANT, SYSTEM)
    for person, value in scores.items():
        await periods.enter_scores(period_id, person, {"score_supervisor": value}, PLANT, SYSTEM)
    await results.close(period_id, PLANT, SYSTEM)
    return period_id


async def _results_of(employee: int) -> list[dict]:
    return await AppraisalResult.select().where(AppraisalResult.employee == employee).order_by(AppraisalResult.id).run()


async def test_the_assessment_page_shows_the_probation_s_appraisal_with_grade_score_and_a_link(
    client, cast, probationer
):
    scheme_id = await line_a_scheme(cast)
    await worked_days(probationer, TODAY.replace(month=10, day=1), 20)
    await _closed_period(scheme_id, "2026-10", {cast.worker: "80", cast.supervisor_a: "80", probationer: "90"})
    (row,) = await _results_of(probationer)
    await sign_in(client, "hr")
    page = await client.get(f"/training/probation/{probationer}")
    assert page.status_code == 200
    table = page.text.split('id="assessment-appraisals"')[1].split("</table>")[0]
    # no pieces: output and quality left out; (10×100 lateness + 20×90) ÷ 30 = 93.3 → A
    assert "93.3" in table
    assert "<strong>A</strong>" in table
    link = f"/appraisal/people/{probationer}#result-{row['id']}"
    assert link in table
    history = await client.get(link.split("#")[0])
    assert history.status_code == 200 and f'id="result-{row["id"]}"' in history.text


async def test_the_supervisor_sees_the_grade_and_is_sent_to_the_period_s_board(client, cast, probationer):
    scheme_id = await line_a_scheme(cast)
    period_id = await _closed_period(
        scheme_id, "2026-10", {cast.worker: "80", cast.supervisor_a: "80", probationer: "70"}
    )
    await sign_in(client, "sup-a")
    page = (await client.get(f"/training/probation/{probationer}")).text
    table = page.split('id="assessment-appraisals"')[1].split("</table>")[0]
    assert "<strong>" in table and f'href="/appraisal/periods/{period_id}"' in table
    assert (await client.get(f"/appraisal/periods/{period_id}")).status_code == 200


async def test_a_probationer_without_results_has_none_shown(client, cast, probationer):
    await sign_in(client, "hr")
    page = (await client.get(f"/training/probation/{probationer}")).text
    assert "尚无考核结果" in page


async def test_the_latest_result_is_shown_even_after_the_probation_and_others_only_over_it(cast, probationer):
    scheme_id = await line_a_scheme(cast)
    everyone = {cast.worker: "80", cast.supervisor_a: "80", probationer: "80"}
    october = await _closed_period(scheme_id, "2026-10", everyone)
    january = await _closed_period(scheme_id, f"{TODAY.year + 1}-01", everyone)
    hired = TODAY - timedelta(days=82)
    lines = await hooks.appraisal_results(probationer, hired, hired + timedelta(days=90))  # through app.wiring
    assert [(line.period_id, line.in_probation) for line in lines] == [(january, False), (october, True)]
    assert [line.period_id for line in await feeds.for_probation(probationer, TODAY, TODAY)] == [january]
