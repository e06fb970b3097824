"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template
from litestar.status_codes import HTTP_303_SEE_OTHER

from app.audit import service as audit
from app.auth import service, totp
from app.auth.guards import HR, UserDep
from app.auth.middleware import LANGUAGE_COOKIE, SESSION_COOKIE
from app.auth.rules import SESSION_HOURS
from app.db.tx import write_transaction
from app.i18n import LANGUAGE_NAMES, N_
from app.timeutil import utcnow
from app.web import form_data, safe_next, writes_on_read

TOO_MANY_FROM_HERE = N_(
    "Too many failed sign-ins from this computer. Try again in a few minutes, or ask an administrator."
)


class AuthController(Controller):
    @get("/login", sync_to_thread=False)
    def login_page(self, next: FromQuery[str | None] = None) -> Template:
        return Template("auth/login.html", context={"next": safe_next(next), "error": None, "username": ""})

    @post("/login")
    async def login(self, request: Request) -> Response:
        form = await form_data(request)
        target = safe_next(form.get("next"), "/")  # home sends each role to its own first page
        address, now = request.client.host if request.client else "-", utcnow()
        throttle = request.app.state.login_throttle
        try:
            if throttle.refused(address, now):
                raise service.LoginRefused(TOO_MANY_FROM_HERE)
            user = await service.authenticate(form.get("username", ""), form.get("password", ""), now)
        except service.LoginRefused as refused:
            if refused.message != TOO_MANY_FROM_HERE:
                throttle.failed(address, now)
            context = {"next": target, "error": refused.message, "username": form.get("username", "")}
            return Template("auth/login.html", context=context, status_code=400)
        throttle.succeeded(address)
        if await totp.is_enrolled(user.id):  # the password alone opens no session
            response = Redirect(f"/login/code?next={quote(target)}", status_code=HTTP_303_SEE_OTHER)
            response.set_cookie(
                totp.PENDING_COOKIE,
                totp.pending_token(user.id, _secret(request)),
                httponly=True,
                samesite="lax",
                max_age=totp.PENDING_SECONDS,
            )
            return response
        return await _signed_in(user, target, request.url.scheme == "https")

    @get("/login/code", sync_to_thread=False)
    def code_page(self, request: Request, next: FromQuery[str | None] = None) -> Template | Redirect:
        if totp.pending_user(request.cookies.get(totp.PENDING_COOKIE), _secret(request)) is None:
            return Redirect("/login")
        return Template("auth/code.html", context={"next": safe_next(next), "error": None})

    @post("/login/code")
    async def code(self, request: Request) -> Response:
        form = await form_data(request)
        target = safe_next(form.get("next"), "/")
        user_id = totp.pending_user(request.cookies.get(totp.PENDING_COOKIE), _secret(request))
        if user_id is None:  # the five minutes passed, or no password was given
            return Redirect("/login", status_code=HTTP_303_SEE_OTHER)
        try:
            user = await service.verify_second_factor(user_id, form.get("code", ""), _secret(request))
        except service.LoginRefused as refused:
            return Template("auth/code.html", context={"next": target, "error": refused.message}, status_code=400)
        response = await _signed_in(user, target, request.url.scheme == "https")
        response.delete_cookie(totp.PENDING_COOKIE)
        return response

    @post("/logout")
    async def logout(self, request: Request) -> Redirect:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await service.close_session(token)
        response = Redirect("/login", status_code=HTTP_303_SEE_OTHER)
        response.delete_cookie(SESSION_COOKIE)
        return response


def _secret(request: Request) -> bytes:
    return request.app.state.settings.secret_key


async def _signed_in(user: service.CurrentUser, target: str, secure: bool = False) -> Redirect:
    """secure: served over TLS, so the session cookie never travels in clear."""
    token = await service.open_session(user)
    response = Redirect(target, status_code=HTTP_303_SEE_OTHER)
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure, max_age=SESSION_HOURS * 3600
    )
    return response


class TotpController(Controller):
    """Enrolment of the second factor, for HR and admin accounts."""

    path = "/account/totp"
    guards = [HR]

    @get("/", opt=writes_on_read("enrolment"))
    async def page(self, request: Request, user: UserDep) -> Template:
        if await totp.is_enrolled(user.id):
            return Template("auth/totp.html", context={"enrolled": True})
        secret = await totp.start_enrolment(user.id, _secret(request))
        return await self._enrol_page(user, secret)

    async def _enrol_page(self, user, secret: str, error: str | None = None, status_code: int = 200) -> Template:
        uri = totp.provisioning_uri(secret, user.username)
        return Template(
            "auth/totp.html",
            status_code=status_code,
            context={"enrolled": False, "qr": totp.qr_svg(uri), "secret": secret, "error": error},
        )

    @post("/")
    async def confirm(self, request: Request, user: UserDep) -> Response:
        form = await form_data(request)
        if await totp.check_code(user.id, form.get("code", ""), _secret(request), confirming=True):
            async with write_transaction():
                await audit.record(user.actor, "user.totp_enrolled", "user", user.id)
            return Redirect("/account/totp", status_code=HTTP_303_SEE_OTHER)
        row = await totp.enrolment(user.id)
        secret = totp.decrypt(row["secret_encrypted"], _secret(request)) if row else None
        if secret is None:
            return Redirect("/account/totp", status_code=HTTP_303_SEE_OTHER)
        return await self._enrol_page(
            user, secret, N_("That code is not right. Type the 6 digits the app shows now."), status_code=422
        )


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
