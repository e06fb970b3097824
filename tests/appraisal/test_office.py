"""Office staff (issue 24, point 4): OKR goals and self, manager and peer ratings turn into the scheme's indicator
scores (table-driven), and the pages: the person writes and self-scores their goals on "My appraisal", their
manager scores them, a peer answers, the close grades them; nobody reaches another person's goals by an id."""

from __future__ import annotations

from fractions import Fraction

import pytest

from app.appraisal import periods, results
from app.appraisal.office.rules import (
    Feedback,
    Goal,
    figures,
    goal_problems,
    goals_score,
    percent_needs_reason,
    rating_needs_reason,
    rating_score,
)
from app.appraisal.rules import Source
from app.appraisal.tables import AppraisalGoal, AppraisalPeriod, AppraisalRating, AppraisalResult, AppraisalScheme
from app.audit.service import SYSTEM
from app.audit.tables import AuditLog as AuditEntry
from tests.appraisal.factories import OCTOBER, scheme_form
from tests.attendance.factories import PLANT
from tests.cast import make_employee, make_user, post_form, sign_in

OFFICE = {
    "weight_output": "0",
    "weight_quality": "0",
    "weight_lateness": "0",
    "weight_supervisor": "0",
    "weight_goals": "60",
    "weight_manager": "20",
    "weight_peer": "10",
    "weight_self": "10",
}


@pytest.mark.parametrize(
    ("goals", "expected"),
    [
        ([Goal("a", 100, 90, 80)], Fraction(80)),
        ([Goal("a", 70, None, 80), Goal("b", 30, 50, 90)], Fraction(83)),  # Σ weight × manager's percent
        ([Goal("a", 50, 100, 0), Goal("b", 50, 100, 0)], Fraction(0)),  # the person's own percent never counts
        ([Goal("a", 33, None, 100), Goal("b", 67, None, 1)], Fraction(3367, 100)),  # exact, no rounding
        ([Goal("a", 70, 100, 80), Goal("b", 30, 100, None)], None),  # the manager has not scored every goal
        ([Goal("a", 60, None, 80)], None),  # weights not totalling 100: missing, not a silent score
        ([], None),
    ],
)
def test_the_goals_score_is_the_weighted_percent_the_manager_gave(goals, expected):
    assert goals_score(goals) == expected


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [([5], 100), ([3], 60), ([1], 20), ([4, 5], 90), ([2, 3, 3], Fraction(160, 3)), ([], None)],
)
def test_a_rating_scores_its_mean_times_20(ratings, expected):
    assert rating_score(ratings) == expected


@pytest.mark.parametrize(
    ("goals", "problem"),
    [
        ([], "Write 1 to 5 goals."),
        ([Goal("a", 20)] * 6, "Write 1 to 5 goals."),
        ([Goal(" ", 100)], "Every goal needs a title."),
        ([Goal("a", 0), Goal("b", 100)], "Every weight must be above 0."),
        ([Goal("a", 50), Goal("b", 40)], "The goals' weights must total 100."),
        ([Goal("a", 100, 101)], "A goal is achieved from 0 to 100%."),
    ],
)
def test_goals_that_cannot_be_saved_say_why(goals, problem):
    assert problem in goal_problems(goals)


def test_the_office_figures_show_and_score_each_source():
    shown = figures(Feedback((Goal("a", 100, 70, 85),), (3,), (4,), (5, 4)))
    assert {s: (f.value, f.text) for s, f in shown.items()} == {
        Source.GOALS: (Fraction(85), "85.0%"),
        Source.SELF: (Fraction(60), "3.0/5"),
        Source.MANAGER: (Fraction(80), "4.0/5"),
        Source.PEER: (Fraction(90), "4.5/5 ×2"),
    }
    empty = figures(Feedback())
    assert all(f.value is None and f.text == "" for f in empty.values())


@pytest.mark.parametrize(
    ("rating", "percent", "needs"),
    [(1, 59, True), (2, 60, False), (4, 95, False), (5, 96, True)],
)
def test_extremes_need_a_reason_as_on_the_tablet(rating, percent, needs):
    assert rating_needs_reason(rating) is needs and percent_needs_reason(percent) is needs


def test_an_office_scheme_needs_no_target_and_its_scores_are_taken_as_they_are():
    from app.appraisal import rules

    office = tuple(
        rules.Indicator(code, code, source, weight)
        for code, source, weight in (("goals", Source.GOALS, 60), ("manager", Source.MANAGER, 20))
        + (("peer", Source.PEER, 10), ("self", Source.SELF, 10))
    )
    assert rules.validate_scheme(office, (rules.Band("A", 0, 100),)) == []
    assert rules.score(office[0], Fraction(83)) == 83 and rules.score(office[0], None) is None
    total = rules.weighted_total(office, {"goals": Fraction(83), "manager": Fraction(80)}, rules.Missing.REWEIGHT)
    assert (total.score, total.missing) == (Fraction(60 * 83 + 20 * 80, 80), ("peer", "self"))  # never silently 0


