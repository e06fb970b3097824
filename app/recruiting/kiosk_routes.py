"""The gate kiosk's 应聘登记: a candidate picks an open post, their ID card is read (or keyed in), they give a phone
number, and they are on that post's board. Served by the office to activated browser kiosks; a kiosk node has no
candidate table, so its screen sends them to the office."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.response import Template

from app.attendance.kiosk.routes import KioskDep, kiosk_inactive
from app.errors import Refused
from app.forms import parse_int
from app.recruiting import gate, rules
from app.recruiting.hooks import hooks
from app.settings import Settings
from app.timeutil import local_today
from app.web import SettingsDep, form_data, render

KEYS = "123456789X0"


async def _screen(request: Request, kiosk: str, screen: str, status_code: int = 200, **context: object) -> Template:
    settings: Settings = request.app.state.settings
    if settings.role == "kiosk":
        screen = "office_only"
    defaults = {"kiosk": kiosk, "error": "", "values": {}, "post": None, "posts": [], "keys": KEYS, "token": ""}
    context = {**defaults, **context, "screen": screen}
    if screen == "posts":
        context["posts"] = await gate.open_posts()
    return render(
        request,
        "recruiting/kiosk_apply.html",
        "recruiting/_apply_step.html",
        "apply-step",
        status_code=status_code,
        **context,
    )


async def _closed(request: Request, kiosk: str | None) -> Template | None:
    """Not a kiosk: the inactive page; a kiosk node (no candidate table there): the office-only screen."""
    if kiosk is None:
        return kiosk_inactive()
    if request.app.state.settings.role == "kiosk":
        return await _screen(request, kiosk, "office_only")
    return None


def _keyed(text: str, key: str) -> str:
    if key == "back":
        return text[:-1]
    return (text + key)[:18] if key in KEYS else text


class ApplyKioskController(Controller):
    path = "/kiosk/apply"

    @get("/")
    async def start(self, request: Request, kiosk: KioskDep) -> Template:
        return await _closed(request, kiosk) or await _screen(request, kiosk, "posts")

    @post("/post")
    async def choose(self, request: Request, kiosk: KioskDep) -> Template:
        if closed := await _closed(request, kiosk):
            return closed
        values = await form_data(request)
        try:
            chosen = await gate.open_post(parse_int(values.get("requisition_id")))
        except Refused as refused:
            return await _screen(request, kiosk, "posts", 422, error=refused.text)
        return await _screen(request, kiosk, "identity", post=chosen)

    @post("/card")
    async def card(self, request: Request, kiosk: KioskDep, settings: SettingsDep) -> Template:
        """The card on the reader ("read"), or the keypad: each tap comes back with the number so far; "check"
        validates it with the typed name. Under 16 is refused at once and nothing is stored."""
        if closed := await _closed(request, kiosk):
            return closed
        values = await form_data(request)
        today, key = local_today(settings.zone), values.get("key", "")
        try:
            chosen = await gate.open_post(parse_int(values.get("requisition_id")))
        except Refused as refused:
            return await _screen(request, kiosk, "posts", 422, error=refused.text)
        if key not in ("read", "check"):
            keyed = {**values, "id_text": _keyed(values.get("id_text", ""), key)}
            return await _screen(request, kiosk, "identity", post=chosen, values=keyed)
        try:
            if key == "read":
                card = hooks().read_card(settings, today)
                person = gate.identify(card.id_number, card.name, chosen, today)
            else:
                person = gate.identify(values.get("id_text", ""), values.get("name", ""), chosen, today)
        except Refused as refused:
            screen = "posts" if refused.field == "requisition_id" else "identity"
            if refused.message == rules.UNDER_16:
                screen = "refused"
            return await _screen(request, kiosk, screen, 422, post=chosen, values=values, error=refused.text)
        token = gate.carry(person, settings.secret_key)
        return await _screen(request, kiosk, "phone", post=chosen, person=person, token=token)

    @post("/register")
    async def register(self, request: Request, kiosk: KioskDep, settings: SettingsDep) -> Template:
        if closed := await _closed(request, kiosk):
            return closed
        values = await form_data(request)
        requisition_id, token = parse_int(values.get("requisition_id")), values.get("token", "")
        try:
            done = await gate.register(
                token,
                requisition_id,
                values.get("phone", ""),
                values.get("consent") == "1",
                local_today(settings.zone),
                settings.secret_key,
                kiosk,
            )
        except Refused as refused:
            if refused.field != "phone":
                return await _screen(request, kiosk, "posts", 422, error=refused.text)
            person = gate.carried(token, settings.secret_key)
            chosen = await gate.open_post(requisition_id)
            context = {"post": chosen, "person": person, "token": token, "values": values, "error": refused.text}
            return await _screen(request, kiosk, "phone", 422, **context)
        return await _screen(request, kiosk, "done", done=done)
