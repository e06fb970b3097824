"""My page: a worker opens it at the kiosk (badge or card, then PIN) or on a linked phone; it shows their month.

Nothing here takes a worker's id from the address or the form: the worker is the session's, so
another worker's page cannot be reached by changing a number.
"""

from __future__ import annotations

from datetime import datetime

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from app.appraisal import results as appraisal
from app.attendance.kiosk.routes import KioskDep
from app.attendance.scans.service import node_id
from app.attendance.schedule.forms import clock, parse_date
from app.audit.service import Actor
from app.db.tx import read_together
from app.errors import Refused
from app.forms import Month
from app.payroll import queries as payroll_queries
from app.payroll import questions
from app.payroll.payslip import slip_view
from app.selfservice import asks, requests, sessions
from app.selfservice import month as my
from app.selfservice.sessions import COOKIE, Me
from app.settings import Settings
from app.sync import node_state
from app.timeutil import local_today
from app.web import SettingsDep, after_post, form_data, render

PHONE_COOKIE_SECONDS = sessions.PHONE_DAYS * 86400


async def me_or_none(request: Request) -> Me | None:
    return await sessions.current(request.cookies.get(COOKIE))


def to_start() -> Redirect:
    return Redirect("/me/start", status_code=HTTP_303_SEE_OTHER)


async def _context(request: Request, me: Me, settings: Settings, month: Month) -> dict:
    sync = await node_state.status() if settings.role == "kiosk" else None
    sections = await my.my_month(me.employee_id, month, settings.zone)
    mine = (await appraisal.of_employee(me.employee_id))[:6]
    return {
        "me": me,
        "month": month,
        "sections": sections,
        "requests": await requests.my_requests(me.employee_id),
        "asks": await asks.my_asks(me.employee_id),
        "ask": {"kind": "", "problems": {}, "given": {}},
        "appraisals": mine,
        "contest_until": await appraisal.contest_deadlines(mine, settings.zone),
        "appraisal_today": local_today(settings.zone),
        "appraisal_labels": appraisal.STATUS_LABELS,
        "may_contest": settings.role == "office",  # a kiosk's replica holds no results to contest
        "sync": sync,
        "status_labels": my.STATUS_LABELS,
        "this_month": Month.of(local_today(settings.zone)),
        "errors": {},
        "values": {},
    }


async def show_payslip(
    request: Request, me: Me, month: str, status_code: int = 200, errors: dict | None = None, values: dict | None = None
) -> Response:
    """The worker's own locked payslip of month, with their questions on it and HR's answers."""
    month = str(Month.parse(month))
    rows = [row for row in await payroll_queries.lines(month, me.employee_id)]
    period = await payroll_queries.period(month)
    if not rows or period is None or period["status"] != "locked":
        raise Refused(requests.NO_PAYSLIP, status=404)
    read = (await my.read_months(me.employee_id, [month])).get(month)
    slip = slip_view(rows[0], await payroll_queries.plant_name(), month)
    asked = [question for question in await questions.mine(me.employee_id, 50) if question.month == month]
    return render(
        request,
        "selfservice/payslip.html",
        status_code=status_code,
        me=me,
        slip=slip,
        read_at=read,
        questions=asked,
        errors=errors or {},
        values=values or {},
    )


class MyPageController(Controller):
    path = "/me"

    @get("/start")
    async def start(self, request: Request, kiosk: KioskDep) -> Template:
        """The kiosk's screen to open My page; elsewhere, how to link a phone."""
        return render(request, "selfservice/start.html", kiosk=kiosk, errors={}, values={})

    @post("/start")
    async def open(self, request: Request, settings: SettingsDep, kiosk: KioskDep) -> Response:
        values = await form_data(request)
        if kiosk is None:
            raise Refused(sessions.LINK_USED, status=403)
        try:
            token = await sessions.open_at_kiosk(
                settings.secret_key, values.get("text", ""), values.get("pin", ""), kiosk
            )
        except Refused as refused:
            return render(
                request,
                "selfservice/start.html",
                status_code=refused.status,
                kiosk=kiosk,
                errors=refused.errors,
                values={"text": values.get("text", "")},
            )
        response = after_post(request, "/me")
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", max_age=sessions.KIOSK_MAX_MINUTES * 60)
        return response

    @get("/")
    async def page(self, request: Request, settings: SettingsDep, month: FromQuery[str] = "") -> Response:
        chosen = Month.parse(month) if month else Month.of(local_today(settings.zone))
        async with read_together():  # the session and the page's dozen reads on one SQLite connection
            me = await sessions.find(request.cookies.get(COOKIE))
            context = await _context(request, me, settings, chosen) if me else None
        if me is None:
            return to_start()
        await sessions.touch(me)
        return render(request, "selfservice/me.html", **context)

    @post("/close")
    async def close(self, request: Request, kiosk: KioskDep) -> Response:
        """Close the kiosk visit (the page does it after 30 s idle); a phone keeps its link."""
        await sessions.close(request.cookies.get(COOKIE))
        response = after_post(request, "/kiosk" if kiosk else "/me/start")
        response.delete_cookie(COOKIE)
        return response

    @post("/corrections")
    async def correction(self, request: Request, settings: SettingsDep) -> Response:
        me = await me_or_none(request)
        if me is None:
            return to_start()
        values = await form_data(request)
        day, at = parse_date(values.get("day", "")), clock(values.get("time", ""))
        local_at = datetime.combine(day, at) if day and at else None
        try:
            await requests.ask_correction(
                me, local_at, values.get("direction", ""), values.get("reason", ""), settings.zone, node_id(settings)
            )
        except Refused as refused:
            context = await _context(request, me, settings, Month.of(local_today(settings.zone)))
            return render(
                request,
                "selfservice/me.html",
                status_code=refused.status,
                **{**context, "errors": refused.errors, "values": values},
            )
        return after_post(request, "/me#requests")

    @get("/payslips/{month:str}")
    async def payslip(self, request: Request, month: FromPath[str]) -> Response:
        me = await me_or_none(request)
        if me is None:
            return to_start()
        return await show_payslip(request, me, month)

    @post("/payslips/{month:str}/read")
    async def read(self, request: Request, settings: SettingsDep, month: FromPath[str]) -> Response:
        me = await me_or_none(request)
        if me is None:
            return to_start()
        Month.parse(month)
        await requests.confirm_read(me, month, node_id(settings))
        return after_post(request, f"/me/payslips/{month}")

    @post("/appraisal/{result_id:int}/contest")
    async def contest(self, request: Request, settings: SettingsDep, result_id: FromPath[int]) -> Response:
        """The worker contests their own result (held out of pay until HR decides)."""
        me = await me_or_none(request)
        if me is None:
            return to_start()
        if await appraisal.employee_of(result_id) != me.employee_id:
            raise Refused(appraisal.NO_RESULT, status=404)
        values = await form_data(request)
        try:
            await appraisal.contest(result_id, values.get("reason", ""), settings.zone, Actor(name=me.employee_code))
        except Refused as refused:
            context = await _context(request, me, settings, Month.of(local_today(settings.zone)))
            return render(
                request, "selfservice/me.html", status_code=refused.status, **{**context, "errors": refused.errors}
            )
        return after_post(request, "/me#my-appraisal")
