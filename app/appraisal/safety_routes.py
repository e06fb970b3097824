"""Safety incidents: HR records one (the day, the people, the severity, what happened) and sees the latest; the
appraisal's safety indicator links here for one person's incidents."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.appraisal import safety
from app.auth.guards import HR
from app.errors import Refused
from app.timeutil import local_today
from app.web import ActorDep, ZoneDep, after_post, form_data


async def _page(
    zone: ZoneInfo,
    employee: int | None,
    values: dict | None = None,
    error: str = "",
    status_code: int = 200,
    editing: safety.Incident | None = None,
) -> Template:
    today = local_today(zone)
    if editing is not None and values is None:
        values = {
            "occurred_on": editing.occurred_on.isoformat(),
            "severity": editing.severity.value,
            "summary": editing.summary,
            "people": " ".join(code for _, code, _ in editing.people),
        }
    return Template(
        "appraisal/safety.html",
        status_code=status_code,
        context={
            "incidents": await safety.incidents(employee),
            "employee": employee,
            "severities": safety.SEVERITY_LABELS,
            "values": values or {"occurred_on": today.isoformat(), "severity": "minor"},
            "today": today,
            "error": error,
            "editing": editing,
        },
    )


class SafetyController(Controller):
    path = "/appraisal/safety"
    guards = [HR]

    @get("/")
    async def index(self, zone: ZoneDep, employee: FromQuery[int | None] = None) -> Template:
        return await _page(zone, employee if employee is not None and 0 < employee < 2**31 else None)

    @post("/")
    async def record(self, request: Request, zone: ZoneDep, actor: ActorDep) -> Response:
        values = await form_data(request)
        try:
            await safety.record(safety.parse_incident(values, local_today(zone)), actor)
        except Refused as refused:
            return await _page(zone, None, values, refused.text, 422)
        return after_post(request, "/appraisal/safety")

    @get("/{incident_id:int}")
    async def edit(self, zone: ZoneDep, incident_id: FromPath[int]) -> Template:
        return await _page(zone, None, editing=await safety.incident(incident_id))

    @post("/{incident_id:int}")
    async def update(self, request: Request, zone: ZoneDep, actor: ActorDep, incident_id: FromPath[int]) -> Response:
        values = await form_data(request)
        editing = await safety.incident(incident_id)
        try:
            await safety.update(incident_id, safety.parse_incident(values, local_today(zone)), actor)
        except Refused as refused:
            return await _page(zone, None, values, refused.text, 422, editing)
        return after_post(request, "/appraisal/safety")

    @post("/{incident_id:int}/delete")
    async def delete(self, request: Request, zone: ZoneDep, actor: ActorDep, incident_id: FromPath[int]) -> Response:
        editing = await safety.incident(incident_id)
        try:
            await safety.delete(incident_id, actor)
        except Refused as refused:
            return await _page(zone, None, None, refused.text, 422, editing)
        return after_post(request, "/appraisal/safety")
