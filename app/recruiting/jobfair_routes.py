"""HR imports a job fair's list: upload, a preview with each row's problem, then the import."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery
from litestar.response import Response, Template

from app.auth.guards import HR
from app.i18n import N_
from app.people.imports import uploads
from app.recruiting import jobfair
from app.timeutil import local_today
from app.web import ActorDep, SettingsDep, ZoneDep, after_post, form_data, render


def _page(request: Request, fair, token: str, values: dict, status_code: int = 200, imported=None) -> Template:
    context = {"fair": fair, "token": token, "values": values, "imported": imported}
    return render(
        request,
        "recruiting/import.html",
        "recruiting/_import_preview.html",
        "import-preview",
        status_code=status_code,
        **context,
    )


class JobFairController(Controller):
    path = "/recruiting/import"
    guards = [HR]

    @get("/")
    async def index(self, request: Request, imported: FromQuery[int | None] = None) -> Template:
        return _page(request, None, "", {}, imported=imported)

    @post("/preview")
    async def preview(self, request: Request, settings: SettingsDep, zone: ZoneDep) -> Template:
        form = await request.form()
        upload, token = form.get("file"), str(form.get("token") or "")
        values = {"fair_name": str(form.get("fair_name") or "")[:100], "consent": str(form.get("consent") or "")}
        if isinstance(upload, UploadFile) and upload.filename:
            content = await upload.read()
            token = uploads.stash(settings.data_dir, upload.filename, content)
        else:
            content = uploads.load(settings.data_dir, token)
        if content is None:
            return _page(request, jobfair.FairList(problem=N_("Choose an .xlsx or .csv file.")), "", values, 422)
        fair = await jobfair.preview(token, content, local_today(zone), settings.secret_key)
        return _page(request, fair, token, values)

    @post("/commit")
    async def commit(
        self,
        request: Request,
        settings: SettingsDep,
        zone: ZoneDep,
        actor: ActorDep,
    ) -> Response:
        values = await form_data(request)
        token = values.get("token", "")
        content = uploads.load(settings.data_dir, token)
        if content is None:
            gone = jobfair.FairList(problem=N_("The uploaded file is gone: upload it again."))
            return _page(request, gone, "", values, 422)
        fair, imported = await jobfair.import_list(
            token,
            content,
            local_today(zone),
            settings.secret_key,
            values.get("fair_name", ""),
            values.get("consent") == "1",
            actor,
        )
        if imported:
            uploads.discard(settings.data_dir, token)
            return after_post(request, f"/recruiting/import?imported={imported}")
        return _page(request, fair, token, values, 422)
