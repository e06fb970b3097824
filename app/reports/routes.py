"""HR's dashboard (its home page) and each report as an Excel sheet."""

from __future__ import annotations

from litestar import Controller, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from app.approvals import service as approvals
from app.auth import totp
from app.auth.guards import HR, UserDep
from app.reports import service
from app.timeutil import local_today
from app.web import ZoneDep

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportsController(Controller):
    path = "/reports"
    guards = [HR]

    @get("/")
    async def dashboard(self, user: UserDep, zone: ZoneDep) -> Template:
        today = local_today(zone)
        waiting = await approvals.items()
        context = {
            "reports": await service.dashboard(today, zone),
            "today": today,
            "waiting": len(waiting),
            "overdue": sum(item.overdue for item in waiting),
            "totp_enrolled": await totp.is_enrolled(user.id),
        }
        return Template("reports/dashboard.html", context=context)

    @get("/{key:str}/xlsx")
    async def export(self, zone: ZoneDep, key: FromPath[str]) -> Response:
        today = local_today(zone)
        report = next((item for item in await service.dashboard(today, zone) if item.key == key), None)
        if report is None:
            raise NotFoundException()
        return Response(
            service.workbook(report),
            media_type=XLSX,
            headers={"Content-Disposition": f'attachment; filename="{key}-{today.isoformat()}.xlsx"'},
        )
