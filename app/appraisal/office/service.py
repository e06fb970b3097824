"""Office staff's goals and feedback in a period: the person writes their goals and scores them and themselves,
answers the peers' requests they were sent; their manager scores the goals and the person and chooses the peers.
Who may do what is the routes' check (app.appraisal.office.routes); here: what is saved, refused or audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from app.appraisal.office import rules
from app.appraisal.office.scores import refresh
from app.appraisal.periods import CLOSED, Period, people, period, periods
from app.appraisal.schemes import scheme
from app.appraisal.tables import AppraisalGoal, AppraisalRating
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import int_field
from app.i18n import N_
from app.people.tables import Employee
from app.timeutil import utcnow

LOCKED = N_("Your manager has scored your goals: they can no longer be changed.")
NO_REQUEST = N_("No such feedback request.")


@dataclass(frozen=True)
class GoalRow:
    id: int
    title: str
    weight: int
    self_percent: int | None
    manager_percent: int | None
    manager_reason: str


@dataclass(frozen=True)
class Rating:
    id: int
    kind: str
    rater: str  # the rater's name ("" for the manager when HR without an employee record rated)
    rating: int | None
    comment: str
    rated_at: datetime | None


async def open_period(period_id: int) -> Period:
    found = await period(period_id)
    if found.status != "open":
        raise Refused(CLOSED)
    return found


async def goals(period_id: int, employee_id: int) -> list[GoalRow]:
    rows = (
        await AppraisalGoal.select()
        .where((AppraisalGoal.period == period_id) & (AppraisalGoal.employee == employee_id))
        .order_by(AppraisalGoal.position)
        .run()
    )
    return [
        GoalRow(r["id"], r["title"], r["weight"], r["self_percent"], r["manager_percent"], r["manager_reason"])
        for r in rows
    ]


async def ratings(period_id: int, employee_id: int) -> list[Rating]:
    rows = (
        await AppraisalRating.select(AppraisalRating.all_columns(), AppraisalRating.rater.name)
        .where((AppraisalRating.period == period_id) & (AppraisalRating.employee == employee_id))
        .order_by(AppraisalRating.id)
        .run()
    )
    return [Rating(r["id"], r["kind"], r["rater.name"] or "", r["rating"], r["comment"], r["rated_at"]) for r in rows]


def _rating(values: dict[str, str], name: str, required: bool) -> tuple[int | None, str]:
    """A 1–5 rating and its comment from the form; a 1 or a 5 needs the comment."""
    text, comment = values.get(name, "").strip(), values.get(f"{name}_comment", "").strip()
    if not text and not required:
        return None, comment[:200]
    rating = int_field(text, name, rules.LOWEST_RATING, rules.HIGHEST_RATING)
    if len(comment) > 200:
        raise Refused(N_("A comment takes at most 200 characters."), field=f"{name}_comment")
    if rules.rating_needs_reason(rating) and not comment:
        raise Refused(N_("A rating of 1 or 5 needs a comment."), field=f"{name}_comment")
    return rating, comment


def parse_goals(values: dict[str, str]) -> list[rules.Goal]:
    """The person's form: up to five rows title_n, weight_n, self_n (n from 1); a row without a title is unused."""
    found = []
    for n in range(1, rules.MOST_GOALS + 1):
        title = values.get(f"title_{n}", "").strip()
        if not title:
            continue
        if len(title) > 200:
            raise Refused(N_("A goal's title takes at most 200 characters."), field=f"title_{n}")
        weight = int_field(values.get(f"weight_{n}"), f"weight_{n}", 1, 100)
        own = values.get(f"self_{n}", "").strip()
        found.append(rules.Goal(title, weight, int_field(own, f"self_{n}", 0, 100) if own else None))
    problems = rules.goal_problems(found)
    if problems:
        raise Refused(problems[0], field="goals")
    return found


async def _refresh(found: Period, employee_id: int) -> None:
    s = await scheme(found.scheme_id, found.first_day)
    if s is not None:
        await refresh(found.id, s.indicators, [employee_id])