async def _office_period(client, cast) -> int:
    await sign_in(client, "hr")
    response = await post_form(client, "/appraisal/schemes", scheme_form(cast.line_a, **OFFICE))
    assert response.status_code == 200, response.text
    scheme = await AppraisalScheme.select().first().run()
    await post_form(client, f"/appraisal/schemes/{scheme['id']}/periods", {"month": f"{OCTOBER:%Y-%m}"})
    period = (await AppraisalPeriod.select().first().run())["id"]
    assert (await post_form(client, f"/appraisal/periods/{period}/fill", {})).status_code == 200
    await post_form(client, "/logout", {})
    return period


async def test_self_score_then_manager_score_then_peer_answer_grade_the_person(client, cast):
    colleague = await make_employee("W0002", "刘芳", cast.line_a, gender="F")
    await make_user("zhangwei", "staff", cast.worker)
    await make_user("liufang", "staff", colleague)
    period = await _office_period(client, cast)

    await sign_in(client, "zhangwei")
    home = await client.get("/")
    assert home.status_code == 200 and "我的考核" in home.text  # office staff land on their own appraisal
    goals = {"title_1": "月结提前到 3 日", "weight_1": "70", "self_1": "90", "title_2": "报表自动化", "weight_2": "30"}
    bad = await post_form(client, f"/appraisal/mine/periods/{period}/goals", {**goals, "weight_2": "20"})
    assert bad.status_code == 422 and "目标的权重合计必须为 100" in bad.text
    assert await AppraisalGoal.count().run() == 0
    extreme = await post_form(client, f"/appraisal/mine/periods/{period}/goals", {**goals, "self_rating": "5"})
    assert extreme.status_code == 422 and "评 1 分或 5 分需要写评语" in extreme.text
    saved = await post_form(client, f"/appraisal/mine/periods/{period}/goals", {**goals, "self_rating": "3"})
    assert saved.status_code == 200 and "月结提前到 3 日" in saved.text
    await post_form(client, "/logout", {})

    await sign_in(client, "sup-a")
    board = (await client.get(f"/appraisal/periods/{period}")).text
    assert f"/appraisal/periods/{period}/team" in board and f"/appraisal/periods/{period}/score" not in board
    team = await client.get(f"/appraisal/periods/{period}/team")
    assert team.status_code == 200 and "张伟" in team.text
    rows = await AppraisalGoal.select().order_by(AppraisalGoal.position).run()
    scores = {f"manager_{rows[0]['id']}": "80", f"manager_{rows[1]['id']}": "100", "manager_rating": "4"}
    no_reason = await post_form(client, f"/appraisal/periods/{period}/team/{cast.worker}", scores)
    assert no_reason.status_code == 422 and "低于60分或高于95分须填写理由" in no_reason.text
    scores |= {f"manager_{rows[1]['id']}": "90"}
    assert (await post_form(client, f"/appraisal/periods/{period}/team/{cast.worker}", scores)).status_code == 200
    peers = await post_form(client, f"/appraisal/periods/{period}/team/{cast.worker}/peers", {"peers": "W0002"})
    assert peers.status_code == 200
    await post_form(client, "/logout", {})

    await sign_in(client, "liufang")
    request = await AppraisalRating.select().where(AppraisalRating.kind == "peer").first().run()
    page = await client.get("/appraisal/mine")
    assert f"/appraisal/mine/requests/{request['id']}" in page.text and "张伟" in page.text
    answer = await post_form(
        client, f"/appraisal/mine/requests/{request['id']}", {"rating": "5", "rating_comment": "帮我很多"}
    )
    assert answer.status_code == 200
    await post_form(client, "/logout", {})

    await results.close(period, PLANT, SYSTEM)
    result = await AppraisalResult.select().where(AppraisalResult.employee == cast.worker).first().run()
    # goals 0.7×80 + 0.3×90 = 83 (60%), manager 4 → 80 (20%), peer 5 → 100 (10%), self 3 → 60 (10%): 81.8
    assert (result["total_milli"], result["grade"], result["bonus_fen"]) == (81_800, "B", 500_00)
    actions = {row["action"] for row in await AuditEntry.select(AuditEntry.action).run()}
    assert {"appraisal_goals.save", "appraisal_goals.manager_score", "appraisal_peers.set"} <= actions
    assert "appraisal_peers.answer" in actions


