"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from app.auth import service
from app.auth.middleware import LANGUAGE_COOKIE, SESSION_COOKIE
from app.auth.rules import SESSION_HOURS
from app.i18n import LANGUAGE_NAMES
from app.web import form_data, safe_next


@get("/", sync_to_thread=False)
def home(request: Request) -> Redirect:
    user = request.scope.get("user")
    if user is None:
        return Redirect("/login")
    if user.has_any("hr"):
        return Redirect("/reports")  # HR starts the day on the dashboard
    if user.has_any("dept_head", "trainer"):
        return Redirect("/training")
    return Redirect("/attendance/corrections")  # a supervisor's daily page


class AuthController(Controller):
    @get("/login", sync_to_thread=False)
    def login_page(self, next: FromQuery[str | None] = None) -> Template:
        return Template("auth/login.html", context={"next": safe_next(next), "error": None, "username": ""})

    @post("/login")
    async def login(self, request: Request) -> Response:
        form = await form_data(request)
        target = safe_next(form.get("next"), "/")  # home sends each role to its own first page
        try:
            user = await service.authenticate(form.get("username", ""), form.get("password", ""))
        except service.LoginRefused as refused:
            context = {"next": target, "error": refused.message, "username": form.get("username", "")}
            return Template("auth/login.html", context=context, status_code=400)
        token = await service.open_session(user)
        response = Redirect(target, status_code=HTTP_303_SEE_OTHER)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", max_age=SESSION_HOURS * 3600)
        return response

    @post("/logout")
    async def logout(self, request: Request) -> Redirect:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await service.close_session(token)
        response = Redirect("/login", status_code=HTTP_303_SEE_OTHER)
        response.delete_cookie(SESSION_COOKIE)
        return response


class LanguageController(Controller):
    path = "/lang"

    @get("/{language:str}", sync_to_thread=False)
    def switch(self, request: Request, language: FromPath[str]) -> Redirect:
        """A plain link, so it works without JavaScript; back to the page it was clicked on."""
        referer = request.headers.get("referer", "")
        path = "/" + referer.split("/", 3)[3] if referer.count("/") >= 3 else "/"
        response = Redirect(safe_next(path), status_code=HTTP_303_SEE_OTHER)
        if language in LANGUAGE_NAMES:
            response.set_cookie(LANGUAGE_COOKIE, language, httponly=True, samesite="lax", max_age=365 * 86400)
        return response
