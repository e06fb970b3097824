"""HR's social insurance pages: schemes and their dated versions, and who is not enrolled in time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.auth.guards import HR
from app.contributions import forms, rules, service
from app.errors import Refused
from app.timeutil import local_today
from app.web import ActorDep, ZoneDep, after_post, form_data, render


class ContributionController(Controller):
    path = "/contributions"
    guards = [HR]

    async def _index(self, request: Request, zone: ZoneInfo, errors: dict | None = None, values: dict | None = None):
        return render(
            request,
            "contributions/index.html",
            status_code=422 if errors else 200,
            schemes=await service.schemes(),
            overdue=await service.not_enrolled(local_today(zone)),
            errors=errors or {},
            values=values or {},
        )

    @get("/")
    async def index(self, request: Request, zone: ZoneDep) -> Template:
        return await self._index(request, zone)

    @post("/schemes")
    async def add(self, request: Request, zone: ZoneDep, actor: ActorDep) -> Template | Redirect:
        values = await form_data(request)
        try:
            scheme_id = await service.add_scheme(values.get("name", ""), actor)
        except Refused as exc:
            return await self._index(request, zone, exc.errors, values)
        return after_post(request, f"/contributions/schemes/{scheme_id}")

    async def _scheme(
        self, request: Request, scheme_id: int, errors: dict | None = None, values: dict | None = None
    ) -> Template:
        scheme = await service.scheme(scheme_id)
        if scheme is None:
            raise NotFoundException()
        versions = await service.versions(scheme_id)
        return render(
            request,
            "contributions/scheme.html",
            status_code=422 if errors else 200,
            scheme=scheme,
            versions=versions,
            codes=forms.CODES,
            labels=rules.ITEM_LABELS,
            errors=errors or {},
            values=values if values is not None else forms.version_values(versions[0] if versions else None),
        )

    @get("/schemes/{scheme_id:int}")
    async def scheme(self, request: Request, scheme_id: FromPath[int]) -> Template:
        return await self._scheme(request, scheme_id)

    @post("/schemes/{scheme_id:int}/versions")
    async def save_version(self, request: Request, scheme_id: FromPath[int], actor: ActorDep) -> Template | Redirect:
        values = await form_data(request)
        try:
            month, version = forms.parse_version(values)
            await service.save_version(scheme_id, month, version, actor)
        except Refused as exc:
            return await self._scheme(request, scheme_id, exc.errors, values)
        return after_post(request, f"/contributions/schemes/{scheme_id}")
