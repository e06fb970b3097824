"""Office pages of sync: enrolled kiosk nodes (/devices) and facts held in quarantine (/sync)."""

from __future__ import annotations

import uuid

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Response, Template

from app import tls
from app.attendance.scans.queries import clock_suspect_count
from app.auth.guards import HR
from app.sync import devices, quarantine
from app.web import ActorDep, SettingsDep, after_post, form_data, render


class DeviceController(Controller):
    path = "/devices"
    guards = [HR]

    async def _page(self, request: Request, error: str = "", name: str = "", added: tuple | None = None) -> Template:
        return render(
            request,
            "sync/devices.html",
            status_code=422 if error else 200,
            nodes=await devices.list_nodes(),
            error=error,
            name=name,
            added=added,
            office_url=str(request.base_url).rstrip("/"),
        )

    @get("/")
    async def index(self, request: Request) -> Template:
        return await self._page(request)

    @post("/")
    async def add(self, request: Request, actor: ActorDep, settings: SettingsDep) -> Template:
        """The code is shown once, on this answer, for the person setting up the kiosk PC."""
        name = (await form_data(request)).get("name", "")
        try:
            node, code = await devices.add_node(name, actor)
        except devices.DeviceError as refused:
            return await self._page(request, refused.args[0], name)
        pin = tls.office_pin(settings.data_dir) if request.url.scheme == "https" else None
        return await self._page(request, added=(node, tls.code_with_pin(code, pin)))  # HTTPS: the code pins the cert

    @post("/{device_id:int}/revoke")
    async def revoke(self, request: Request, actor: ActorDep, device_id: FromPath[int]) -> Response:
        await devices.revoke_node(device_id, actor)
        return after_post(request, "/devices")


class SyncPageController(Controller):
    path = "/sync"
    guards = [HR]

    @get("/")
    async def index(self, request: Request) -> Template:
        return await self._page(request)

    async def _page(self, request: Request, error: str = "") -> Template:
        return render(
            request,
            "sync/quarantine.html",
            status_code=422 if error else 200,
            held=await quarantine.list_held(),
            nodes=await devices.list_nodes(),
            clock_suspect=await clock_suspect_count(),
            error=error,
        )

    @post("/{fact_id:uuid}/retry")
    async def retry(self, request: Request, actor: ActorDep, fact_id: FromPath[uuid.UUID]) -> Response:
        reason = await quarantine.retry(fact_id, actor)
        if reason:
            return await self._page(request, reason)
        return after_post(request, "/sync")

    @post("/{fact_id:uuid}/dismiss")
    async def dismiss(self, request: Request, actor: ActorDep, fact_id: FromPath[uuid.UUID]) -> Response:
        await quarantine.dismiss(fact_id, actor)
        return after_post(request, "/sync")
