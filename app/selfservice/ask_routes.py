"""My page's other requests: overtime to be counted, a disputed piece count, a question on a payslip item.

As on My page, the worker is the session's: nothing here takes a worker's id from the address or the form.
A refusal shows My page (or the payslip) again with the message next to the form and nothing stored.
"""

from __future__ import annotations

from litestar import Controller, Request, post
from litestar.params import FromPath
from litestar.response import Response

from app.attendance.scans.service import node_id
from app.audit.service import Actor
from app.errors import Refused
from app.forms import Month
from app.payroll import questions
from app.selfservice import asks
from app.selfservice.routes import _context, me_or_none, show_payslip, to_start
from app.settings import Settings
from app.timeutil import local_today
from app.web import SettingsDep, after_post, form_data, render


class MyAsksController(Controller):
    path = "/me/ask"

    async def _ask(self, request: Request, settings: Settings, kind: str) -> Response:
        me = await me_or_none(request)
        if me is None:
            return to_start()
        values = await form_data(request)
        try:
            await asks.ask(me, kind, values, settings.zone, node_id(settings))
        except Refused as refused:
            context = await _context(request, me, settings, Month.of(local_today(settings.zone)))
            ask = {"kind": kind, "problems": refused.errors, "given": values}
            return render(request, "selfservice/me.html", status_code=refused.status, **{**context, "ask": ask})
        return after_post(request, "/me#my-asks")

    @post("/overtime")
    async def overtime(self, request: Request, settings: SettingsDep) -> Response:
        return await self._ask(request, settings, asks.OVERTIME)

    @post("/dispute")
    async def dispute(self, request: Request, settings: SettingsDep) -> Response:
        return await self._ask(request, settings, asks.DISPUTE)

    @post("/question/{month:str}")
    async def question(self, request: Request, settings: SettingsDep, month: FromPath[str]) -> Response:
        """A question on one item of the worker's own locked payslip; HR answers it (the approvals inbox)."""
        me = await me_or_none(request)
        if me is None:
            return to_start()
        values = await form_data(request)
        try:
            if settings.role == "kiosk":  # payslips are the office's: a node holds none (see My page's banner)
                raise Refused(asks.OFFICE_ONLY)
            await questions.raise_question(
                me.employee_id,
                str(Month.parse(month)),
                values.get("item", ""),
                values.get("text", ""),
                Actor(name=f"worker:{me.employee_id}"),
            )
        except Refused as refused:
            return await show_payslip(request, me, month, refused.status, refused.errors, values)
        return after_post(request, "/me#my-asks")
