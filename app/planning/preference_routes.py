"""Workers' stated preferences for the planner (HR for every line, a department head for their lines)."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromQuery
from litestar.response import Response, Template

from app.attendance.schedule.roster import all_shifts
from app.auth.guards import HR_OR_DEPT_HEAD, UserDep
from app.auth.service import CurrentUser
from app.errors import Refused
from app.forms import int_field
from app.planning import preferences, service
from app.web import ActorDep, after_post, render


def _numbers(values: list) -> list[int]:
    return [
        int(str(value)) for value in values if str(value).isascii() and str(value).isdigit() and len(str(value)) < 10
    ]


class PreferenceController(Controller):
    path = "/planning/preferences"
    guards = [HR_OR_DEPT_HEAD]

    async def _page(self, request: Request, user: CurrentUser, line: int, errors: dict) -> Template:
        lines = await service.lines_for(user)
        line = line if line in {item.id for item in lines} else (lines[0].id if lines else 0)
        return render(
            request,
            "planning/preferences.html",
            lines=lines,
            line=line,
            workers=await preferences.for_lines([line]),
            shifts=await all_shifts(),
            errors=errors,
            status_code=422 if errors else 200,
        )

    @get("/")
    async def show(self, request: Request, user: UserDep, line: FromQuery[int] = 0) -> Template:
        return await self._page(request, user, line, {})

    @post("/")
    async def save(self, request: Request, user: UserDep, actor: ActorDep) -> Response:
        form = await request.form()
        line = (_numbers([form.get("line", "")]) or [0])[0]
        try:
            mine = [item.id for item in await service.lines_for(user)]
            employee = int_field(str(form.get("employee", "")), "employee", 1)
            shifts, days_off = _numbers(form.getall("shifts", [])), _numbers(form.getall("days_off", []))
            await preferences.save(mine, employee, shifts, days_off, actor)
        except Refused as refused:
            return await self._page(request, user, line, refused.errors)
        return after_post(request, f"/planning/preferences?line={line}")
