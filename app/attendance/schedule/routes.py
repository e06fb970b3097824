"""HR manages shifts, weekly patterns, one-day changes, the overtime unit and the yearly calendar."""

from __future__ import annotations

from datetime import timedelta

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.attendance.days import compute as days
from app.attendance.schedule import calendar as plant_calendar
from app.attendance.schedule import forms
from app.attendance.schedule import service as schedule
from app.auth.guards import HR
from app.errors import Refused
from app.forms import parse_int
from app.i18n import N_
from app.people.service import list_departments
from app.timeutil import local_today
from app.web import ZoneDep, after_post, form_data, render


def _actor(request: Request):
    return request.scope["user"].actor


def _invalid(errors: dict) -> int:
    return 422 if errors else 200


class ShiftController(Controller):
    path = "/attendance/shifts"
    guards = [HR]

    async def _list(self, request: Request, values: dict, errors: dict) -> Template:
        context = {
            "shifts": await schedule.list_shifts(),
            "values": values,
            "errors": errors,
            "shift_id": None,
            "unit": await days.overtime_unit(),
        }
        return render(
            request,
            "attendance/shifts.html",
            "attendance/_shift_form.html",
            "shift-form",
            status_code=_invalid(errors),
            **context,
        )

    async def _edit(self, request: Request, shift_id: int, values: dict, errors: dict) -> Template:
        return render(
            request,
            "attendance/shift.html",
            "attendance/_shift_form.html",
            "shift-form",
            status_code=_invalid(errors),
            values=values,
            errors=errors,
            shift_id=shift_id,
        )

    @get("/")
    async def index(self, request: Request) -> Template:
        return await self._list(request, {"grace_late_minutes": "5", "grace_early_minutes": "0"}, {})

    @post("/")
    async def create(self, request: Request) -> Response:
        values = await form_data(request)
        try:
            data = forms.parse_shift(values)
        except Refused as refused:
            return await self._list(request, values, refused.errors)
        errors = await schedule.save_shift(None, data, _actor(request))
        return await self._list(request, values, errors) if errors else after_post(request, "/attendance/shifts")

    @get("/{shift_id:int}")
    async def edit(self, request: Request, shift_id: FromPath[int]) -> Template:
        shift = await schedule.get_shift(shift_id)
        if shift is None:
            raise NotFoundException()
        values = {
            "code": shift.code,
            "name": shift.name,
            "breaks": shift.breaks,
            "start": shift.start,
            "end": shift.end,
            "grace_late_minutes": shift.grace_late_minutes,
            "grace_early_minutes": shift.grace_early_minutes,
        }
        return await self._edit(request, shift_id, values, {})

    @post("/{shift_id:int}")
    async def update(self, request: Request, shift_id: FromPath[int]) -> Response:
        if await schedule.get_shift(shift_id) is None:
            raise NotFoundException()
        values = await form_data(request)
        try:
            data = forms.parse_shift(values)
        except Refused as refused:
            return await self._edit(request, shift_id, values, refused.errors)
        errors = await schedule.save_shift(shift_id, data, _actor(request))
        return (
            await self._edit(request, shift_id, values, errors) if errors else after_post(request, "/attendance/shifts")
        )

    @post("/overtime-unit")
    async def overtime_unit(self, request: Request) -> Response:
        unit = parse_int((await form_data(request)).get("unit"))
        if unit is None or not 1 <= unit <= 240:
            return await self._list(request, {}, {"unit": N_("Enter whole minutes from 1 to 240.")})
        await schedule.set_overtime_unit(unit, _actor(request))
        return after_post(request, "/attendance/shifts")


class PatternController(Controller):
    path = "/attendance/patterns"
    guards = [HR]

    async def _page(self, request: Request, values: dict, errors: dict) -> Template:
        context = {
            "patterns": await schedule.list_patterns(),
            "shifts": await schedule.list_shifts(),
            "departments": await list_departments(),
            "values": values,
            "errors": errors,
        }
        return render(
            request,
            "attendance/patterns.html",
            "attendance/_pattern_form.html",
            "pattern-form",
            status_code=_invalid(errors),
            **context,
        )

    @get("/")
    async def index(self, request: Request, zone: ZoneDep) -> Template:
        return await self._page(request, {"effective_from": str(local_today(zone))}, {})

    @post("/")
    async def save(self, request: Request) -> Response:
        values = await form_data(request)
        try:
            data = forms.parse_pattern(values, {shift.id for shift in await schedule.list_shifts()})
        except Refused as refused:
            return await self._page(request, values, refused.errors)
        errors = await schedule.save_pattern(data, _actor(request))
        return await self._page(request, values, errors) if errors else after_post(request, "/attendance/patterns")

    @post("/{pattern_id:int}/delete")
    async def delete(self, request: Request, pattern_id: FromPath[int]) -> Response:
        await schedule.delete_pattern(pattern_id, _actor(request))
        return after_post(request, "/attendance/patterns")


