"""HR's dashboard (its home page) and each report as an Excel sheet."""

from __future__ import annotations

from litestar import Controller, Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from app.approvals import service as approvals
from app.auth import totp
from app.auth.guards import HR
from app.reports import service
from app.timeutil import local_today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportsController(Controller):
    path = "/reports"
    guards = [HR]

    @get("/")
    async def dashboard(self, request: Request) -> Template:
        today = local_today(request.app.state.settings.zone)
        waiting = await approvals.items()
        context = {
            "reports": await service.dashboard(today, request.app.state.settings.zone),
            "today": today,
            "waiting": len(waiting),
            "overdue": sum(item.overdue for item in waiting),
            "totp_enrolled": await totp.is_enrolled(request.scope["user"].id),
        }
        return Template("reports/dashboard.html", context=context)

    @get("/{key:str}/xlsx")
    async def export(self, request: Request, key: FromPath[str]) -> Response:
        today = local_today(request.app.state.settings.zone)
        report = next(
            (item for item in await service.dashboard(today, request.app.state.settings.zone) if item.key == key), None
        )
        if report is None:
            raise NotFoundException()
        return Response(
            service.workbook(report),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{key}-{today.isoformat()}.xlsx"'},
        )
