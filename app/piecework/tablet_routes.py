"""The supervisor's tablet: today's pending reports of the team, decided one by one or all at once."""

from __future__ import annotations

import uuid

from litestar import Controller, Request, get, post
from litestar.response import Template

from app.attendance.scans.service import node_id
from app.auth.guards import UserDep, requires
from app.forms import parse_int
from app.i18n import N_
from app.people.team import team
from app.piecework import catalogue, confirmations, reports, rules
from app.piecework.confirmations import Decision
from app.piecework.reports import ReportRefused, work_date_field
from app.timeutil import local_today
from app.web import SettingsDep, ZoneDep, form_data, render

SUPERVISING = requires("supervisor", "hr")


async def _page(
    request: Request,
    status_code: int = 200,
    message: str = "",
    error: str = "",
    error_report: str = "",
    values: dict | None = None,
) -> Template:
    user, settings = request.scope["user"], request.app.state.settings
    pending = await confirmations.pending(user, settings.zone)
    if error_report not in {str(row.id) for row in pending} | {"entry"}:
        error_report = ""  # not a card on this page: the message goes on top
    return render(
        request,
        "piecework/confirm.html",
        "piecework/_pending.html",
        "pending-list",
        status_code=status_code,
        pending=pending,
        segments=list(rules.TimeSegment),
        segment_labels=rules.SEGMENT_LABELS,
        message=message,
        error=error,
        error_report=error_report,
        values=values or {},
        team=await team(user),
        operations=await catalogue.operations(local_today(settings.zone), only_active=True),
        count_days=await reports.count_days(settings.zone),
    )


class ConfirmController(Controller):
    path = "/pieces/confirm"
    guards = [SUPERVISING]

    @get("/")
    async def index(self, request: Request) -> Template:
        return await _page(request)

    @post("/decide")
    async def decide(self, request: Request, user: UserDep, settings: SettingsDep) -> Template:
        values = await form_data(request)
        try:
            report_id = uuid.UUID(values.get("report_id", ""))
        except ValueError:
            return await _page(request, 422, error=confirmations.UNKNOWN_REPORT)
        decision = Decision(
            values.get("action", ""),
            parse_int(values.get("quantity", "")),
            parse_int(values.get("defects", "")),
            values.get("segment", ""),
            values.get("reason", ""),
        )
        try:
            await confirmations.decide(user, report_id, decision, node_id(settings))
        except ReportRefused as exc:
            return await _page(request, 422, error=str(exc), error_report=str(report_id), values=values)
        return await _page(request, message=DONE[decision.action])

    @post("/all")
    async def confirm_all(self, request: Request, user: UserDep, settings: SettingsDep, zone: ZoneDep) -> Template:
        form = await request.form()
        ids = []
        for text in form.getall("report_id", []):
            try:
                ids.append(uuid.UUID(str(text)))
            except ValueError:
                continue
        done, left = await confirmations.confirm_all(user, ids, node_id(settings), zone)
        return await _page(request, message=ALL_DONE, values={"done": done, "left": left})

    @post("/enter")
    async def enter(self, request: Request, user: UserDep, settings: SettingsDep) -> Template:
        values = await form_data(request)
        quantity, defects = parse_int(values.get("quantity", "")), parse_int(values.get("defects", "") or "0")
        try:
            if quantity is None or defects is None:
                raise ReportRefused(rules.QUANTITY_NOT_WHOLE.message)
            work_date = work_date_field(values.get("work_date", ""))
            await confirmations.enter_for_worker(
                user,
                parse_int(values.get("employee_id", "")) or 0,
                parse_int(values.get("operation_id", "")) or 0,
                quantity,
                defects,
                values.get("reason", ""),
                node_id(settings),
                settings.zone,
                work_date=work_date,
            )
        except ReportRefused as exc:
            return await _page(request, 422, error=str(exc), error_report="entry", values=values)
        return await _page(request, message=ENTERED)


DONE = {"confirm": N_("Confirmed."), "adjust": N_("Adjusted."), "reject": N_("Rejected.")}
ALL_DONE = N_("Confirm all done.")
ENTERED = N_("Count entered and confirmed.")
