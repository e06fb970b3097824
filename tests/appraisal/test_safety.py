"""Safety incidents as a computed indicator: HR records an incident (bad input refused in Chinese, nothing saved),
and the safety indicator scores a period by the incidents in it, by severity, as the scheme says."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from app.appraisal import periods, rules, schemes
from app.appraisal.rules import Indicator, Severity, Source
from app.appraisal.tables import SafetyIncident, SafetyIncidentPerson
from app.audit.service import SYSTEM
from tests.appraisal.factories import TODAY, line_a_scheme, scheme_form, worked_days
from tests.attendance.factories import PLANT
from tests.cast import post_form, sign_in

M, S, X = Severity.MINOR, Severity.SERIOUS, Severity.MAJOR


@pytest.mark.parametrize(
    ("target", "penalty", "incidents", "expected"),
    [
        (0, 20, [], 100),  # none: full marks
        (0, 20, [M], 80),  # each unit over the target: the scheme's points off
        (0, 20, [M, M], 60),
        (0, 20, [S], 40),  # a serious one counts 3
        (0, 20, [M, S], 20),
        (0, 20, [X], 0),  # a major one counts 10: every point at 20 a unit
        (0, 5, [X], 50),  # ... but the scheme says how many points a unit takes
        (0, 20, [S, S], 0),  # never below 0
        (1, 20, [M], 100),  # the scheme allows one minor incident at full marks
        (1, 20, [S], 60),
    ],
)
def test_the_safety_indicator_scores_a_period_by_its_incidents(target, penalty, incidents, expected):
    indicator = Indicator("safety", "safety", Source.SAFETY, 10, target, penalty)
    assert rules.score(indicator, Fraction(rules.safety_units(incidents))) == expected


def test_a_scheme_with_the_safety_indicator_needs_no_target():
    indicator = Indicator("safety", "safety", Source.SAFETY, 100, 0, 20)
    assert rules.validate_scheme((indicator,), (rules.Band("A", 0, 100),)) == []


def _incident(**more) -> dict[str, str]:
    return {"occurred_on": "2026-10-14", "people": "W0001", "severity": "serious", "summary": "冲床夹伤左手", **more}


async def test_hr_records_an_incident_and_sees_it_listed(client, cast):
    await sign_in(client, "hr")
    response = await post_form(client, "/appraisal/safety", _incident(people="W0001，S0001"))
    assert response.status_code == 200
    incident = await SafetyIncident.select().first().run()
    assert (incident["occurred_on"], incident["severity"], incident["recorded_by"]) == (
        date(2026, 10, 14),
        "serious",
        "hr",
    )
    people = {r["employee"] for r in await SafetyIncidentPerson.select().run()}
    assert people == {cast.worker, cast.supervisor_a}
    page = (await client.get(f"/appraisal/safety?employee={cast.worker}")).text
    assert "冲床夹伤左手" in page and "张伟" in page


@pytest.mark.parametrize(
    ("changed", "message"),
    [
        ({"occurred_on": "2026-13-40"}, "请按 年-月-日(YYYY-MM-DD)输入日期"),
        ({"occurred_on": str(date(TODAY.year + 1, 1, 1))}, "不能在事故发生之前登记"),
        ({"people": ""}, "请输入涉及的 1 到 20 名员工的工号"),
        ({"people": "W0001 W9999"}, "没有工号为 W9999 的员工"),
        ({"severity": "fatal"}, "请选择严重程度"),
        ({"summary": "  "}, "请说明发生了什么"),
        ({"summary": "长" * 201}, "请说明发生了什么"),
    ],
)
async def test_a_bad_incident_is_refused_in_chinese_and_nothing_is_saved(client, cast, changed, message):
    await sign_in(client, "hr")
    response = await post_form(client, "/appraisal/safety", _incident(**changed))
    assert response.status_code == 422
    assert message in response.text
    assert await SafetyIncident.count().run() == 0 and await SafetyIncidentPerson.count().run() == 0


async def test_only_hr_records_incidents(client, cast):
    await sign_in(client, "sup-a")
    assert (await post_form(client, "/appraisal/safety", _incident())).status_code == 403
    assert await SafetyIncident.count().run() == 0


async def test_the_period_s_safety_figure_counts_only_its_own_incidents(client, cast):
    scheme_id = await line_a_scheme(
        cast, weight_lateness="0", weight_safety="10", target_safety="0", penalty_safety="20"
    )
    await worked_days(cast.worker, date(2026, 10, 1), 20)
    await sign_in(client, "hr")
    await post_form(client, "/appraisal/safety", _incident(occurred_on="2026-10-14", severity="minor"))
    await post_form(client, "/appraisal/safety", _incident(occurred_on="2026-10-30", severity="serious"))
    await post_form(client, "/appraisal/safety", _incident(occurred_on="2026-11-02", severity="major"))  # November
    period_id = await periods.open_period(scheme_id, "2026-10", PLANT, SYSTEM)
    await periods.fill(period_id, PLANT, SYSTEM)
    given = await periods.scores(period_id)
    mine = given[cast.worker]["safety"]
    assert (mine["score_milli"], mine["value_text"]) == (20_000, "2 (4)")  # 1 + 3 units, 20 points each
    assert mine["ref"] == f"/appraisal/safety?employee={cast.worker}"
    assert given[cast.supervisor_a]["safety"]["score_milli"] == 100_000  # no incident: full marks, not missing
    board = await client.get(f"/appraisal/periods/{period_id}")
    assert f"/appraisal/safety?employee={cast.worker}" in board.text


async def test_hr_weighs_safety_on_the_scheme_form_with_points_off_per_incident(client, cast):
    await sign_in(client, "hr")
    page = (await client.get("/appraisal/schemes/new")).text
    assert 'name="weight_safety"' in page and 'name="penalty_safety"' in page and "安全事故" in page
    form = {"weight_lateness": "0", "weight_safety": "10", "target_safety": "0", "penalty_safety": "15"}
    assert (await post_form(client, "/appraisal/schemes", scheme_form(cast.line_a, **form))).status_code == 200
    (saved,) = await schemes.all_schemes(TODAY)
    assert [(i.code, i.weight, i.penalty) for i in saved.indicators if i.code == "safety"] == [("safety", 10, 15)]
