"""The kiosk's leave request: scan the badge, see the balance, pick the type, dates and half days, send for approval."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.response import Template

from app.attendance.kiosk.routes import KioskDep, kiosk_inactive
from app.attendance.scans.service import node_id
from app.audit.service import Actor
from app.badges import service as badges
from app.errors import Refused
from app.leave import forms, kiosk_sync, types
from app.settings import Settings
from app.timeutil import local_today, utcnow
from app.web import SettingsDep, form_data, render


async def _screen(request: Request, kiosk: str, status_code: int = 200, holder=None, **context: object) -> Template:
    settings: Settings = request.app.state.settings
    today = local_today(settings.zone)
    balance = await kiosk_sync.kiosk_balance(holder.employee_id, today.year, settings) if holder else None
    defaults = {
        "kiosk": kiosk,
        "holder": holder,
        "badge": "",
        "error": "",
        "done": None,
        "balance": balance,
        "values": {"first": today.isoformat(), "last": today.isoformat(), "type_code": types.ANNUAL},
        "types": [t for t in await types.all_types() if t.active],
    }
    return render(
        request,
        "leave/kiosk.html",
        "leave/_kiosk_step.html",
        "leave-step",
        status_code=status_code,
        **{**defaults, **context},
    )


class LeaveKioskController(Controller):
    path = "/kiosk/leave"

    @get("/")
    async def start(self, request: Request, kiosk: KioskDep) -> Template:
        return kiosk_inactive() if kiosk is None else await _screen(request, kiosk)

    @post("/")
    async def step(self, request: Request, kiosk: KioskDep, settings: SettingsDep) -> Template:
        """The badge (checked again at every step), then the form with the balance; with dates, the request."""
        if kiosk is None:
            return kiosk_inactive()
        values = await form_data(request)
        found = await badges.identify(settings.secret_key, values.get("badge", ""), utcnow())
        if found.holder is None:
            return await _screen(request, kiosk, 422, error=found.message)
        badge = values.get("badge", "")
        if "type_code" not in values:
            return await _screen(request, kiosk, holder=found.holder, badge=badge)
        try:
            data = forms.parse_request(values, found.holder.employee_id, await types.maternity_figure())
            request_id = await kiosk_sync.request_at_kiosk(
                data, settings, node_id(settings), Actor(name=f"kiosk:{kiosk}")
            )
        except Refused as refused:
            return await _screen(
                request, kiosk, 422, holder=found.holder, badge=badge, values=values, error=refused.text
            )
        return await _screen(request, kiosk, holder=found.holder, done={"id": str(request_id), "data": data})
