"""My page's leave request: type, dates, half days, reason, from the worker at the kiosk or on a linked phone.

The request goes the way a kiosk request goes (app.leave.kiosk_sync.request_at_kiosk, source "phone"): counted on
the worker's own roster with the same checks and messages as the kiosk and the office, filed in the approvals
inbox at the office, or queued in the outbox on a kiosk node. The worker is the session's, never the form's.
"""

from __future__ import annotations

from litestar import Controller, Request, post
from litestar.response import Response

from app.attendance.scans.service import node_id
from app.audit.service import Actor
from app.errors import Refused
from app.forms import Month
from app.leave import forms, kiosk_sync, types
from app.selfservice.routes import _context, me_or_none, to_start
from app.timeutil import local_today
from app.web import SettingsDep, after_post, form_data, render


class MyLeaveController(Controller):
    path = "/me/leave"

    @post("/")
    async def ask(self, request: Request, settings: SettingsDep) -> Response:
        me = await me_or_none(request)
        if me is None:
            return to_start()
        values = await form_data(request)
        try:
            data = forms.parse_request(values, me.employee_id, maternity_days=await types.maternity_figure())
            await kiosk_sync.request_at_kiosk(
                data, settings, node_id(settings), Actor(name=f"worker:{me.employee_id}"), source="phone"
            )
        except Refused as refused:
            if refused.status != 422:
                raise
            context = await _context(request, me, settings, Month.of(local_today(settings.zone)))
            return render(
                request,
                "selfservice/me.html",
                status_code=422,
                **{**context, "leave_errors": refused.errors, "leave_values": values},
            )
        return after_post(request, "/me#leave")
