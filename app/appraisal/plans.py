"""Improvement plans: a result in the scheme's lowest grade opens one when the period closes, with a follow-up
date; HR or the department head records the outcome at the follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.appraisal.tables import AppraisalResult, ImprovementPlan
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_

FOLLOW_UP_DAYS = 30  # the follow-up a month after the close
NO_PLAN = N_("No such open improvement plan.")


async def open_plans(period_id: int, lowest_grade: str, today: date) -> int:
    """Inside the close's transaction: a plan for every result of the period in the lowest grade."""
    rows = (
        await AppraisalResult.select(AppraisalResult.id, AppraisalResult.employee)
        .where((AppraisalResult.period == period_id) & (AppraisalResult.grade == lowest_grade))
        .run()
    )
    for row in rows:
        await ImprovementPlan.insert(
            ImprovementPlan(
                result=row["id"],
                employee=row["employee"],
                opened_on=today,
                follow_up_on=today + timedelta(days=FOLLOW_UP_DAYS),
            )
        ).run()
    return len(rows)


@dataclass(frozen=True)
class Plan:
    id: int
    employee_id: int
    code: str
    name: str
    grade: str
    opened_on: date
    follow_up_on: date
    status: str
    outcome: str
    overdue: bool


async def plans(today: date, employee_id: int | None = None, only_open: bool = False) -> list[Plan]:
    p = ImprovementPlan
    query = p.select(p.all_columns(), p.employee.employee_code, p.employee.name, p.result.grade)
    if employee_id is not None:
        query = query.where(p.employee == employee_id)
    if only_open:
        query = query.where(p.status == "open")
    return [
        Plan(
            row["id"],
            row["employee"],
            row["employee.employee_code"],
            row["employee.name"],
            row["result.grade"],
            row["opened_on"],
            row["follow_up_on"],
            row["status"],
            row["outcome"],
            row["status"] == "open" and row["follow_up_on"] < today,
        )
        for row in await query.order_by(p.follow_up_on).run()
    ]


async def employee_of(plan_id: int) -> int:
    row = await ImprovementPlan.select(ImprovementPlan.employee).where(ImprovementPlan.id == plan_id).first().run()
    if row is None:
        raise Refused(NO_PLAN, status=404)
    return row["employee"]


async def follow_up(plan_id: int, outcome: str, actor: audit.Actor) -> int:
    """Record the follow-up's outcome and close the plan; the employee's id."""
    outcome = outcome.strip()[:500]
    if not outcome:
        raise Refused(N_("Write down the outcome of the follow-up."), field="outcome")
    async with write_transaction():
        row = await ImprovementPlan.select().where(ImprovementPlan.id == plan_id).first().run()
        if row is None or row["status"] != "open":
            raise Refused(NO_PLAN, status=404)
        await (
            ImprovementPlan.update(
                {
                    ImprovementPlan.status: "done",
                    ImprovementPlan.outcome: outcome,
                    ImprovementPlan.closed_by: actor.name,
                }
            )
            .where(ImprovementPlan.id == plan_id)
            .run()
        )
        await audit.record(actor, "improvement_plan.follow_up", "improvement_plan", plan_id, after={"outcome": outcome})
    return row["employee"]
