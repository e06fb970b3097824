"""HR imports an existing roster: upload, a preview with each row's problems, then import all or the valid rows."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery
from litestar.response import Response, Template

from app.auth.guards import HR
from app.i18n import N_
from app.people.imports import service as import_roster
from app.people.imports import uploads
from app.people.imports.rules import Roster, RosterProblem
from app.web import ActorDep, SettingsDep, after_post, form_data, render


def _page(
    request: Request,
    roster: Roster | None,
    token: str,
    create_missing: bool,
    status_code: int = 200,
    imported: int | None = None,
) -> Template:
    context = {"roster": roster, "token": token, "create_missing": create_missing, "imported": imported}
    return render(
        request,
        "people/import.html",
        "people/_import_preview.html",
        "import-preview",
        status_code=status_code,
        **context,
    )


class ImportController(Controller):
    path = "/people/import"
    guards = [HR]

    @get("/")
    async def index(self, request: Request, imported: FromQuery[int | None] = None) -> Template:
        return _page(request, None, "", False, imported=imported)

    @post("/preview")
    async def preview(self, request: Request, settings: SettingsDep) -> Template:
        """A new file, or (with its token) the file already uploaded, checked again with other options."""
        form = await request.form()
        upload, token = form.get("file"), str(form.get("token") or "")
        create_missing = form.get("create_missing") == "1"
        data_dir = settings.data_dir
        if isinstance(upload, UploadFile) and upload.filename:
            content = await upload.read()
            token = uploads.stash(data_dir, upload.filename, content)
        else:
            content = uploads.load(data_dir, token)
        if content is None:
            refused = Roster(problems=[RosterProblem(N_("Choose an .xlsx or .csv file."))])
            return _page(request, refused, "", create_missing, status_code=422)
        roster = await import_roster.preview(token, content, create_missing)
        return _page(request, roster, token, create_missing)

    @post("/commit")
    async def commit(self, request: Request, actor: ActorDep, settings: SettingsDep) -> Response:
        values = await form_data(request)
        token, create_missing = values.get("token", ""), values.get("create_missing") == "1"
        data_dir = settings.data_dir
        content = uploads.load(data_dir, token)
        if content is None:
            expired = Roster(problems=[RosterProblem(N_("The uploaded file is gone: upload it again."))])
            return _page(request, expired, "", create_missing, status_code=422)
        result = await import_roster.import_roster(
            token, content, values.get("valid_only") == "1", create_missing, actor
        )
        if result.imported:
            uploads.discard(data_dir, token)
            return after_post(request, f"/people/import?imported={result.imported}")
        return _page(request, result.roster, token, create_missing, status_code=422)
