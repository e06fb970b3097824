"""Requisitions and their boards: a department head asks, HR decides, both move candidates through the pipeline."""

from __future__ import annotations

from datetime import timedelta

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.auth.guards import HR, HR_OR_DEPT_HEAD, UserDep
from app.errors import Refused
from app.i18n import N_
from app.recruiting import candidates, pipeline, requisitions, rules
from app.timeutil import local_today
from app.web import ActorDep, ZoneDep, after_post, form_data, render

NOT_YOURS = N_("This requisition belongs to a department you do not head.")


def labels() -> dict:
    return {
        "stage_labels": rules.STAGE_LABELS,
        "priority_labels": rules.PRIORITY_LABELS,
        "dimension_labels": rules.DIMENSION_LABELS,
        "reason_labels": requisitions.REASON_LABELS,
        "source_labels": candidates.SOURCE_LABELS,
        "verdict_labels": pipeline.VERDICT_LABELS,
        "status_labels": STATUS_LABELS,
        "adult_only_kinds": rules.ADULT_ONLY_KINDS,
        "adult_only_labels": rules.ADULT_ONLY_LABELS,
    }


STATUS_LABELS = {
    "pending": N_("Waiting for HR"),
    "open": N_("Open"),
    "refused": N_("Refused"),
    "filled": N_("Filled"),
    "cancelled": N_("Cancelled"),
}


async def _requisition(request: Request, requisition_id: int) -> dict:
    found = await requisitions.get(requisition_id)
    if found is None:
        raise NotFoundException(N_("No such requisition."))
    if not await requisitions.may_ask_for(request.scope["user"], found["department"]):
        raise PermissionDeniedException(NOT_YOURS)
    return found


class RequisitionController(Controller):
    path = "/recruiting"
    guards = [HR_OR_DEPT_HEAD]

    @get("/")
    async def index(self, request: Request, user: UserDep, status: FromQuery[str] = "") -> Template:
        status = status if status in STATUS_LABELS else ""
        context = {
            "requisitions": await requisitions.listing(user, status),
            "headcount": await requisitions.headcount_by_department() if user.has_any("hr") else [],
            "status": status,
            "is_hr": user.has_any("hr"),
            **labels(),
        }
        return render(
            request, "recruiting/requisitions.html", "recruiting/_requisitions.html", "requisitions", **context
        )

    async def _form(self, request: Request, values: dict, errors: dict, status_code: int = 200) -> Template:
        context = {"values": values, "errors": errors, **await requisitions.choices(request.scope["user"]), **labels()}
        context.update(dimensions=rules.DIMENSIONS, priorities=rules.PRIORITIES, reasons=requisitions.REASONS)
        return Template("recruiting/requisition_form.html", context=context, status_code=status_code)

    @get("/requisitions/new")
    async def new(self, request: Request, zone: ZoneDep) -> Template:
        needed = local_today(zone) + timedelta(days=14)
        return await self._form(request, {"headcount": "1", "needed_by": needed.isoformat(), "reason": "new_line"}, {})

    @post("/requisitions")
    async def create(self, request: Request, user: UserDep, zone: ZoneDep, actor: ActorDep) -> Response:
        values = await form_data(request)
        try:
            data = await requisitions.parse(values, local_today(zone))
            requisition_id = await requisitions.create(data, user, actor)
        except Refused as refused:
            return await self._form(request, values, {refused.field or "": refused.message}, 422)
        return after_post(request, f"/recruiting/requisitions/{requisition_id}")

    async def _page(self, request: Request, requisition_id: int, errors: dict, status_code: int = 200) -> Template:
        user = request.scope["user"]
        context = {
            "requisition": await _requisition(request, requisition_id),
            "board": await pipeline.board(requisition_id),
            "stages": rules.BOARD_STAGES,
            "is_hr": user.has_any("hr"),
            "errors": errors,
            **labels(),
        }
        return render(
            request,
            "recruiting/requisition.html",
            "recruiting/_board.html",
            "board",
            status_code=status_code,
            **context,
        )

    @get("/requisitions/{requisition_id:int}")
    async def show(self, request: Request, requisition_id: FromPath[int]) -> Template:
        return await self._page(request, requisition_id, {})

    @post("/requisitions/{requisition_id:int}/decide", guards=[HR])
    async def decide(self, request: Request, requisition_id: FromPath[int], actor: ActorDep) -> Response:
        values = await form_data(request)
        try:
            await requisitions.decide(
                requisition_id, values.get("decision") == "approve", values.get("reason", ""), actor
            )
        except Refused as refused:
            return await self._page(request, requisition_id, {refused.field or "decision": refused.message}, 422)
        return after_post(request, f"/recruiting/requisitions/{requisition_id}")

    @post("/applications/{application_id:int}/move")
    async def move(
        self,
        request: Request,
        application_id: FromPath[int],
        zone: ZoneDep,
        actor: ActorDep,
    ) -> Response:
        values = await form_data(request)
        requisition_id = await pipeline.application_requisition(application_id)
        await _requisition(request, requisition_id)
        try:
            await pipeline.move(
                application_id, values.get("stage", ""), values.get("reason", ""), local_today(zone), actor
            )
        except Refused as refused:
            return await self._page(request, requisition_id, {application_id: refused.message}, 422)
        return after_post(request, f"/recruiting/requisitions/{requisition_id}")

    async def _scorecard(self, request: Request, application_id: int, errors: dict, status_code: int = 200):
        found = await pipeline.offer_defaults(application_id)
        requisition = await _requisition(request, await pipeline.application_requisition(application_id))
        context = {
            "application": found,
            "requisition": requisition,
            "errors": errors,
            "verdicts": pipeline.VERDICTS,
            **labels(),
        }
        return Template("recruiting/scorecard.html", context=context, status_code=status_code)

    @get("/applications/{application_id:int}/score")
    async def scorecard(self, request: Request, application_id: FromPath[int]) -> Template:
        return await self._scorecard(request, application_id, {})

    @post("/applications/{application_id:int}/score")
    async def score(self, request: Request, application_id: FromPath[int], actor: ActorDep) -> Response:
        values = await form_data(request)
        requisition_id = await pipeline.application_requisition(application_id)
        await _requisition(request, requisition_id)
        try:
            await pipeline.score(application_id, values, actor)
        except Refused as refused:
            return await self._scorecard(request, application_id, {refused.field or "": refused.message}, 422)
        return after_post(request, f"/recruiting/requisitions/{requisition_id}")
