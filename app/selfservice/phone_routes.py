"""Linking a phone to My page (a one-time QR at the kiosk, the PIN on the phone), and seeing or revoking phones.

The worker sees and revokes their own phones; HR sees and revokes anyone's on the person's page.
A phone is found by its id only together with the worker it belongs to, so another worker's phone
is "not found".
"""

from __future__ import annotations

import segno
from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Response, Template

from app.audit.service import Actor
from app.auth.guards import HR
from app.errors import Refused
from app.i18n import N_
from app.selfservice import sessions
from app.selfservice.routes import PHONE_COOKIE_SECONDS, me_or_none, to_start
from app.selfservice.sessions import COOKIE
from app.sync import node_state
from app.web import ActorDep, SettingsDep, after_post, form_data, render

NOT_ENROLLED = N_("This kiosk does not know the office's address yet: link your phone at another kiosk.")


def _phone_name(request: Request) -> str:
    """The phone as its browser names itself, shortened: enough for the worker to tell two phones apart."""
    agent = request.headers.get("user-agent", "")
    inside = agent[agent.find("(") + 1 : agent.find(")")] if "(" in agent and ")" in agent else agent
    return inside[:100] or "phone"


def _client(request: Request) -> str:
    return "ip:" + (request.client.host if request.client else "unknown")


class PhoneController(Controller):
    path = "/phone"

    @post("/new")
    async def new(self, request: Request, settings: SettingsDep) -> Response:
        """At the kiosk: a one-time QR the phone on the plant's Wi-Fi scans (valid for a few minutes)."""
        me = await me_or_none(request)
        if me is None:
            return to_start()
        if settings.role == "kiosk":  # the phone talks to the office: the node signs a code the office checks
            code, office = (
                await sessions.node_phone_link(me, settings.secret_key),
                (await node_state.status()).office_url,
            )
            if not office:
                raise Refused(NOT_ENROLLED, status=409)
        else:
            code, office = await sessions.new_phone_link(me), str(request.base_url)
        url = f"{office.rstrip('/')}/phone/link/{code}"
        qr = segno.make(url, error="m").svg_inline(scale=6)
        return render(request, "selfservice/link.html", me=me, qr=qr, url=url, minutes=sessions.LINK_MINUTES)

    @get("/link/{code:str}")
    async def pin_page(self, request: Request, settings: SettingsDep, code: FromPath[str]) -> Template:
        _, name, _, _ = await sessions.link_holder(code, settings.secret_key)
        return render(request, "selfservice/phone_pin.html", name=name, code=code, errors={})

    @post("/link/{code:str}")
    async def link(self, request: Request, settings: SettingsDep, code: FromPath[str]) -> Response:
        values = await form_data(request)
        try:
            token = await sessions.link_phone(
                code,
                values.get("pin", ""),
                _client(request),
                _phone_name(request),
                settings.secret_key,
            )
        except Refused as refused:
            if refused.status == 404:
                raise
            _, name, _, _ = await sessions.link_holder(code, settings.secret_key)
            return render(
                request,
                "selfservice/phone_pin.html",
                status_code=refused.status,
                name=name,
                code=code,
                errors=refused.errors,
            )
        response = after_post(request, "/me")
        response.set_cookie(COOKIE, token, httponly=True, samesite="lax", max_age=PHONE_COOKIE_SECONDS)
        return response

    @get("/list")
    async def mine(self, request: Request) -> Response:
        me = await me_or_none(request)
        if me is None:
            return to_start()
        return render(request, "selfservice/phones.html", me=me, phones=await sessions.phones(me.employee_id))

    @post("/list/{phone_id:int}/revoke")
    async def revoke_mine(self, request: Request, phone_id: FromPath[int]) -> Response:
        me = await me_or_none(request)
        if me is None:
            return to_start()
        await sessions.revoke_phone(me.employee_id, phone_id, Actor(name=f"worker:{me.employee_id}"))
        return after_post(request, "/phone/list")


async def _people_phones(employee_id: int) -> Template:
    return Template(
        "selfservice/_people_phones.html",
        context={"employee_id": employee_id, "phones": await sessions.phones(employee_id)},
    )


class PeoplePhonesController(Controller):
    """HR's view of one person's linked phones: a fragment on the employee's page."""

    path = "/people/{employee_id:int}/phones"
    guards = [HR]

    @get("/")
    async def show(self, employee_id: FromPath[int]) -> Template:
        return await _people_phones(employee_id)

    @post("/{phone_id:int}/revoke")
    async def revoke(
        self, request: Request, actor: ActorDep, employee_id: FromPath[int], phone_id: FromPath[int]
    ) -> Response:
        await sessions.revoke_phone(employee_id, phone_id, actor)
        if getattr(request, "htmx", None):
            return await _people_phones(employee_id)  # the fragment, updated
        return after_post(request, f"/people/{employee_id}")
