"""The audit log viewer for HR and admins."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.response import Template

from app.audit import viewer
from app.auth.guards import HR
from app.web import ZoneDep, render


class AuditController(Controller):
    path = "/audit"
    guards = [HR]

    @get("/")
    async def log(self, request: Request, zone: ZoneDep) -> Template:
        values = dict(request.query_params)
        selection, bad = viewer.parse_filter(values)
        try:
            page = int(values.get("page", "1"))
        except ValueError:
            page = 1
        result = await viewer.search(selection, zone, page)
        base = "/audit?" + urlencode({key: value for key, value in values.items() if key != "page"})
        return render(
            request,
            "audit/log.html",
            "audit/_table.html",
            "audit-table",
            status_code=422 if bad else 200,
            result=result,
            selection=selection,
            bad=bad,
            entities=await viewer.entities(),
            base=base,
            values=values,
        )
