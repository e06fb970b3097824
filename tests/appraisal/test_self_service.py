"""The worker sees their appraisal on My page and contests it there: the bonus is held out of pay."""

from __future__ import annotations

from app.appraisal import periods, results
from app.appraisal.tables import AppraisalResult
from app.audit.service import SYSTEM
from app.forms import Month
from tests.appraisal.factories import OCTOBER, line_a_scheme, made_pieces, worked_days
from tests.attendance.factories import PLANT
from tests.cast import post_form
from tests.selfservice.helpers import activate_kiosk, open_my_page, ready_worker


async def _closed_october(cast) -> int:
    scheme_id = await line_a_scheme(cast)
    await worked_days(cast.worker, OCTOBER, 20)
    await made_pieces(cast, cast.worker, OCTOBER, 800)
    period_id = await periods.open_period(scheme_id, "2026-10", PLANT, SYSTEM)
    await periods.fill(period_id, PLANT, SYSTEM)
    for person in (cast.worker, cast.supervisor_a):
        await periods.enter_scores(period_id, person, {"score_supervisor": "80"}, PLANT, SYSTEM)
    await results.close(period_id, PLANT, SYSTEM)
    return (await AppraisalResult.select().where(AppraisalResult.employee == cast.worker).first().run())["id"]


async def test_the_worker_sees_the_result_and_contests_it_on_my_page(client, cast, settings):
    result_id = await _closed_october(cast)
    other = (await AppraisalResult.select().where(AppraisalResult.employee == cast.supervisor_a).first().run())["id"]
    payload = await ready_worker(cast.worker, settings)
    await activate_kiosk(client)
    page = await open_my_page(client, payload)
    assert "我的考核" in page.text and "绩效奖金" in page.text
    assert (await post_form(client, f"/me/appraisal/{other}/contest", {"reason": "x"})).status_code == 404
    refused = await post_form(client, f"/me/appraisal/{result_id}/contest", {"reason": ""})
    assert refused.status_code == 422
    await post_form(client, f"/me/appraisal/{result_id}/contest", {"reason": "产量少算了"})
    row = await AppraisalResult.select().where(AppraisalResult.id == result_id).first().run()
    assert (row["status"], row["contest_reason"]) == ("contested", "产量少算了")
    assert cast.worker not in await results.bonuses_in(Month(2026, 11))


async def test_my_page_says_until_when_the_result_may_be_contested_and_then_that_the_days_passed(
    client, cast, settings
):
    from datetime import timedelta

    from app.appraisal.tables import AppraisalPeriod
    from app.timeutil import utcnow

    result_id = await _closed_october(cast)
    payload = await ready_worker(cast.worker, settings)
    await activate_kiosk(client)
    page = (await open_my_page(client, payload)).text
    assert "可申诉至" in page and f"/me/appraisal/{result_id}/contest" in page  # closed today: 7 days to contest
    eight_days_ago = utcnow() - timedelta(days=8)
    await AppraisalPeriod.update({AppraisalPeriod.closed_at: eight_days_ago}).where(AppraisalPeriod.id > 0).run()
    page = (await client.get("/me")).text
    assert "已过申诉期限" in page and f"/me/appraisal/{result_id}/contest" not in page
