"""Punch corrections: a supervisor asks for their own team (on a tablet or in the office), HR approves or rejects."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.attendance import rules
from app.attendance.corrections import service as corrections
from app.attendance.schedule.forms import parse_correction
from app.auth.guards import HR, UserDep, requires
from app.errors import Refused
from app.people.team import team
from app.timeutil import utcnow
from app.web import ZoneDep, after_post, form_data, render

SUPERVISOR_OR_HR = requires("hr", "supervisor")


class CorrectionController(Controller):
    path = "/attendance/corrections"
    guards = [SUPERVISOR_OR_HR]

    async def _page(self, request: Request, values: dict, errors: dict, status: str = "") -> Template:
        user = request.scope["user"]
        context = {
            "corrections": await corrections.list_corrections(user, status),
            "team": await team(user),
            "values": values,
            "errors": errors,
            "status": status,
            "is_hr": user.has_any("hr"),
        }
        return render(
            request,
            "attendance/corrections.html",
            "attendance/_correction_form.html",
            "correction-form",
            status_code=422 if errors else 200,
            **context,
        )

    @get("/")
    async def index(
        self, request: Request, status: FromQuery[str] = "", employee: FromQuery[str] = "", date: FromQuery[str] = ""
    ) -> Template:
        """Prefilled from an exception's link: ?employee=ID&date=YYYY-MM-DD."""
        values = {"employee_id": employee, "date": date, "direction": "out"}
        return await self._page(request, values, {}, status if status in ("pending", "approved", "rejected") else "")

    @post("/")
    async def create(self, request: Request, user: UserDep, zone: ZoneDep) -> Response:
        values = await form_data(request)
        try:
            data = parse_correction(values, rules.to_plant_local(utcnow(), zone))
        except Refused as refused:
            return await self._page(request, values, refused.errors)
        try:
            await corrections.request_correction(user, data, zone)
        except corrections.CorrectionRefused as refused:
            raise PermissionDeniedException(refused.message) from refused
        return after_post(request, "/attendance/corrections")

    @post("/{correction_id:int}/approve", guards=[HR])
    async def approve(self, request: Request, correction_id: FromPath[int]) -> Response:
        return await self._decide(request, correction_id, True)

    @post("/{correction_id:int}/reject", guards=[HR])
    async def reject(self, request: Request, correction_id: FromPath[int]) -> Response:
        return await self._decide(request, correction_id, False)

    async def _decide(self, request: Request, correction_id: int, approve: bool) -> Response:
        note = (await form_data(request)).get("note", "")
        try:
            await corrections.decide(
                request.scope["user"], correction_id, approve, request.app.state.settings.zone, note
            )
        except corrections.CorrectionRefused as refused:
            raise PermissionDeniedException(refused.message) from refused
        return after_post(request, "/attendance/corrections?status=pending")
