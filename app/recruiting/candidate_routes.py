"""HR's candidate pages: the talent pool search, adding a candidate, a person's history and pool record, the offer."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.audit.service import Actor
from app.auth.guards import HR, UserDep
from app.db.tx import read_together
from app.errors import Refused
from app.forms import parse_int
from app.i18n import N_
from app.recruiting import candidates, pipeline, pool
from app.recruiting.hooks import hooks
from app.recruiting.requisition_routes import labels
from app.timeutil import local_today
from app.web import ActorDep, SettingsDep, ZoneDep, after_post, form_data, render, writes_on_read


class CandidateController(Controller):
    path = "/recruiting/candidates"
    guards = [HR]

    @get("/", opt=writes_on_read("retention"))
    async def index(
        self,
        request: Request,
        zone: ZoneDep,
        actor: ActorDep,
        q: FromQuery[str] = "",
        tag: FromQuery[str] = "",
        source: FromQuery[str] = "",
    ) -> Template:
        return await self._index(request, zone, actor, pool.Query.parse(q, tag, source), {})

    async def _index(self, request: Request, zone: ZoneInfo, actor: Actor, query: pool.Query, errors: dict) -> Template:
        await pool.purge_daily(local_today(zone), actor)
        async with read_together():  # the setting and the search on one connection (SQLite opens one per query)
            retention, results = await candidates.retention_months(), await pool.search(query)
        context = {
            "retention_months": retention,
            "errors": errors,
            "results": results,
            "query": query,
            "tags": candidates.TAGS,
            "tag_labels": candidates.TAG_LABELS,
            "sources": candidates.SOURCES,
            **labels(),
        }
        status = 422 if errors else 200
        return render(request, "recruiting/candidates.html", "recruiting/_pool.html", "pool", status, **context)

    @post("/retention")
    async def retention(self, request: Request, zone: ZoneDep, actor: ActorDep) -> Response:
        try:
            await candidates.save_retention((await form_data(request)).get("retention_months", ""), actor)
        except Refused as refused:
            return await self._index(request, zone, actor, pool.Query(), {refused.field: refused.message})
        return after_post(request, "/recruiting/candidates")

    async def _form(self, request: Request, values: dict, errors: dict, status_code: int = 200) -> Template:
        context = {
            "values": values,
            "errors": errors,
            "sources": candidates.SOURCES,
            "requisitions": await candidates.open_requisitions(),
            **labels(),
        }
        return Template("recruiting/candidate_form.html", context=context, status_code=status_code)

    @get("/new")
    async def new(self, request: Request, requisition: FromQuery[str] = "") -> Template:
        return await self._form(request, {"source": "walk_in", "consent": "1", "requisition_id": requisition}, {})

    @post("/")
    async def create(
        self,
        request: Request,
        settings: SettingsDep,
        zone: ZoneDep,
        actor: ActorDep,
    ) -> Response:
        values = await form_data(request)
        today = local_today(zone)
        requisition = parse_int(values.get("requisition_id"))
        try:
            data = candidates.parse(values)
            added = await pipeline.add_and_attach(data, requisition, today, settings.secret_key, actor)
        except Refused as refused:
            return await self._form(request, values, {refused.field or "": refused.message}, 422)
        found = "?found_again=1" if added.found_again else ""
        return after_post(request, f"/recruiting/candidates/{added.candidate_id}{found}")

    async def _page(self, request: Request, candidate_id: int, errors: dict, status_code: int = 200) -> Template:
        candidate = await candidates.get(candidate_id)
        if candidate is None:
            raise NotFoundException(N_("No such candidate."))
        context = {
            "candidate": candidate,
            **await candidates.history(candidate_id),
            "requisitions": await candidates.open_requisitions(),
            "tags": candidates.TAGS,
            "tag_labels": candidates.TAG_LABELS,
            "exit_labels": candidates.EXIT_LABELS,
            "errors": errors,
            "found_again": request.query_params.get("found_again") == "1",
            **labels(),
        }
        return Template("recruiting/candidate.html", context=context, status_code=status_code)

    @get("/{candidate_id:int}")
    async def show(self, request: Request, candidate_id: FromPath[int]) -> Template:
        return await self._page(request, candidate_id, {})

    @post("/{candidate_id:int}/pool")
    async def save_pool(
        self, request: Request, user: UserDep, candidate_id: FromPath[int], actor: ActorDep
    ) -> Response:
        try:
            await candidates.set_pool(candidate_id, await form_data(request), user, actor)
        except Refused as refused:
            return await self._page(request, candidate_id, {refused.field or "": refused.message}, refused.status)
        return after_post(request, f"/recruiting/candidates/{candidate_id}")

    @post("/{candidate_id:int}/attach")
    async def attach(
        self,
        request: Request,
        candidate_id: FromPath[int],
        zone: ZoneDep,
        actor: ActorDep,
    ) -> Response:
        """One step from the talent pool to a new requisition's board."""
        values = await form_data(request)
        requisition = parse_int(values.get("requisition_id"))
        try:
            if requisition is None:
                raise Refused(N_("Choose a requisition from the list."), field="requisition_id")
            await pipeline.attach(candidate_id, requisition, actor, local_today(zone))
        except Refused as refused:
            return await self._page(request, candidate_id, {refused.field or "": refused.message}, refused.status)
        return after_post(request, f"/recruiting/requisitions/{requisition}")


class OfferController(Controller):
    """An offer is onboarding's invite form, filled from the application: the candidate's data is not typed twice."""

    path = "/recruiting/applications"
    guards = [HR]

    async def _form(self, request: Request, application_id: int, values: dict, errors: dict, status_code: int = 200):
        found = await pipeline.offer_defaults(application_id)
        context = {
            "values": {
                **values,
                "candidate": found["name"],
                "department_id": str(found["department_id"]),
                "position_id": str(found["position_id"] or values.get("position_id", "")),
            },
            "errors": errors,
            "form_action": f"/recruiting/applications/{application_id}/offer",
            "cancel_href": "/recruiting",
            **await hooks().invite_choices(),
        }
        return Template("onboarding/invite_form.html", context=context, status_code=status_code)

    @get("/{application_id:int}/offer")
    async def new(self, request: Request, application_id: FromPath[int], zone: ZoneDep) -> Template:
        found = await pipeline.offer_defaults(application_id)
        today = local_today(zone)
        start = max(found["needed_by"], today) if found["needed_by"] else today
        values = {
            "start_date": start.isoformat(),
            "skill_grade": "1",
            "term_kind": "fixed",
            "term_months": "36",
            "probation_months": "6",
            "expires_on": (today + timedelta(days=14)).isoformat(),
        }
        return await self._form(request, application_id, values, {})

    @post("/{application_id:int}/offer")
    async def create(
        self,
        request: Request,
        application_id: FromPath[int],
        zone: ZoneDep,
        actor: ActorDep,
    ) -> Response:
        values = await form_data(request)
        try:
            invite_id = await pipeline.make_offer(application_id, values, local_today(zone), zone, actor)
        except Refused as refused:
            return await self._form(request, application_id, values, refused.errors, 422)
        return after_post(request, f"/onboarding/invites/{invite_id}")