class OverrideController(Controller):
    path = "/attendance/overrides"
    guards = [HR]

    async def _page(self, request: Request, values: dict, errors: dict) -> Template:
        since = local_today(request.app.state.settings.zone) - timedelta(days=31)
        context = {
            "overrides": await schedule.list_overrides(since),
            "shifts": await schedule.list_shifts(),
            "values": values,
            "errors": errors,
        }
        return render(
            request,
            "attendance/overrides.html",
            "attendance/_override_form.html",
            "override-form",
            status_code=_invalid(errors),
            **context,
        )

    @get("/")
    async def index(self, request: Request) -> Template:
        return await self._page(request, {}, {})

    @post("/")
    async def save(self, request: Request) -> Response:
        values = await form_data(request)
        try:
            data = forms.parse_override(values, {shift.id for shift in await schedule.list_shifts()})
        except Refused as refused:
            return await self._page(request, values, refused.errors)
        errors = await schedule.save_override(data, _actor(request))
        return await self._page(request, values, errors) if errors else after_post(request, "/attendance/overrides")

    @post("/{override_id:int}/delete")
    async def delete(self, request: Request, override_id: FromPath[int]) -> Response:
        await schedule.delete_override(override_id, _actor(request))
        return after_post(request, "/attendance/overrides")


class CalendarController(Controller):
    path = "/attendance/calendar"
    guards = [HR]

    async def _page(
        self,
        request: Request,
        year: int,
        values: dict,
        errors: dict,
        problems: list | None = None,
        imported: int | None = None,
    ) -> Template:
        context = {
            "year": year,
            "days": await plant_calendar.year_days(year),
            "values": values,
            "errors": errors,
            "problems": problems or [],
            "imported": imported,
            "bundled": plant_calendar.bundled_years(),
        }
        return render(
            request,
            "attendance/calendar.html",
            "attendance/_calendar_form.html",
            "calendar-form",
            status_code=422 if errors or problems else 200,
            **context,
        )

    def _year(self, request: Request, text: str | None = None) -> int:
        year = parse_int(text)
        return year if year is not None and 2000 <= year <= 2100 else local_today(request.app.state.settings.zone).year

    @get("/")
    async def index(
        self, request: Request, year: FromQuery[str] = "", imported: FromQuery[int | None] = None
    ) -> Template:
        return await self._page(request, self._year(request, year), {}, {}, imported=imported)

    @post("/")
    async def save(self, request: Request) -> Response:
        values = await form_data(request)
        try:
            data = forms.parse_calendar_day(values)
        except Refused as refused:
            year = self._year(request, values.get("day", "")[:4])
            return await self._page(request, year, values, refused.errors)
        await plant_calendar.save_day(data, _actor(request))
        return after_post(request, f"/attendance/calendar?year={data.day.year}")

    @post("/{day_id:int}/delete")
    async def delete(self, request: Request, day_id: FromPath[int]) -> Response:
        year = (await form_data(request)).get("year", "")
        await plant_calendar.delete_day(day_id, _actor(request))
        return after_post(request, f"/attendance/calendar?year={year}")

    async def _notice(
        self, request: Request, text: str, preview: list | None = None, problems: list | None = None
    ) -> Template:
        now = await plant_calendar.kinds_now([item.day for item in preview or []])
        return render(
            request,
            "attendance/calendar_notice.html",
            "attendance/_notice_form.html",
            "notice-form",
            status_code=422 if problems else 200,
            text=text,
            preview=preview or [],
            now=now,
            problems=problems or [],
        )

    @get("/notice")
    async def notice(self, request: Request) -> Template:
        """HR types next year's dates from the State Council's notice, previews them, then saves them."""
        return await self._notice(request, "")

    @post("/notice")
    async def notice_post(self, request: Request) -> Response:
        values = await form_data(request)
        text = values.get("lines", "")[:20_000]
        items, problems = forms.parse_notice(text)
        if problems or values.get("step") != "save":
            return await self._notice(request, text, items if not problems else [], problems)
        count = await plant_calendar.import_days(items, _actor(request))
        return after_post(request, f"/attendance/calendar?year={items[0].day.year}&imported={count}")

    @post("/import")
    async def import_file(self, request: Request) -> Response:
        """A CSV of date,kind,name, or (bundled=YEAR) the official dates shipped with floorhr; all or nothing."""
        form = await request.form()
        upload, year = form.get("file"), str(form.get("bundled") or "")
        path = plant_calendar.bundled_file(number) if (number := parse_int(year)) is not None else None
        if path is not None:
            content = path.read_bytes()
        elif isinstance(upload, UploadFile) and upload.filename:
            content = await upload.read()
        else:
            return await self._page(request, self._year(request), {}, {}, [(0, N_("Choose a CSV file."))])
        items, problems = forms.parse_calendar_csv(content)
        if problems:
            return await self._page(request, self._year(request), {}, {}, problems)
        count = await plant_calendar.import_days(items, _actor(request))
        return after_post(request, f"/attendance/calendar?year={items[0].day.year}&imported={count}")