async def test_nobody_reaches_another_persons_goals_by_changing_an_id(client, cast):
    colleague = await make_employee("W0002", "刘芳", cast.line_a, gender="F")
    await make_user("zhangwei", "staff", cast.worker)
    await make_user("outsider", "staff", cast.supervisor_b)  # line B: not in line A's period
    period = await _office_period(client, cast)
    goals = {"title_1": "降本", "weight_1": "100"}
    peer = AppraisalRating(period=period, employee=colleague, kind="peer", rater=cast.supervisor_a)
    await peer.save().run()

    await sign_in(client, "outsider")
    assert (await client.get("/appraisal/mine")).status_code == 200
    assert (await post_form(client, f"/appraisal/mine/periods/{period}/goals", goals)).status_code == 404
    assert (await post_form(client, f"/appraisal/mine/requests/{peer.id}", {"rating": "3"})).status_code == 404
    assert (await client.get(f"/appraisal/periods/{period}/team/{cast.worker}")).status_code == 403
    await post_form(client, "/logout", {})

    await sign_in(client, "zhangwei")
    assert (await post_form(client, f"/appraisal/mine/periods/{period}/goals", goals)).status_code == 200
    assert (await post_form(client, f"/appraisal/mine/periods/{period + 1}/goals", goals)).status_code == 404
    assert (await client.get(f"/appraisal/periods/{period}/team")).status_code == 403
    await post_form(client, "/logout", {})

    await sign_in(client, "sup-b")  # line B's supervisor: not W0001's manager
    assert (await client.get(f"/appraisal/periods/{period}/team/{cast.worker}")).status_code == 404
    goal = await AppraisalGoal.select().first().run()
    refused = await post_form(
        client,
        f"/appraisal/periods/{period}/team/{cast.worker}",
        {f"manager_{goal['id']}": "80", "manager_rating": "3"},
    )
    assert refused.status_code == 404
    assert (await AppraisalGoal.select().first().run())["manager_percent"] is None
    assert await AppraisalRating.count().where(AppraisalRating.kind == "manager").run() == 0


async def test_goals_are_locked_once_the_manager_scored_them(client, cast):
    await make_user("zhangwei", "staff", cast.worker)
    period = await _office_period(client, cast)
    await sign_in(client, "zhangwei")
    await post_form(client, f"/appraisal/mine/periods/{period}/goals", {"title_1": "降本", "weight_1": "100"})
    await AppraisalGoal.update({AppraisalGoal.manager_percent: 80}).where(AppraisalGoal.id > 0).run()
    refused = await post_form(client, f"/appraisal/mine/periods/{period}/goals", {"title_1": "改了", "weight_1": "100"})
    assert refused.status_code == 422 and "不能再修改" in refused.text
    assert (await AppraisalGoal.select().first().run())["title"] == "降本"


async def test_my_appraisal_in_the_menu_for_a_linked_account_only(client, cast):
    await make_user("zhangwei", "staff", cast.worker)
    await make_user("unlinked", "staff")
    await sign_in(client, "zhangwei")
    page = await client.get("/appraisal/mine")
    assert page.status_code == 200 and 'href="/appraisal/mine"' in page.text
    assert (await client.get("/appraisal")).status_code == 403
    await post_form(client, "/logout", {})
    await sign_in(client, "unlinked")
    assert (await client.get("/appraisal/mine")).status_code == 403
    await post_form(client, "/logout", {})
    await sign_in(client, "sup-a")  # a supervisor is appraised too: linked, so the entry shows
    assert 'href="/appraisal/mine"' in (await client.get("/appraisal")).text
    await post_form(client, "/logout", {})
    await sign_in(client, "hr")  # HR's account is linked to nobody: no entry
    assert 'href="/appraisal/mine"' not in (await client.get("/appraisal")).text


async def test_the_period_fills_the_office_indicators_as_missing_until_scored(cast):
    from app.appraisal import schemes
    from tests.appraisal.factories import TODAY

    scheme_id = await schemes.save_scheme(schemes.parse_scheme(scheme_form(cast.line_a, **OFFICE)), None, TODAY, SYSTEM)
    period = await periods.open_period(scheme_id, f"{OCTOBER:%Y-%m}", PLANT, SYSTEM)
    assert await periods.fill(period, PLANT, SYSTEM) == 2 * 4  # two people × four office indicators
    given = await periods.scores(period)
    assert {row["score_milli"] for row in given[cast.worker].values()} == {None}
