"""Writing the office indicators' score rows from the goals and ratings (app.appraisal.office.rules), so the
board, the close, the bonus and the results read them like any other indicator. Called when a period is filled,
when it closes, and after each save of goals or ratings (for that person)."""

from __future__ import annotations

from app.appraisal import rules
from app.appraisal.office.rules import Feedback, Goal, figures
from app.appraisal.tables import AppraisalGoal, AppraisalRating, AppraisalScore
from app.timeutil import utcnow


async def feedback(period_id: int, employee_ids: list[int]) -> dict[int, Feedback]:
    """employee -> their goals and the ratings answered so far in the period."""
    goals: dict[int, list[Goal]] = {}
    rows = (
        await AppraisalGoal.select()
        .where((AppraisalGoal.period == period_id) & AppraisalGoal.employee.is_in(employee_ids or [0]))
        .order_by(AppraisalGoal.position)
        .run()
    )
    for r in rows:
        goals.setdefault(r["employee"], []).append(
            Goal(r["title"], r["weight"], r["self_percent"], r["manager_percent"])
        )
    ratings: dict[tuple[int, str], list[int]] = {}
    rows = (
        await AppraisalRating.select(AppraisalRating.employee, AppraisalRating.kind, AppraisalRating.rating)
        .where(
            (AppraisalRating.period == period_id)
            & AppraisalRating.employee.is_in(employee_ids or [0])
            & AppraisalRating.rating.is_not_null()
        )
        .run()
    )
    for r in rows:
        ratings.setdefault((r["employee"], r["kind"]), []).append(r["rating"])
    return {
        e: Feedback(
            tuple(goals.get(e, ())),
            tuple(ratings.get((e, "self"), ())),
            tuple(ratings.get((e, "manager"), ())),
            tuple(ratings.get((e, "peer"), ())),
        )
        for e in employee_ids
    }


async def refresh(period_id: int, indicators: tuple[rules.Indicator, ...], employee_ids: list[int]) -> int:
    """Replace the office indicators' rows of these people (inside the caller's write transaction); rows written."""
    office = [i for i in indicators if i.source in rules.OFFICE]
    if not office or not employee_ids:
        return 0
    found = await feedback(period_id, employee_ids)
    await (
        AppraisalScore.delete()
        .where(
            (AppraisalScore.period == period_id)
            & AppraisalScore.employee.is_in(employee_ids)
            & AppraisalScore.indicator.is_in([i.code for i in office])
        )
        .run()
    )
    now, rows = utcnow(), []
    for employee in employee_ids:
        shown = figures(found[employee])
        for indicator in office:
            figure = shown[indicator.source]
            score = rules.score(indicator, figure.value)
            rows.append(
                AppraisalScore(
                    period=period_id,
                    employee=employee,
                    indicator=indicator.code,
                    value_text=figure.text[:80],
                    score_milli=None if score is None else int(score * 1000),
                    ref=f"/appraisal/periods/{period_id}/team/{employee}",
                    scored_by="floorhr",
                    scored_at=now,
                )
            )
    await AppraisalScore.insert(*rows).run()
    return len(rows)
