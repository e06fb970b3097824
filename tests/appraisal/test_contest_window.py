"""The days to contest a result are the plant's setting: HR sets them on the appraisal page (bad input refused in
Chinese, nothing saved), and the contest rule counts them in plant-local days from the close."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.appraisal import periods, results, rules
from app.appraisal.tables import AppraisalPeriod, AppraisalResult
from app.audit.service import SYSTEM
from app.errors import Refused
from app.people.tables import PlantSetting
from app.timeutil import utcnow
from tests.appraisal.factories import line_a_scheme, worked_days
from tests.attendance.factories import PLANT
from tests.cast import post_form, sign_in
from tests.conftest import TEST_NOW

CLOSED = TEST_NOW.date() - timedelta(days=22)  # any close day: the rule counts from it
YEAR_END = date(TEST_NOW.year, 12, 28)  # a close just before New Year: the window runs on into January


@pytest.mark.parametrize(
    ("closed_on", "after", "days", "open_"),
    [
        (CLOSED, 0, 7, True),  # the day it closed
        (CLOSED, 7, 7, True),  # the seventh day after: the last
        (CLOSED, 8, 7, False),
        (CLOSED, 1, 1, True),
        (CLOSED, 2, 1, False),
        (YEAR_END, 14, 14, True),  # across the year
        (YEAR_END, 15, 14, False),
    ],
)
def test_a_result_may_be_contested_through_the_plant_s_last_day(closed_on, after, days, open_):
    assert rules.contest_open(closed_on, closed_on + timedelta(days=after), days) is open_


async def _closed_result(cast) -> int:
    scheme_id = await line_a_scheme(cast)
    await worked_days(cast.worker, date(2026, 10, 1), 20)
    period_id = await periods.open_period(scheme_id, "2026-10", PLANT, SYSTEM)
    await periods.fill(period_id, PLANT, SYSTEM)
    for person in (cast.worker, cast.supervisor_a):
        await periods.enter_scores(period_id, person, {"score_supervisor": "80"}, PLANT, SYSTEM)
    await results.close(period_id, PLANT, SYSTEM)
    four_days_ago = utcnow() - timedelta(days=4)
    await (
        AppraisalPeriod.update({AppraisalPeriod.closed_at: four_days_ago}).where(AppraisalPeriod.id == period_id).run()
    )
    return (await AppraisalResult.select().where(AppraisalResult.employee == cast.worker).first().run())["id"]


async def test_hr_sets_the_days_and_a_contest_after_them_is_refused(client, cast):
    result_id = await _closed_result(cast)
    await sign_in(client, "hr")
    page = await client.get("/appraisal")
    assert 'name="contest_days"' in page.text and 'value="7"' in page.text  # the default until HR sets one
    assert (await post_form(client, "/appraisal/settings", {"contest_days": "3"})).status_code == 200
    assert await results.contest_days() == 3
    with pytest.raises(Refused) as refused:  # closed four days ago, three days to contest
        await results.contest(result_id, "产量少算了", PLANT, SYSTEM)
    assert refused.value.message == "The days to contest this result have passed."
    assert (await AppraisalResult.select().where(AppraisalResult.id == result_id).first().run())["status"] == "final"
    await post_form(client, "/appraisal/settings", {"contest_days": "5"})
    await results.contest(result_id, "产量少算了", PLANT, SYSTEM)
    assert (await AppraisalResult.select().where(AppraisalResult.id == result_id).first().run())[
        "status"
    ] == "contested"


@pytest.mark.parametrize("typed", ["", "0", "61", "-3", "2.5", "七", "²", "99999999999999999999"])
async def test_bad_days_are_refused_in_chinese_and_nothing_is_saved(client, cast, typed):
    await sign_in(client, "hr")
    response = await post_form(client, "/appraisal/settings", {"contest_days": typed})
    assert response.status_code == 422
    assert '<p class="alert" role="alert">请输入 1 到 60 之间的整数。</p>' in response.text
    assert await PlantSetting.count().where(PlantSetting.key == results.CONTEST_DAYS_KEY).run() == 0
    assert await results.contest_days() == rules.DEFAULT_CONTEST_DAYS


async def test_only_hr_sets_the_days(client, cast):
    await sign_in(client, "sup-a")
    assert (await post_form(client, "/appraisal/settings", {"contest_days": "30"})).status_code == 403
    assert await results.contest_days() == rules.DEFAULT_CONTEST_DAYS
