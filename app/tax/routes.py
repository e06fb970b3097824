"""HR imports opening balances or declared deductions: upload, a row-by-row preview, then import all."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery
from litestar.response import Response, Template

from app.auth.guards import HR
from app.forms import Month
from app.i18n import N_
from app.people.imports import uploads
from app.tax import imports
from app.timeutil import local_today
from app.web import ActorDep, SettingsDep, after_post, form_data, render

NO_FILE = N_("Choose an .xlsx or .csv file.")


def _page(
    request: Request,
    preview: imports.Preview | None,
    kind: str,
    token: str = "",
    status_code: int = 200,
    imported: int | None = None,
    month: str = "",
) -> Template:
    return render(
        request,
        "tax/import.html",
        "tax/_import_preview.html",
        "import-preview",
        status_code=status_code,
        preview=preview,
        kind=kind,
        token=token,
        imported=imported,
        month=month or str(Month.of(local_today(request.app.state.settings.zone))),
    )


def _kind(text: str | None) -> str:
    return text if text in imports.KINDS else "openings"


class TaxImportController(Controller):
    path = "/tax/import"
    guards = [HR]

    @get("/")
    async def index(
        self, request: Request, kind: FromQuery[str | None] = None, imported: FromQuery[int | None] = None
    ) -> Template:
        return _page(request, None, _kind(kind), imported=imported)

    @post("/preview")
    async def preview(self, request: Request, settings: SettingsDep) -> Template:
        form = await request.form()
        upload, kind = form.get("file"), _kind(str(form.get("kind") or ""))
        month = str(form.get("from_month") or "")[:20]
        if not isinstance(upload, UploadFile) or not upload.filename:
            return _page(request, imports.Preview(kind, problems=[NO_FILE]), kind, status_code=422, month=month)
        content = await upload.read()
        token = uploads.stash(settings.data_dir, upload.filename, content)
        preview = await imports.preview(kind, upload.filename, content, month)
        return _page(request, preview, kind, token, status_code=200 if preview.ok else 422, month=month)

    @post("/commit")
    async def commit(self, request: Request, settings: SettingsDep, actor: ActorDep) -> Response:
        values = await form_data(request)
        kind, token = _kind(values.get("kind")), values.get("token", "")
        month = values.get("from_month", "")[:20]
        content = uploads.load(settings.data_dir, token)
        if content is None:
            return _page(request, imports.Preview(kind, problems=[NO_FILE]), kind, status_code=422, month=month)
        result = await imports.commit(kind, token, content, actor, month)
        if not result.ok:
            return _page(request, result, kind, token, status_code=422, month=month)
        uploads.discard(settings.data_dir, token)
        return after_post(request, f"/tax/import?kind={kind}&imported={len(result.rows)}")
