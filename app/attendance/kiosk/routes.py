"""The kiosk page (a focused input that scanners type into, camera results polled), browser kiosks, scan review."""

from __future__ import annotations

import time as clock
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.attendance.kiosk import devices as kiosks
from app.attendance.scans import queries as scan_queries
from app.attendance.scans.service import PIN_NEEDED, ScanResult, node_id, record_scan
from app.auth import service as auth
from app.auth.guards import ADMIN, HR
from app.auth.middleware import SESSION_COOKIE
from app.badges import service as badges
from app.settings import Settings
from app.sync import node_state
from app.timeutil import utcnow
from app.web import ActorDep, SettingsDep, after_post, form_data, render

KIOSK_COOKIE = "floorhr_kiosk"
COOKIE_SECONDS = 10 * 365 * 86400
LOCAL_HOSTS = ("127.0.0.1", "::1")
RESULT_SECONDS = 5  # a result stays on screen this long, then the kiosk is idle again
PIN_SECONDS = 20


async def kiosk_allowed(request: Request) -> str | None:
    """The kiosk's name if this browser may use the kiosk page, else None.

    On a kiosk node (FLOORHR_ROLE=kiosk) its own browser on 127.0.0.1 needs nothing; anywhere
    else the browser must hold the cookie of a browser kiosk an admin activated.
    """
    settings: Settings = request.app.state.settings
    if settings.role == "kiosk" and request.client and request.client.host in LOCAL_HOSTS:
        return "local"
    token = request.cookies.get(KIOSK_COOKIE)
    return await kiosks.kiosk_for_token(token) if token else None


# A handler's `kiosk: KioskDep` is kiosk_allowed's answer (app.main provides it by name): the kiosk's name or None.
KioskDep = NamedDependency[str | None]


@dataclass(frozen=True)
class PunchView:
    """What the result widget shows; after is the node_seq whose camera scans were already shown."""

    after: int
    result: ScanResult | None = None
    until: int = 0  # unix seconds: back to idle from then on
    time: str = ""  # HH:MM, plant-local
    shift: str = ""  # "早班 08:00"
    card: str = ""  # the card a PIN is asked for, sent back with it

    @property
    def tone(self) -> str:
        return self.result.tone if self.result else "idle"


def punch_view(result: ScanResult | None, after: int, zone: ZoneInfo, card: str = "") -> PunchView:
    if result is None:
        return PunchView(after)
    seconds = PIN_SECONDS if result.outcome == PIN_NEEDED else RESULT_SECONDS
    at = result.punched_at
    return PunchView(
        after,
        result,
        int(clock.time()) + seconds,
        at.astimezone(zone).strftime("%H:%M") if at else "",
        f"{result.shift.name} {result.shift.start:%H:%M}" if result.shift else "",
        card if result.outcome == PIN_NEEDED else "",
    )


def kiosk_inactive() -> Template:
    return Template("attendance/kiosk_inactive.html", status_code=403)


class KioskController(Controller):
    path = "/kiosk"

    @get("/")
    async def page(self, request: Request, kiosk: KioskDep, settings: SettingsDep) -> Template:
        if kiosk is None:
            return kiosk_inactive()
        if request.cookies.get(KIOSK_COOKIE):
            await kiosks.seen(request.cookies[KIOSK_COOKIE])
        after = await scan_queries.last_seq(node_id(settings))
        sync = await node_state.status() if settings.role == "kiosk" else None
        return Template("attendance/kiosk.html", context={"kiosk": kiosk, "view": PunchView(after), "sync": sync})

    @get("/sync-status")
    async def sync_status(self, kiosk: KioskDep, settings: SettingsDep) -> Template:
        """The kiosk node's corner: online or offline, and how many facts wait for the office (polled)."""
        if kiosk is None:
            return kiosk_inactive()
        sync = await node_state.status() if settings.role == "kiosk" else None
        return Template("attendance/_sync_status.html", context={"sync": sync})

    @post("/scan")
    async def scan(self, request: Request, settings: SettingsDep, kiosk: KioskDep) -> Template:
        if kiosk is None:
            return kiosk_inactive()
        form = await form_data(request)
        node, text = node_id(settings), form.get("text", "")
        result = await record_scan(
            text, node, utcnow(), "kiosk", secret=settings.secret_key, zone=settings.zone, pin=form.get("pin") or None
        )
        after = result.node_seq or await scan_queries.last_seq(node)
        view = punch_view(result, after, settings.zone, text)
        sync = await node_state.status() if settings.role == "kiosk" else None  # the whole page shows it too
        return render(
            request,
            "attendance/kiosk.html",
            "attendance/_punch_result.html",
            "punch-result",
            kiosk=kiosk,
            view=view,
            sync=sync,
        )

    @get("/result")
    async def poll(
        self, kiosk: KioskDep, settings: SettingsDep, after: FromQuery[int] = 0, until: FromQuery[int] = 0
    ) -> Response:
        """Every second: a newer camera scan, or idle once the shown result's time is up, else 204 (no swap)."""
        if kiosk is None:
            return kiosk_inactive()
        result = await scan_queries.camera_result_after(node_id(settings), after)
        if result is not None:
            view = punch_view(result, result.node_seq, settings.zone)
        elif until and clock.time() >= until:
            view = PunchView(after)
        else:
            return Response(content=b"", status_code=204)
        return Template("attendance/_punch_result.html", context={"view": view})


class KioskAdminController(Controller):
    path = "/kiosks"
    guards = [ADMIN]

    async def _page(self, request: Request, error: str = "", name: str = "") -> Template:
        context = {
            "kiosks": await kiosks.list_browsers(),
            "error": error,
            "name": name,
            "pin_required": await badges.pin_required(),
        }
        return render(request, "attendance/kiosks.html", status_code=422 if error else 200, **context)

    @get("/")
    async def index(self, request: Request) -> Template:
        return await self._page(request)

    @post("/")
    async def activate(self, request: Request, actor: ActorDep) -> Response:
        """Makes this browser a kiosk and signs the admin out here: workers will use it."""
        name = (await form_data(request)).get("name", "")
        try:
            token = await kiosks.activate_browser(name, actor)
        except kiosks.KioskError as refused:
            return await self._page(request, refused.args[0], name)
        if request.cookies.get(SESSION_COOKIE):
            await auth.close_session(request.cookies[SESSION_COOKIE])
        response = after_post(request, "/kiosk")
        response.set_cookie(KIOSK_COOKIE, token, httponly=True, samesite="lax", max_age=COOKIE_SECONDS)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @post("/{device_id:int}/revoke")
    async def revoke(self, request: Request, actor: ActorDep, device_id: FromPath[int]) -> Response:
        await kiosks.revoke_browser(device_id, actor)
        return after_post(request, "/kiosks")

    @post("/pin")
    async def pin_setting(self, request: Request, actor: ActorDep) -> Response:
        required = (await form_data(request)).get("required") == "on"
        await badges.set_pin_required(required, actor)
        return after_post(request, "/kiosks")


class ScanReviewController(Controller):
    path = "/attendance/scans"
    guards = [HR]

    @get("/")
    async def index(self, request: Request, outcome: FromQuery[str] = "refused", page: FromQuery[int] = 1) -> Template:
        result = await scan_queries.review(outcome, page)
        return render(
            request,
            "attendance/scans.html",
            "attendance/_scan_table.html",
            "scan-table",
            result=result,
            outcomes=scan_queries.OUTCOMES,
        )
