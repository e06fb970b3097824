"""Who is asking, and in which language: resolved once per request, before any handler."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.types import ASGIApp, Receive, Scope, Send

from app.auth.service import user_for_token
from app.i18n import LANGUAGE_NAMES, set_language

SESSION_COOKIE = "floorhr_session"
LANGUAGE_COOKIE = "floorhr_lang"


def session_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/static/"):
            connection = ASGIConnection(scope)
            token = connection.cookies.get(SESSION_COOKIE)
            scope["user"] = await user_for_token(token) if token else None
            language = connection.cookies.get(LANGUAGE_COOKIE)
            default = scope["app"].state.settings.lang
            set_language(language if language in LANGUAGE_NAMES else default)
        await app(scope, receive, send)

    return middleware
