"""What a person sees when a request fails: a page in their language, or a redirect to sign in."""

from __future__ import annotations

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from litestar_htmx import ClientRedirect
from urllib.parse import quote

from app.i18n import N_, gettext

CSRF_MESSAGE = N_("This form has expired. Reload the page and try again.")


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/healthz")) or "application/json" in request.headers.get("accept", "")


def _error_page(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return Response({"error": gettext(message), "status": status}, status_code=status)
    return Template("errors/error.html", context={"status": status, "message": message}, status_code=status)


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
    if exc.status_code >= 500:
        return _error_page(request, exc.status_code, N_("Something went wrong on the server. Please try again."))
    return _error_page(request, exc.status_code, N_("The request could not be understood."))


EXCEPTION_HANDLERS = {
    NotAuthorizedException: not_signed_in,
    PermissionDeniedException: forbidden,
    NotFoundException: not_found,
    HTTPException: http_error,
}
