"""Backups on the Plant page: the last backup's age, size and where it went, "back up now" (admins), and the
schedule HR sets (nightly time, copies kept, folders: app.ops.plan)."""

from __future__ import annotations

from babel.dates import format_timedelta
from babel.numbers import format_decimal
from litestar import Controller, Request, get, post
from litestar.response import Response, Template

from app import i18n
from app.auth.guards import ADMIN, HR
from app.errors import Refused
from app.ops import plan
from app.ops.backup import BackupConfig, backup_now
from app.ops.plan import current_config
from app.ops.status import backup_status
from app.settings import Settings
from app.web import ActorDep, SettingsDep, after_post, form_data, render

PAGE, FRAGMENT, TARGET = "ops/backup.html", "ops/_backup_status.html", "backup-status"


def shown_size(size: int) -> str:
    """Bytes as MB with one decimal (kB under 0.1 MB), in the current locale's digits."""
    locale = i18n.babel_locale()
    if size < 100_000:
        return f"{format_decimal(size / 1000, '#,##0.0', locale=locale)} kB"
    return f"{format_decimal(size / 1_000_000, '#,##0.0', locale=locale)} MB"


async def _status(
    request: Request,
    settings: Settings,
    status_code: int = 200,
    error: str = "",
    done: bool = False,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    saved: bool = False,
):
    status = await backup_status(await current_config(settings))
    server = BackupConfig.from_env(settings)  # what an empty field on the schedule form means
    age = format_timedelta(status.last.age, locale=i18n.babel_locale()) if status.last else ""
    size = shown_size(status.last.size) if status.last else ""
    return render(
        request,
        PAGE,
        FRAGMENT,
        TARGET,
        status_code=status_code,
        status=status,
        error=error,
        done=done,
        age=age,
        size=size,
        values=values if values is not None else await plan.page_values(),
        errors=errors or {},
        saved=saved,
        server=server,
    )


class BackupController(Controller):
    path = "/plant/backup"
    guards = [HR]

    @get("/")
    async def index(self, request: Request, settings: SettingsDep) -> Template:
        query = request.query_params
        return await _status(request, settings, done=query.get("done") == "1", saved=query.get("saved") == "1")

    @post("/schedule")
    async def schedule(self, request: Request, settings: SettingsDep, actor: ActorDep) -> Response:
        values = await form_data(request)
        try:
            await plan.save(plan.parse(values), actor)
        except Refused as refused:
            errors = {refused.field or "at": refused.text}
            return await _status(request, settings, status_code=422, values=values, errors=errors)
        return after_post(request, "/plant/backup?saved=1")

    @post("/", guards=[ADMIN])
    async def now(self, request: Request, settings: SettingsDep) -> Response:
        try:
            await backup_now(settings, await current_config(settings))
        except Refused as refused:
            return await _status(
                request, settings, status_code=refused.status if refused.status != 409 else 422, error=refused.text
            )
        if request.htmx and request.htmx.target == TARGET:
            return await _status(request, settings, done=True)
        return after_post(request, "/plant/backup?done=1")