async def _replace_rating(period_id: int, employee_id: int, kind: str, rater: int | None, rating, comment, actor):
    where = (
        (AppraisalRating.period == period_id)
        & (AppraisalRating.employee == employee_id)
        & (AppraisalRating.kind == kind)
    )
    await AppraisalRating.delete().where(where).run()
    if rating is not None:
        await AppraisalRating.insert(
            AppraisalRating(
                period=period_id,
                employee=employee_id,
                kind=kind,
                rater=rater,
                rating=rating,
                comment=comment,
                rated_by=actor.name,
                rated_at=utcnow(),
            )
        ).run()


async def save_own(period_id: int, employee_id: int, values: dict[str, str], actor: audit.Actor) -> None:
    """The person's goals (with their own percent achieved) and their 1–5 self-assessment; refused, nothing
    saved, once the manager has scored a goal."""
    found = await open_period(period_id)
    new = parse_goals(values)
    rating, comment = _rating(values, "self_rating", required=False)
    async with write_transaction():
        before = await goals(period_id, employee_id)
        if any(g.manager_percent is not None for g in before):
            raise Refused(LOCKED)
        await (
            AppraisalGoal.delete()
            .where((AppraisalGoal.period == period_id) & (AppraisalGoal.employee == employee_id))
            .run()
        )
        now = utcnow()
        await AppraisalGoal.insert(
            *[
                AppraisalGoal(
                    period=period_id,
                    employee=employee_id,
                    position=n,
                    title=g.title,
                    weight=g.weight,
                    self_percent=g.self_percent,
                    updated_at=now,
                )
                for n, g in enumerate(new, 1)
            ]
        ).run()
        await _replace_rating(period_id, employee_id, "self", employee_id, rating, comment, actor)
        await _refresh(found, employee_id)
        after = {"goals": [(g.title, g.weight, g.self_percent) for g in new], "self_rating": rating}
        await audit.record(actor, "appraisal_goals.save", "appraisal_period", period_id, after=after)


async def save_manager(
    period_id: int, employee_id: int, values: dict[str, str], rater: int | None, actor: audit.Actor
) -> None:
    """The manager's percent achieved per goal (manager_<goal id>, reason_<goal id>; a reason at the extremes)
    and their 1–5 rating of the person (required, with a comment for a 1 or a 5)."""
    found = await open_period(period_id)
    mine = await goals(period_id, employee_id)
    if not mine:
        raise Refused(N_("This person has not written their goals yet."))
    scored = []
    for goal in mine:
        percent = int_field(values.get(f"manager_{goal.id}"), f"manager_{goal.id}", 0, 100)
        reason = values.get(f"reason_{goal.id}", "").strip()
        if len(reason) > 200:
            raise Refused(N_("A comment takes at most 200 characters."), field=f"reason_{goal.id}")
        if rules.percent_needs_reason(percent) and not reason:
            raise Refused(N_("A score below 60 or above 95 needs a reason."), field=f"reason_{goal.id}")
        scored.append((goal.id, percent, reason))
    rating, comment = _rating(values, "manager_rating", required=True)
    async with write_transaction():
        for goal_id, percent, reason in scored:
            await (
                AppraisalGoal.update(
                    {
                        AppraisalGoal.manager_percent: percent,
                        AppraisalGoal.manager_reason: reason,
                        AppraisalGoal.scored_by: actor.name,
                        AppraisalGoal.updated_at: utcnow(),
                    }
                )
                .where((AppraisalGoal.id == goal_id) & (AppraisalGoal.employee == employee_id))
                .run()
            )
        await _replace_rating(period_id, employee_id, "manager", rater, rating, comment, actor)
        await _refresh(found, employee_id)
        after = {"employee": employee_id, "goals": {g: p for g, p, _ in scored}, "manager_rating": rating}
        await audit.record(actor, "appraisal_goals.manager_score", "appraisal_period", period_id, after=after)


