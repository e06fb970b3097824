"""HR's badge pages: an employee's credentials (a fragment on the detail page) and printable badge sheets."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from app.auth.guards import HR
from app.badges import service, sheet
from app.people import forms
from app.people.service import list_departments
from app.web import ActorDep, SettingsDep, after_post, form_data, render


async def _credentials(request: Request, employee_id: int, error: str = "", values: dict | None = None) -> Response:
    """The credentials fragment; a plain (no-JavaScript) form goes back to the employee's page."""
    if not getattr(request, "htmx", None) and request.method == "POST" and not error:
        return Redirect(f"/people/{employee_id}", status_code=HTTP_303_SEE_OTHER)
    try:
        data = await service.credentials_of(employee_id)
    except service.CredentialError as missing:
        raise NotFoundException() from missing
    context = {"data": data, "error": error, "values": values or {}, "kinds": service.LEGACY_KINDS}
    return Template("badges/_credentials.html", context=context, status_code=422 if error else 200)


class CredentialController(Controller):
    path = "/people/{employee_id:int}/credentials"
    guards = [HR]

    @get("/")
    async def show(self, request: Request, employee_id: FromPath[int]) -> Response:
        return await _credentials(request, employee_id)

    @post("/badge")
    async def issue(
        self, request: Request, actor: ActorDep, settings: SettingsDep, employee_id: FromPath[int]
    ) -> Response:
        """Issue the first badge, or reprint: the next serial, and the old badge stops working."""
        try:
            await service.issue_badge(employee_id, settings.secret_key, actor)
        except service.CredentialError as refused:
            return await _credentials(request, employee_id, refused.message)
        return await _credentials(request, employee_id)

    @post("/{credential_id:int}/revoke")
    async def revoke(
        self, request: Request, actor: ActorDep, employee_id: FromPath[int], credential_id: FromPath[int]
    ) -> Response:
        try:
            await service.revoke_credential(employee_id, credential_id, actor)
        except service.CredentialError as refused:
            return await _credentials(request, employee_id, refused.message)
        return await _credentials(request, employee_id)

    @post("/card")
    async def card(self, request: Request, actor: ActorDep, employee_id: FromPath[int]) -> Response:
        values = await form_data(request)
        try:
            await service.register_card(employee_id, values.get("kind", ""), values.get("number", ""), actor)
        except service.CredentialError as refused:
            return await _credentials(request, employee_id, refused.message, values)
        return await _credentials(request, employee_id)

    @post("/pin")
    async def pin(self, request: Request, actor: ActorDep, employee_id: FromPath[int]) -> Response:
        try:
            await service.set_pin(employee_id, (await form_data(request)).get("pin", ""), actor)
        except service.CredentialError as refused:
            return await _credentials(request, employee_id, refused.message)
        return await _credentials(request, employee_id)


class BadgeSheetController(Controller):
    path = "/badges"
    guards = [HR]

    @get("/")
    async def index(self, request: Request) -> Template:
        return render(request, "badges/index.html", departments=await list_departments())

    @get("/sheet")
    async def sheet(
        self, settings: SettingsDep, employee: FromQuery[str] = "", department: FromQuery[str] = ""
    ) -> Template:
        """An A4 sheet of badges for one person (?employee=) or a department (?department=), to print."""
        employee_id, department_id = forms.optional_int(employee), forms.optional_int(department)
        if employee_id is None and department_id is None:
            raise NotFoundException()
        cards = await sheet.cards(settings.secret_key, employee_id, department_id)
        if employee_id is not None and not cards:
            raise NotFoundException()
        return Template("badges/sheet.html", context={"cards": cards, "department": department_id})

    @post("/issue")
    async def issue_missing(self, request: Request, actor: ActorDep) -> Response:
        department_id = forms.optional_int((await form_data(request)).get("department"))
        if department_id is None:
            raise NotFoundException()
        await service.issue_missing(department_id, actor)
        return after_post(request, f"/badges/sheet?department={department_id}")
