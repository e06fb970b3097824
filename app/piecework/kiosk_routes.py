"""The kiosk's piece report: scan the badge, tap an operation the worker may do, key in the count."""

from __future__ import annotations

from datetime import date, timedelta

from litestar import Controller, Request, get, post
from litestar.response import Template

from app.attendance.kiosk.routes import KioskDep, kiosk_allowed, kiosk_inactive
from app.attendance.scans.service import node_id
from app.badges import service as badges
from app.forms import parse_int
from app.piecework import reports
from app.piecework.reports import ReportRefused
from app.settings import Settings
from app.timeutil import local_today, utcnow
from app.web import SettingsDep, form_data, render

KIOSK_PAST_DAYS = 7  # the kiosk offers today and the days before it, within the open pay period


async def _days(request: Request) -> list[date]:
    """The days a worker may report for at the kiosk, today first."""
    earliest, today = await reports.count_days(request.app.state.settings.zone)
    return [today - timedelta(days=n) for n in range(KIOSK_PAST_DAYS) if today - timedelta(days=n) >= earliest]


async def _screen(request: Request, kiosk: str, status_code: int = 200, **context: object) -> Template:
    defaults = {
        "kiosk": kiosk,
        "holder": None,
        "badge": "",
        "choices": [],
        "chosen": None,
        "error": "",
        "done": None,
        "values": {},
        "days": await _days(request),
    }
    return render(
        request,
        "piecework/kiosk.html",
        "piecework/_kiosk_step.html",
        "pieces-step",
        status_code=status_code,
        **{**defaults, **context},
    )


async def _worker(request: Request):
    """This kiosk's name (None: not a kiosk), the worker's badge checked again, the form, and the operations they
    may report today (empty when the badge is refused)."""
    kiosk = await kiosk_allowed(request)
    if kiosk is None:
        return None, None, {}, []
    settings: Settings = request.app.state.settings
    values = await form_data(request)
    found = await badges.identify(settings.secret_key, values.get("badge", ""), utcnow())
    choices = await reports.choices(found.holder.employee_id, local_today(settings.zone)) if found.holder else []
    return kiosk, found, values, choices


class PiecesKioskController(Controller):
    path = "/kiosk/pieces"

    @get("/")
    async def start(self, request: Request, kiosk: KioskDep) -> Template:
        return kiosk_inactive() if kiosk is None else await _screen(request, kiosk)

    @post("/")
    async def step(self, request: Request) -> Template:
        """The badge (re-checked at every step), then the operations, then the chosen one's count form."""
        kiosk, found, values, choices = await _worker(request)
        if kiosk is None or found.holder is None:
            return kiosk_inactive() if kiosk is None else await _screen(request, kiosk, 422, error=found.message)
        chosen = next((c for c in choices if str(c.operation.id) == values.get("operation_id") and not c.refusal), None)
        return await _screen(
            request, kiosk, holder=found.holder, badge=values.get("badge", ""), choices=choices, chosen=chosen
        )

    @post("/report")
    async def report(self, request: Request, settings: SettingsDep) -> Template:
        kiosk, found, values, choices = await _worker(request)
        if kiosk is None or found.holder is None:
            return kiosk_inactive() if kiosk is None else await _screen(request, kiosk, 422, error=found.message)
        chosen = next((c for c in choices if str(c.operation.id) == values.get("operation_id")), None)
        quantity, defects = parse_int(values.get("quantity", "")), parse_int(values.get("defects", "") or "0")
        try:
            if quantity is None or defects is None:
                raise ReportRefused(reports.rules.QUANTITY_NOT_WHOLE.message)
            report = await reports.report_at_kiosk(
                found.holder.employee_id,
                chosen.operation.id if chosen else 0,
                quantity,
                defects,
                node_id(settings),
                settings.zone,
                work_date=reports.work_date_field(values.get("work_date", "")),
            )
        except ReportRefused as exc:
            return await _screen(
                request,
                kiosk,
                422,
                holder=found.holder,
                badge=values.get("badge", ""),
                choices=choices,
                chosen=chosen if chosen and not chosen.refusal else None,
                error=str(exc),
                values=values,
            )
        return await _screen(
            request,
            kiosk,
            done={
                "name": found.holder.name,
                "operation": chosen.operation.name,
                "quantity": report.quantity,
                "defects": report.defects,
            },
        )
