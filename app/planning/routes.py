"""The roster planner's pages: demand grid, a run, the roster with gaps, hand edits, publication (HR, heads)."""

from __future__ import annotations

import json
import secrets
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.attendance.schedule.roster import all_shifts
from app.auth.guards import HR_OR_DEPT_HEAD, UserDep
from app.auth.service import CurrentUser
from app.errors import Refused
from app.forms import date_field, int_field, parse_date, parse_int
from app.i18n import N_
from app.planning import inputs, progress, service, view
from app.planning.tables import PlanRun
from app.timeutil import to_local, utcnow
from app.web import ActorDep, ZoneDep, after_post, form_data, render

PROGRESS_WAIT = 10  # polls (a second each) for a run to start before the page stops asking


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


class PlanningController(Controller):
    path = "/planning"
    guards = [HR_OR_DEPT_HEAD]

    async def _index(self, request: Request, user: CurrentUser, zone: ZoneInfo, values: dict, errors: dict) -> Template:
        lines = await service.lines_for(user)
        runs = await PlanRun.select().order_by(PlanRun.id, ascending=False).limit(10).run()
        mine = {line.id for line in lines}
        runs = [
            run
            for run in runs
            if set(json.loads(run["lines"]) if isinstance(run["lines"], str) else run["lines"]) <= mine
        ]
        if not progress.valid(values.get("progress", "")):
            values["progress"] = secrets.token_urlsafe(12)
        return render(
            request,
            "planning/index.html",
            "planning/_plan_form.html",
            "plan-form",
            lines=lines,
            runs=runs,
            values=values,
            errors=errors,
            status_code=422 if errors else 200,
        )

    @get("/")
    async def index(self, request: Request, user: UserDep, zone: ZoneDep) -> Template:
        monday = _monday(to_local(utcnow(), zone).date()) + timedelta(days=7)
        values = {"first": monday.isoformat(), "last": (monday + timedelta(days=6)).isoformat(), "seconds": "10"}
        return await self._index(request, user, zone, values, {})

    @post("/run")
    async def run(self, request: Request, user: UserDep, zone: ZoneDep, actor: ActorDep) -> Response:
        form = await request.form()
        values = {key: str(form.get(key, "")).strip() for key in ("first", "last", "seconds", "progress")}
        values["lines"] = [str(v) for v in form.getall("lines", [])]
        try:
            line_ids = await service.check_lines(
                user, [n for v in form.getall("lines", []) if (n := parse_int(str(v))) is not None]
            )
            first, last = date_field(values["first"], "first"), date_field(values["last"], "last")
            seconds = int_field(values["seconds"], "seconds", service.MIN_SECONDS, service.MAX_SECONDS)
            run_id = await service.run_planner(line_ids, first, last, seconds, zone, actor, values["progress"])
        except Refused as refused:
            return await self._index(request, user, zone, values, refused.errors)
        return after_post(request, f"/planning/runs/{run_id}")

    @get("/progress")
    async def live(self, request: Request, token: FromQuery[str] = "", n: FromQuery[str] = "0") -> Template:
        """The running solve's figures, polled by the planner page every second while it plans."""
        tries = int(n) if n.isascii() and n.isdigit() and len(n) < 4 else 99
        return render(
            request,
            "planning/_progress.html",
            live=progress.get(token),
            token=token if progress.valid(token) else "",
            tries=tries,
            max_tries=PROGRESS_WAIT,
        )

    async def _demand_page(self, request: Request, user, line: int, week: date, errors: dict) -> Template:
        lines = await service.lines_for(user)
        line = line if line in {item.id for item in lines} else (lines[0].id if lines else 0)
        ops = await inputs.operations()
        return render(
            request,
            "planning/demand.html",
            lines=lines,
            line=line,
            week=week,
            previous=week - timedelta(days=7),
            following=week + timedelta(days=7),
            days=[week + timedelta(days=n) for n in range(7)],
            grid=await service.demand_week(line, week),
            shifts={s.id: s.name for s in (await all_shifts()).values()},
            operations={code: op["name"] for code, op in ops.items()},
            errors=errors,
            status_code=422 if errors else 200,
        )

    @get("/demand")
    async def demand(
        self, request: Request, user: UserDep, zone: ZoneDep, line: FromQuery[int] = 0, week: FromQuery[str] = ""
    ) -> Template:
        monday = _monday(parse_date(week) or to_local(utcnow(), zone).date())
        return await self._demand_page(request, user, line, monday, {})

    @post("/demand")
    async def save_demand(self, request: Request, user: UserDep) -> Response:
        values = await form_data(request)
        line = parse_int(values.get("line")) or 0
        week = _monday(parse_date(values.get("week")) or date.today())
        try:
            await service.check_lines(user, [line])
            shift = int_field(values.get("shift"), "shift", 1)
            operation = values.get("operation", "")
            if operation not in await inputs.operations():
                raise Refused(N_("Choose an operation from the list."), "operation")
            counts = [int_field(values.get(f"d{n}") or "0", f"d{n}", 0, 999) for n in range(7)]
            await service.save_demand(line, shift, operation, [(week + timedelta(days=n), counts[n]) for n in range(7)])
        except Refused as refused:
            return await self._demand_page(request, user, line, week, refused.errors)
        return after_post(request, f"/planning/demand?line={line}&week={week}")

    @post("/demand/copy")
    async def copy_week(self, request: Request, user: UserDep) -> Response:
        values = await form_data(request)
        line = parse_int(values.get("line")) or 0
        week = _monday(date_field(values.get("week"), "week"))
        await service.check_lines(user, [line])
        await service.copy_last_week(line, week)
        return after_post(request, f"/planning/demand?line={line}&week={week}")

    async def _run_page(
        self, request: Request, user: CurrentUser, run_id: int, zone: ZoneInfo, errors: dict, values: dict
    ) -> Template:
        data = await view.run_view(run_id, zone)
        await service.check_lines(user, data.run["lines"])
        return render(
            request,
            "planning/run.html",
            "planning/_edit_form.html",
            "edit-form",
            view=data,
            errors=errors,
            values=values,
            status_code=422 if errors else 200,
        )

    @get("/runs/{run_id:int}")
    async def show(self, request: Request, user: UserDep, zone: ZoneDep, run_id: FromPath[int]) -> Template:
        return await self._run_page(request, user, run_id, zone, {}, {})

    @post("/runs/{run_id:int}/edit")
    async def edit(
        self, request: Request, user: UserDep, zone: ZoneDep, actor: ActorDep, run_id: FromPath[int]
    ) -> Response:
        values = await form_data(request)
        try:
            await service.check_lines(user, (await service.get_run(run_id))["lines"])
            employee = int_field(values.get("employee"), "employee", 1)
            day = date_field(values.get("day"), "day")
            shift = int_field(values.get("shift") or "0", "shift", 0) or None
            line = int_field(values.get("line") or "0", "line", 0) or None
            await service.edit_post(run_id, employee, day, shift, values.get("operation", ""), line, zone, actor)
        except Refused as refused:
            return await self._run_page(request, user, run_id, zone, refused.errors, values)
        return after_post(request, f"/planning/runs/{run_id}")

    @post("/runs/{run_id:int}/publish")
    async def publish(self, request: Request, user: UserDep, actor: ActorDep, run_id: FromPath[int]) -> Response:
        await service.check_lines(user, (await service.get_run(run_id))["lines"])
        await service.publish(run_id, actor)
        return after_post(request, f"/planning/runs/{run_id}")
