"""Leave pages: requests (enter for a worker, record after the fact, cancel), types for HR, balances and a person's page."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import File, Response, Template

from app.auth.guards import HR, UserDep, requires
from app.auth.service import CurrentUser
from app.db.tx import read_together
from app.errors import Refused
from app.forms import date_field, int_field
from app.i18n import N_
from app.leave import balances, evidence, export, forms, opening, requests, service, types
from app.people import plant_settings
from app.people.imports import uploads
from app.people.team import team
from app.timeutil import local_today
from app.web import ActorDep, SettingsDep, ZoneDep, after_post, form_data, render, writes_on_read

ENTERS_LEAVE = requires("hr", "supervisor", "dept_head")


def _year(year: int | None, zone: ZoneInfo) -> int:
    """The year asked for in the query, or this one when none or none a calendar holds (?year=-1 or 40 digits)."""
    return year if year is not None and 2000 <= year <= 2100 else local_today(zone).year


class LeaveController(Controller):
    path = "/leave"
    guards = [ENTERS_LEAVE]

    async def _page(
        self, request: Request, user: CurrentUser, values: dict, errors: dict, status_code: int = 200
    ) -> Template:
        kinds = await types.all_types()
        return render(
            request,
            "leave/requests.html",
            "leave/_request_form.html",
            "leave-form",
            status_code=status_code,
            rows=await service.request_rows(user),
            team=await team(user),
            types=[t for t in kinds if t.active],
            values=values,
            errors=errors,
            is_hr=user.has_any("hr"),
            needs_evidence={t.code for t in kinds if t.evidence},
        )

    @get("/")
    async def index(self, request: Request, user: UserDep, zone: ZoneDep) -> Template:
        return await self._page(request, user, {"first": local_today(zone).isoformat(), "type_code": "annual"}, {})

    @post("/")
    async def create(
        self,
        request: Request,
        user: UserDep,
        actor: ActorDep,
        zone: ZoneDep,
    ) -> Response:
        values = await form_data(request)
        try:
            data = forms.parse_request(values, maternity_days=await types.maternity_figure())
            await service.require_team(user, data.employee_id)
            record = values.get("record") == "1" and user.has_any("hr")
            await requests.request_leave(data, "record" if record else "office", actor, zone=zone)
        except Refused as refused:
            if refused.status != 422:
                raise
            return await self._page(request, user, values, refused.errors, 422)
        return after_post(request, "/leave")

    @get("/requests/{request_id:uuid}")
    async def detail(self, request_id: FromPath[uuid.UUID], user: UserDep, zone: ZoneDep) -> Template:
        row = await service.request_row(request_id)
        if row is None or not await service.may_enter_for(user, row.employee_id):
            raise NotFoundException()
        return Template("leave/request.html", context={"row": row, "today": local_today(zone), "error": ""})

    @post("/requests/{request_id:uuid}/cancel")
    async def cancel(
        self,
        request: Request,
        request_id: FromPath[uuid.UUID],
        user: UserDep,
        actor: ActorDep,
        zone: ZoneDep,
    ) -> Response:
        row = await service.request_row(request_id)
        if row is None or not await service.may_enter_for(user, row.employee_id):
            raise NotFoundException()
        await requests.cancel(request_id, actor, local_today(zone), zone)
        return after_post(request, f"/leave/requests/{request_id}")

    @post("/requests/{request_id:uuid}/evidence", request_max_body_size=evidence.MAX_BYTES + 1024 * 1024)
    async def upload(
        self,
        request: Request,
        request_id: FromPath[uuid.UUID],
        user: UserDep,
        actor: ActorDep,
        settings: SettingsDep,
        zone: ZoneDep,
    ) -> Response:
        row = await service.request_row(request_id)
        if row is None or not await service.may_enter_for(user, row.employee_id):
            raise NotFoundException()
        upload = (await request.form()).get("file")
        try:
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise Refused(evidence.BAD_FILE, field="file")
            await evidence.attach(request_id, settings.data_dir, upload.filename, await upload.read(), actor)
        except Refused as refused:
            return Template(
                "leave/request.html",
                status_code=422,
                context={"row": row, "today": local_today(zone), "error": refused.text},
            )
        return after_post(request, f"/leave/requests/{request_id}")

    @get("/requests/{request_id:uuid}/evidence")
    async def evidence_file(self, request_id: FromPath[uuid.UUID], user: UserDep, settings: SettingsDep) -> File:
        row = await service.request_row(request_id)
        path = evidence.path_of(settings.data_dir, row.evidence) if row else None
        if path is None or not await service.may_enter_for(user, row.employee_id):
            raise NotFoundException()
        return File(path, media_type=evidence.MEDIA_TYPES[path.suffix[1:]], content_disposition_type="inline")

    @get("/balances", guards=[HR])
    async def all_balances(self, zone: ZoneDep, year: FromQuery[int | None] = None) -> Template:
        year = _year(year, zone)
        return Template("leave/balances.html", context={"rows": await balances.compute(year), "year": year})

    @get("/balances.xlsx", guards=[HR], opt=writes_on_read("access_log"))
    async def balances_xlsx(self, zone: ZoneDep, actor: ActorDep, year: FromQuery[int | None] = None) -> Response:
        return await export.balances_response(_year(year, zone), actor)

    @get("/people/{employee_id:int}")
    async def person(
        self,
        request: Request,
        employee_id: FromPath[int],
        user: UserDep,
        zone: ZoneDep,
    ) -> Template:
        return await self._person(request, employee_id, user, zone, {}, {})

    async def _person(
        self,
        request: Request,
        employee_id: int,
        user: CurrentUser,
        zone: ZoneInfo,
        values: dict,
        errors: dict,
        status_code: int = 200,
    ) -> Template:
        async with read_together():  # the page's reads on one connection (a few ms each otherwise on SQLite)
            person = await service.employee_name(employee_id)
            if person is None or not await service.may_enter_for(user, employee_id):
                raise NotFoundException()
            today = local_today(zone)  # the plant's date: years here count to it for the medical period
            year = person["last_day"].year if person["last_day"] else today.year
            requests = await service.person_requests(employee_id)  # the list and the balance: one query
            balance = (await balances.of_people([person], year, requests=requests, today=today))[0]
            owed = (await balances.owed_at_exit([employee_id], year)).get(employee_id) if person["last_day"] else None
        rows = service.rows_of(person, requests)
        return Template(
            "leave/person.html",
            status_code=status_code,
            context={
                "person": person,
                "balance": balance,
                "values": values,
                "owed": owed,
                "errors": errors,
                "rows": rows,
                "is_hr": user.has_any("hr"),
            },
        )

    @post("/people/{employee_id:int}/years", guards=[HR])
    async def years(
        self,
        request: Request,
        employee_id: FromPath[int],
        user: UserDep,
        actor: ActorDep,
        zone: ZoneDep,
    ) -> Response:
        values = await form_data(request)
        try:
            years = int_field(values.get("years_worked"), "years_worked", 0, 60)
            confirmed = date_field(values.get("confirmed_on"), "confirmed_on", required=False) or local_today(zone)
            since = date_field(values.get("continuous_since"), "continuous_since", required=False)
            await service.save_person(employee_id, years, confirmed, actor, since)
            await balances.refresh(employee_id, local_today(zone).year)
        except Refused as refused:
            return await self._person(request, employee_id, user, zone, values, refused.errors, 422)
        return after_post(request, f"/leave/people/{employee_id}")

    @post("/people/{employee_id:int}/lieu", guards=[HR])
    async def lieu(
        self,
        request: Request,
        employee_id: FromPath[int],
        user: UserDep,
        actor: ActorDep,
        zone: ZoneDep,
    ) -> Response:
        values = await form_data(request)
        try:
            day = date_field(values.get("work_date"), "work_date")
            minutes = int_field(values.get("hours"), "hours", 1, 24) * 60
            await service.bank_lieu(employee_id, day, minutes, actor)
            await balances.refresh(employee_id, day.year)
        except Refused as refused:
            return await self._person(request, employee_id, user, zone, values, refused.errors, 422)
        return after_post(request, f"/leave/people/{employee_id}")


class OpeningController(Controller):
    """HR imports opening balances: upload, every row checked and shown, then import (all rows or none)."""

    path = "/leave/opening"
    guards = [HR]

    @get("/")
    async def index(self, request: Request, imported: FromQuery[int | None] = None) -> Template:
        return render(
            request,
            "leave/opening.html",
            "leave/_opening_preview.html",
            "opening-preview",
            opening=None,
            token="",
            imported=imported,
        )

    @post("/")
    async def check(
        self,
        request: Request,
        settings: SettingsDep,
        actor: ActorDep,
        zone: ZoneDep,
    ) -> Response:
        form = await request.form()
        upload, token = form.get("file"), str(form.get("token") or "")
        if isinstance(upload, UploadFile) and upload.filename:
            token = uploads.stash(settings.data_dir, upload.filename, await upload.read())
        content = uploads.load(settings.data_dir, token) if token else None
        found = (
            await opening.preview(token, content, local_today(zone))
            if content
            else opening.Opening(problems=[N_("Choose an .xlsx or .csv file.")])
        )
        if form.get("commit") == "1" and found.ok:
            today = local_today(zone)
            count = await opening.import_opening(found, today.year, actor, today)
            uploads.discard(settings.data_dir, token)
            return after_post(request, f"/leave/opening?imported={count}")
        return render(
            request,
            "leave/opening.html",
            "leave/_opening_preview.html",
            "opening-preview",
            status_code=200 if found.ok else 422,
            opening=found,
            token=token,
            imported=None,
        )


class LeaveTypeController(Controller):
    path = "/leave/types"
    guards = [HR]

    async def _page(self, errors: dict, failed: str, saved: str = "", status_code: int = 200) -> Template:
        return Template(
            "leave/types.html",
            status_code=status_code,
            context={
                "types": await types.all_types(),
                "errors": errors,
                "failed": failed,
                "saved": saved,
                "carry_over": await balances.carry_over_days(),
            },
        )

    @get("/")
    async def index(self, saved: FromQuery[str] = "") -> Template:
        return await self._page({}, "", saved)

    @post("/carry-over")
    async def carry_over(self, request: Request, actor: ActorDep) -> Response:
        values = await form_data(request)
        try:
            await plant_settings.write(balances.CARRY_OVER_KEY, int_field(values.get("days"), "days", 0, 30), actor)
        except Refused as refused:
            return await self._page(refused.errors, "carry-over", status_code=422)
        return after_post(request, "/leave/types?saved=carry-over")

    @post("/{code:str}")
    async def save(self, request: Request, code: FromPath[str], actor: ActorDep) -> Response:
        values = await form_data(request)
        current = next((t for t in await types.all_types() if t.code == code), None)
        if current is None:
            raise NotFoundException()
        try:
            await types.save_type(forms.parse_type(code, current.label, values), actor)
        except Refused as refused:
            return await self._page(refused.errors, code, status_code=422)
        return after_post(request, f"/leave/types?saved={code}")