async def set_peers(period_id: int, employee_id: int, text: str, actor: audit.Actor) -> None:
    """The peers asked to rate the person (1 to 5 employee codes); answers already given are kept."""
    found = await open_period(period_id)
    codes = tuple(dict.fromkeys(c for c in re.split(r"[\s,，、;；]+", text) if c))
    if not 1 <= len(codes) <= rules.MOST_PEERS:
        raise Refused(N_("Enter the employee codes of 1 to 5 peers."), field="peers")
    rows = Employee.select(Employee.id, Employee.employee_code).where(Employee.employee_code.is_in(list(codes)))
    ids = {r["employee_code"]: r["id"] for r in await rows.run()}
    unknown = [c for c in codes if c not in ids]
    if unknown:
        raise Refused(N_("No employee has the code %(code)s."), field="peers", code=unknown[0])
    if employee_id in ids.values():
        raise Refused(N_("A person cannot be their own peer."), field="peers")
    async with write_transaction():
        kept = AppraisalRating.select(AppraisalRating.rater).where(
            (AppraisalRating.period == period_id)
            & (AppraisalRating.employee == employee_id)
            & (AppraisalRating.kind == "peer")
        )
        have = {r["rater"] for r in await kept.run()}
        await (
            AppraisalRating.delete()
            .where(
                (AppraisalRating.period == period_id)
                & (AppraisalRating.employee == employee_id)
                & (AppraisalRating.kind == "peer")
                & AppraisalRating.rater.not_in(list(ids.values()))
            )
            .run()
        )
        new = [i for i in ids.values() if i not in have]
        if new:
            await AppraisalRating.insert(
                *[
                    AppraisalRating(
                        period=period_id, employee=employee_id, kind="peer", rater=i, requested_by=actor.name
                    )
                    for i in new
                ]
            ).run()
        await _refresh(found, employee_id)
        await audit.record(
            actor, "appraisal_peers.set", "appraisal_period", period_id, after={"employee": employee_id, "peers": codes}
        )


@dataclass(frozen=True)
class Request:
    id: int
    period_id: int
    employee_id: int
    name: str
    rating: int | None
    comment: str


async def requests_for(peer_id: int) -> list[Request]:
    """The peers' requests this person was sent in open periods, answered or not."""
    r = AppraisalRating
    rows = (
        await r.select(r.id, r.period, r.employee, r.employee.name, r.rating, r.comment)
        .where((r.rater == peer_id) & (r.kind == "peer") & (r.period.status == "open"))
        .order_by(r.id)
        .run()
    )
    return [Request(x["id"], x["period"], x["employee"], x["employee.name"], x["rating"], x["comment"]) for x in rows]


async def answer(request_id: int, peer_id: int, values: dict[str, str], actor: audit.Actor) -> None:
    """A peer's 1–5 rating and comment; 404 for a request that is not theirs (another id in the address)."""
    row = await AppraisalRating.select().where(AppraisalRating.id == request_id).first().run()
    if row is None or row["kind"] != "peer" or row["rater"] != peer_id:
        raise Refused(NO_REQUEST, status=404)
    found = await open_period(row["period"])
    rating, comment = _rating(values, "rating", required=True)
    async with write_transaction():
        await (
            AppraisalRating.update(
                {
                    AppraisalRating.rating: rating,
                    AppraisalRating.comment: comment,
                    AppraisalRating.rated_by: actor.name,
                    AppraisalRating.rated_at: utcnow(),
                }
            )
            .where(AppraisalRating.id == request_id)
            .run()
        )
        await _refresh(found, row["employee"])
        await audit.record(actor, "appraisal_peers.answer", "appraisal_rating", request_id, after={"rating": rating})


async def office_periods(employee_id: int) -> list[Period]:
    """The open periods whose scheme holds goals or ratings and whose department this person is in."""
    found = []
    for p in await periods():
        if p.status != "open":
            continue
        s = await scheme(p.scheme_id, p.first_day)
        if s and s.office and employee_id in {x.id for x in await people(s, p.first_day, p.last_day)}:
            found.append(p)
    return found


async def peer_codes(period_id: int, employee_id: int) -> list[str]:
    r = AppraisalRating
    rows = r.select(r.rater.employee_code).where(
        (r.period == period_id) & (r.employee == employee_id) & (r.kind == "peer")
    )
    return [x["rater.employee_code"] for x in await rows.order_by(r.id).run() if x["rater.employee_code"]]


async def person(employee_id: int) -> dict:
    row = Employee.select(Employee.id, Employee.employee_code, Employee.name).where(Employee.id == employee_id)
    return await row.first().run() or {"id": employee_id, "employee_code": "", "name": ""}
