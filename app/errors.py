"""What a person sees when a request fails: a page in their language, or a redirect to sign in."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from litestar_htmx import ClientRedirect

from app.i18n import N_, gettext
from app.request_log import access_log, current_request_id, error_log

CSRF_MESSAGE = N_("This form has expired. Reload the page and try again.")
# Litestar's words when the body stops because the client hung up (a kiosk timing out, a tab closed).
CLIENT_GONE = "client disconnected prematurely"
SERVER_FAULT = N_(
    "Something went wrong on the server. Please try again; if it happens again, give HR the number below."
)


class Refused(Exception):
    """The one way a service says no: a message id (translated where shown), the form field it is about.

    ``params`` fill %(name)s placeholders after translation. A route that re-renders its form catches it
    and shows ``errors``; anywhere else the app-level handler answers with the message and ``status``.
    A form with several bad fields is refused all at once with ``Refused.fields``, so the person sees every
    message together, as before.
    """

    def __init__(self, message: str, field: str | None = None, status: int = 422, **params: object):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status
        self.params = params
        # {field: (message id, params)}: one entry here, several when made by fields()
        self.messages: dict[str, tuple[str, dict[str, object]]] = {field or "_form": (message, params)}

    @classmethod
    def fields(cls, messages: Mapping[str, str | tuple[str, Mapping[str, object]]], status: int = 422) -> Refused:
        """Several fields refused at once: {field: message id} or {field: (message id, {placeholder: value})}.

        ``message``/``field``/``params`` name the first; ``errors`` holds them all, each in the current language.
        """
        if not messages:
            raise ValueError("a refusal names at least one field")
        spelled = {
            field: (message, {}) if isinstance(message, str) else (message[0], dict(message[1]))
            for field, message in messages.items()
        }
        field, (message, params) = next(iter(spelled.items()))
        refused = cls(message, field=field or None, status=status)
        refused.params = params
        refused.messages = spelled
        refused.args = ("; ".join(f"{name}: {text}" for name, (text, _) in spelled.items()),)
        return refused

    @property
    def text(self) -> str:
        """The message in the current language (every field's, one a line, when several are refused)."""
        return "\n".join(_translated(message, params) for message, params in self.messages.values())

    @property
    def errors(self) -> dict[str, str]:
        """For a form: {field: message in the current language}."""
        return {field: _translated(message, params) for field, (message, params) in self.messages.items()}


def _translated(message: str, params: Mapping[str, object]) -> str:
    translated = gettext(message)
    return translated % params if params else translated


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/healthz")) or "application/json" in request.headers.get("accept", "")


def _error_page(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return Response({"error": gettext(message), "status": status}, status_code=status)
    return Template("errors/error.html", context={"status": status, "message": message}, status_code=status)


def refused(request: Request, exc: Refused) -> Response:
    """A refusal no form caught: the message, already translated, with its status (422 by default)."""
    return _error_page(request, exc.status, exc.text)


def not_signed_in(request: Request, exc: NotAuthorizedException) -> Response:
    if _wants_json(request):
        return _error_page(request, 401, N_("Please sign in."))
    target = "/login?next=" + quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    if request.headers.get("hx-request"):
        return ClientRedirect(target)
    return Redirect(target)


def forbidden(request: Request, exc: PermissionDeniedException) -> Response:
    message = CSRF_MESSAGE if "CSRF" in str(exc.detail) else (exc.detail or N_("You may not do that."))
    return _error_page(request, 403, message)


def not_found(request: Request, exc: NotFoundException) -> Response:
    return _error_page(request, 404, N_("There is nothing at this address."))


def http_error(request: Request, exc: HTTPException) -> Response:
    if exc.detail == CLIENT_GONE:
        # Nobody is left to answer and nothing of ours failed: one line, no traceback in the error log.
        access_log.info(
            "rid=%s method=%s path=%s client went away", current_request_id(), request.method, request.url.path
        )
        return Response(b"", status_code=499)
    if exc.status_code >= 500:
        return server_error(request, exc)
    return _error_page(request, exc.status_code, N_("The request could not be understood."))


def server_error(request: Request, exc: Exception) -> Response:
    """A fault of ours: the traceback goes to the console's error log with the request id, and the person
    sees a page in their language with that id to quote, never the traceback."""
    error_log.error(
        "rid=%s method=%s path=%s %s",
        current_request_id(),
        request.method,
        request.url.path,
        type(exc).__name__,
        exc_info=exc,
    )
    status = getattr(exc, "status_code", 500)
    if _wants_json(request):
        return Response(
            {"error": gettext(SERVER_FAULT), "status": status, "request_id": current_request_id()}, status_code=status
        )
    return Template(
        "errors/error.html",
        status_code=status,
        context={"status": status, "message": SERVER_FAULT, "request_id": current_request_id()},
    )


EXCEPTION_HANDLERS = {
    Refused: refused,
    NotAuthorizedException: not_signed_in,
    PermissionDeniedException: forbidden,
    NotFoundException: not_found,
    HTTPException: http_error,
    Exception: server_error,
}
