"""Planned output per line, day and shift (entered or imported) and the demand derived from it (HR, heads)."""

from __future__ import annotations

from datetime import date, timedelta

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery
from litestar.response import Response, Template

from app.attendance.schedule.roster import all_shifts
from app.auth.guards import HR_OR_DEPT_HEAD, UserDep
from app.auth.service import CurrentUser
from app.errors import Refused
from app.forms import date_field, int_field, parse_date, parse_int
from app.planning import output, service
from app.timeutil import local_today
from app.web import ActorDep, ZoneDep, after_post, render


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _line_of(values: dict) -> int:
    line = str(values.get("line", ""))
    return parse_int(line) or 0


class PlannedOutputController(Controller):
    path = "/planning/output"
    guards = [HR_OR_DEPT_HEAD]

    async def _page(
        self, request: Request, user: CurrentUser, line: int, week: date, errors: dict, values: dict
    ) -> Template:
        lines = await service.lines_for(user)
        line = line if line in {item.id for item in lines} else (lines[0].id if lines else 0)
        return render(
            request,
            "planning/output.html",
            lines=lines,
            line=line,
            week=week,
            previous=week - timedelta(days=7),
            following=week + timedelta(days=7),
            days=[week + timedelta(days=n) for n in range(7)],
            orders=await output.open_orders(line),
            rows=await output.week_output(line, week),
            derived=await output.derive(line, week),
            shifts={s.id: s for s in (await all_shifts()).values()},
            errors=errors,
            values=values,
            status_code=422 if errors else 200,
        )

    @get("/")
    async def show(
        self, request: Request, user: UserDep, zone: ZoneDep, line: FromQuery[int] = 0, week: FromQuery[str] = ""
    ) -> Template:
        monday = _monday(parse_date(week) or local_today(zone))
        return await self._page(request, user, line, monday, {}, {})

    @post("/")
    async def save(self, request: Request, user: UserDep, zone: ZoneDep, actor: ActorDep) -> Response:
        form = await request.form()
        values = {key: str(value).strip() for key, value in form.items() if not isinstance(value, UploadFile)}
        line = _line_of(values)
        week = _monday(parse_date(values.get("week")) or local_today(zone))
        upload = form.get("file")
        try:
            await service.check_lines(user, [line])
            if isinstance(upload, UploadFile) and upload.filename:
                await output.import_output(line, upload.filename, await upload.read(), actor)
            else:
                order = int_field(values.get("work_order"), "work_order", 1)
                shift = int_field(values.get("shift"), "shift", 1)
                day = date_field(values.get("day"), "day")
                quantity = int_field(values.get("quantity"), "quantity", 0, output.MAX_PIECES)
                await output.save_output(line, order, shift, day, quantity, actor)
        except Refused as refused:
            return await self._page(request, user, line, week, refused.errors, values)
        return after_post(request, f"/planning/output?line={line}&week={week}")

    @post("/derive")
    async def derive(self, request: Request, user: UserDep, zone: ZoneDep, actor: ActorDep) -> Response:
        form = await request.form()
        values = {key: str(value).strip() for key, value in form.items() if not isinstance(value, UploadFile)}
        line = _line_of(values)
        week = _monday(parse_date(values.get("week")) or local_today(zone))
        await service.check_lines(user, [line])
        await output.apply(line, week, actor)
        return after_post(request, f"/planning/demand?line={line}&week={week}")
