"""Office staff's pages: "My appraisal" for any signed-in user linked to an employee (their goals and
self-assessment, the peers' requests sent to them, their results), and the manager's team pages of a period (the
team's goals, the manager's scores, the peers chosen). Another person's goals are never reachable by changing an
id: every handler checks whose they are."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.params import FromPath
from litestar.response import Response, Template

from app.appraisal import periods, results, schemes, sheet, views
from app.appraisal.office import rules, service
from app.appraisal.results_routes import pdf_response
from app.appraisal.rules import EXTREME_HIGH, EXTREME_LOW
from app.appraisal.tables import AppraisalResult
from app.auth.guards import UserDep, requires
from app.auth.service import CurrentUser
from app.errors import Refused
from app.i18n import N_
from app.timeutil import local_today
from app.web import ActorDep, ZoneDep, after_post, form_data

NOT_LINKED = N_("Your account is not linked to an employee record: ask HR to link it.")
NOT_YOURS = N_("You are not this person's manager.")
NOT_IN = N_("You are not in this appraisal period.")


def linked(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """Any signed-in user whose account is linked to an employee (office staff hold no HR or team role)."""
    user: CurrentUser | None = connection.scope.get("user")
    if user is None:
        raise NotAuthorizedException(N_("Please sign in."))
    if user.employee_id is None:
        raise PermissionDeniedException(NOT_LINKED)


def _values(goals: list[service.GoalRow], ratings: list[service.Rating]) -> dict[str, str]:
    values = {}
    for n, g in enumerate(goals, 1):
        values |= {f"title_{n}": g.title, f"weight_{n}": str(g.weight)}
        values |= {f"self_{n}": "" if g.self_percent is None else str(g.self_percent)}
    own = next((r for r in ratings if r.kind == "self"), None)
    if own:
        values |= {"self_rating": str(own.rating or ""), "self_rating_comment": own.comment}
    return values


async def _mine(user: CurrentUser, values: dict | None = None, error: str = "", status_code: int = 200) -> Template:
    me = user.employee_id
    sections = []
    for p in await service.office_periods(me):
        goals = await service.goals(p.id, me)
        ratings = [r for r in await service.ratings(p.id, me) if r.kind != "peer"]  # peers' ratings stay theirs
        form = values if values is not None and values.get("period") == str(p.id) else _values(goals, ratings)
        locked = any(g.manager_percent is not None for g in goals)
        sections.append((p, goals, ratings, form, locked))
    return Template(
        "appraisal/mine.html",
        status_code=status_code,
        context={
            "sections": sections,
            "requests": await service.requests_for(me),
            "results": await results.results(AppraisalResult.employee == me),
            "status_labels": views.STATUS_LABELS,
            "most_goals": rules.MOST_GOALS,
            "error": error,
            "values": values or {},
        },
    )


class MineController(Controller):
    path = "/appraisal/mine"
    guards = [linked]

    @get("/")
    async def mine(self, user: UserDep) -> Template:
        return await _mine(user)

    @post("/periods/{period_id:int}/goals")
    async def goals(self, request: Request, user: UserDep, actor: ActorDep, period_id: FromPath[int]) -> Response:
        values = {**await form_data(request), "period": str(period_id)}
        try:
            if period_id not in {p.id for p in await service.office_periods(user.employee_id)}:
                raise Refused(NOT_IN, status=404)
            await service.save_own(period_id, user.employee_id, values, actor)
        except Refused as refused:
            if refused.status == 404:
                raise
            return await _mine(user, values, refused.text, 422)
        return after_post(request, "/appraisal/mine")

    @get("/results/{result_id:int}/sheet.pdf")
    async def sheet(self, user: UserDep, result_id: FromPath[int]) -> Response:
        """The person's own result sheet; another person's result is "no such result" (404)."""
        found = await sheet.sheet_of(result_id)
        if found.result.employee_id != user.employee_id:
            raise Refused(results.NO_RESULT, status=404)
        return pdf_response(found)

    @post("/requests/{request_id:int}")
    async def answer(self, request: Request, user: UserDep, actor: ActorDep, request_id: FromPath[int]) -> Response:
        values = {**await form_data(request), "request": str(request_id)}
        try:
            await service.answer(request_id, user.employee_id, values, actor)
        except Refused as refused:
            if refused.status == 404:
                raise
            return await _mine(user, values, refused.text, 422)
        return after_post(request, "/appraisal/mine")


async def _manages(user: CurrentUser, found: periods.Period, employee_id: int) -> bool:
    """HR, or the person's supervisor or department head (their team, as the tablet scoring decides); never
    oneself, and only people the period appraises."""
    if employee_id == user.employee_id:
        return False
    s = await schemes.scheme(found.scheme_id, found.first_day)
    rows = [r for r in await views.board(found, s) if r.person.id == employee_id]
    return bool(await views.scorable(user, rows))


class TeamController(Controller):
    path = "/appraisal/periods/{period_id:int}/team"
    guards = [requires("hr", "dept_head", "supervisor")]

    @get("/")
    async def team(self, user: UserDep, zone: ZoneDep, period_id: FromPath[int]) -> Template:
        found = await periods.period(period_id)
        s = await schemes.scheme(found.scheme_id, local_today(zone))
        rows = [r for r in await views.scorable(user, await views.board(found, s)) if r.person.id != user.employee_id]
        progress = {r.person.id: await service.goals(period_id, r.person.id) for r in rows}
        return Template(
            "appraisal/team.html",
            context={"period": found, "scheme": s, "rows": rows, "goals": progress},
        )

    async def _person(
        self, user: CurrentUser, period_id: int, employee_id: int, values=None, error="", status_code=200
    ) -> Template:
        found = await periods.period(period_id)
        if not await _manages(user, found, employee_id):
            raise Refused(NOT_YOURS, status=404)
        goals = await service.goals(period_id, employee_id)
        ratings = await service.ratings(period_id, employee_id)
        if values is None:
            values = {f"manager_{g.id}": str(g.manager_percent) for g in goals if g.manager_percent is not None}
            values |= {f"reason_{g.id}": g.manager_reason for g in goals}
            given = next((r for r in ratings if r.kind == "manager"), None)
            if given:
                values |= {"manager_rating": str(given.rating), "manager_rating_comment": given.comment}
            values["peers"] = " ".join(await service.peer_codes(period_id, employee_id))
        return Template(
            "appraisal/team_person.html",
            status_code=status_code,
            context={
                "period": found,
                "person": await service.person(employee_id),
                "goals": goals,
                "ratings": ratings,
                "values": values,
                "error": error,
                "extreme_low": EXTREME_LOW,
                "extreme_high": EXTREME_HIGH,
                "open": found.status == "open",
            },
        )

    @get("/{employee_id:int}")
    async def person(self, user: UserDep, period_id: FromPath[int], employee_id: FromPath[int]) -> Template:
        return await self._person(user, period_id, employee_id)

    @post("/{employee_id:int}")
    async def score(
        self, request: Request, user: UserDep, actor: ActorDep, period_id: FromPath[int], employee_id: FromPath[int]
    ) -> Response:
        return await self._save(request, user, actor, period_id, employee_id, peers=False)

    @post("/{employee_id:int}/peers")
    async def peers(
        self, request: Request, user: UserDep, actor: ActorDep, period_id: FromPath[int], employee_id: FromPath[int]
    ) -> Response:
        return await self._save(request, user, actor, period_id, employee_id, peers=True)

    async def _save(self, request, user, actor, period_id: int, employee_id: int, peers: bool) -> Response:
        values = await form_data(request)
        if not await _manages(user, await periods.period(period_id), employee_id):
            raise Refused(NOT_YOURS, status=404)
        try:
            if peers:
                await service.set_peers(period_id, employee_id, values.get("peers", ""), actor)
            else:
                await service.save_manager(period_id, employee_id, values, user.employee_id, actor)
        except Refused as refused:
            return await self._person(user, period_id, employee_id, values, refused.text, 422)
        return after_post(request, f"/appraisal/periods/{period_id}/team/{employee_id}")
