"""Bulk punch entry pages: a grid for a day and a line, or an Excel sheet; a row-by-row preview; then entry."""

from __future__ import annotations

from datetime import timedelta

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery
from litestar.response import Response, Template

from app.attendance.corrections import manual
from app.auth.guards import UserDep, requires
from app.errors import Refused
from app.forms import parse_int
from app.people.imports.service import read_rows
from app.people.service import list_departments
from app.people.tables import Employee
from app.people.team import team
from app.settings import Settings
from app.timeutil import local_today
from app.web import SettingsDep, after_post, form_data, render

HR_OR_SUPERVISOR = requires("hr", "supervisor")
BLANK_ROWS = 5


async def _grid(user, line: int | None) -> list[str]:
    """The codes of the line's workers the user may enter punches for (a supervisor: their team)."""
    if line is None:
        return []
    rows = (
        await Employee.select(Employee.id, Employee.employee_code)
        .where((Employee.department == line) & (Employee.status != "left"))
        .order_by(Employee.employee_code)
        .run()
    )
    allowed = None if user.has_any("hr") else {member.id for member in await team(user)}
    return [row["employee_code"] for row in rows if allowed is None or row["id"] in allowed]


def _indexed(values: dict[str, str], day: str) -> list[manual.EntryRow]:
    """Rows of the grid or of the preview (code_N, in_N, out_N and day_N, else the grid's day); blanks skipped."""
    numbers = sorted({n for key in values if key.startswith("code_") and (n := parse_int(key[5:])) is not None})
    rows = [
        manual.EntryRow(
            n,
            values.get(f"code_{n}", ""),
            values.get(f"day_{n}", day),
            values.get(f"in_{n}", ""),
            values.get(f"out_{n}", ""),
        )
        for n in numbers
    ]
    return [row for row in rows if row.code.strip() and (row.start.strip() or row.end.strip())]


class ManualPunchController(Controller):
    path = "/attendance/manual"
    guards = [HR_OR_SUPERVISOR]

    async def _page(self, request: Request, settings: Settings, status_code: int = 200, **context) -> Template:
        day = context.pop("day", "") or (local_today(settings.zone) - timedelta(days=1)).isoformat()
        today = local_today(settings.zone)
        defaults = {
            "day": day,
            "line": None,
            "codes": [],
            "blank": BLANK_ROWS,
            "checked": None,
            "errors": {},
            "reason": "",
            "note": "",
            "entered": None,
            "reasons": manual.REASONS,
            "departments": await list_departments(),
            "entries": await manual.entries(request.scope["user"], today - timedelta(days=31), today),
        }
        return render(
            request,
            "attendance/manual.html",
            "attendance/_manual_preview.html",
            "manual-preview",
            status_code=status_code,
            **{**defaults, **context, "day": day},
        )

    @get("/")
    async def index(
        self,
        request: Request,
        user: UserDep,
        settings: SettingsDep,
        day: FromQuery[str] = "",
        line: FromQuery[int | None] = None,
        entered: FromQuery[int | None] = None,
    ) -> Template:
        codes = await _grid(user, line)
        return await self._page(request, settings, day=day, line=line, codes=codes, entered=entered)

    @post("/preview")
    async def preview(self, request: Request, user: UserDep, settings: SettingsDep) -> Template:
        form = await request.form()
        values = {key: str(value).strip() for key, value in form.items() if not isinstance(value, UploadFile)}
        upload = form.get("file")
        try:
            if isinstance(upload, UploadFile) and upload.filename:
                cells, problems = read_rows(upload.filename, await upload.read())
                if problems:
                    raise Refused(problems[0].message, field="file")
                rows = manual.rows_from_sheet(cells)
            else:
                rows = _indexed(values, values.get("day", ""))
            checked = await manual.check(rows, user, settings.zone)
        except Refused as refused:
            return await self._page(request, settings, 422, errors=refused.errors, **_kept(values))
        return await self._page(request, settings, 422 if checked.refused else 200, checked=checked, **_kept(values))

    @post("/commit")
    async def commit(self, request: Request, user: UserDep, settings: SettingsDep) -> Response:
        values = await form_data(request)
        rows = _indexed(values, "")
        try:
            stored, checked = await manual.enter(
                rows,
                values.get("reason", ""),
                values.get("note", ""),
                user,
                settings.zone,
                values.get("valid_only") == "1",
            )
        except Refused as refused:
            return await self._page(request, settings, 422, errors=refused.errors, **_kept(values))
        if not stored:
            return await self._page(request, settings, 422, checked=checked, **_kept(values))
        return after_post(request, f"/attendance/manual?entered={stored}")


def _kept(values: dict[str, str]) -> dict:
    return {"day": values.get("day", ""), "reason": values.get("reason", ""), "note": values.get("note", "")}
