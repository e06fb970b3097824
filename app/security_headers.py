"""Security headers on every answer: a Content-Security-Policy that allows floorhr's own static files and
nothing inline, no framing, no MIME sniffing, no referrer to other sites, and no caching of anything but the
static files (pages hold personal data, payslips and exports)."""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
    "connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
COMMON = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def security_headers_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if static or name.lower() != b"cache-control"
                ]
                headers += COMMON if static else [*COMMON, (b"cache-control", b"no-store")]
                message["headers"] = headers
            await send(message)

        await app(scope, receive, send_with_headers)

    return middleware
