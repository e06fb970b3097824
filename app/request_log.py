"""One structured line per request on the console (request id, user, method, path, status, ms), and the
request id on every answer (X-Request-ID) so a person can quote it from the error page to whoever reads the log."""

from __future__ import annotations

import atexit
import logging
import logging.handlers
import queue
import secrets
import time
from contextvars import ContextVar

from litestar.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("floorhr.access")
error_log = logging.getLogger("floorhr.error")
_request_id: ContextVar[str] = ContextVar("floorhr_request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


def configure_console_logging(level: int = logging.INFO) -> None:
    """floorhr's own loggers to stderr as key=value lines (the server's output is the plant's log).

    The event loop only queues a record; a thread writes it. A slow or stalled reader of stderr (a pipe
    nobody drains, a busy journald) then delays the log, never the kiosks' requests: written from the
    loop, one full 64 KB pipe stopped every request of the server."""
    if logging.getLogger("floorhr.access").handlers:
        return  # configured already (one listener thread per process)
    stream = logging.StreamHandler()
    stream.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
    listener = logging.handlers.QueueListener(records, stream)
    listener.start()
    atexit.register(listener.stop)  # what is queued is written before the process ends
    handler = logging.handlers.QueueHandler(records)
    for name in ("floorhr.access", "floorhr.error", "floorhr"):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
        logger.propagate = False


def request_log_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        request_id = secrets.token_hex(6)
        token = _request_id.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            user = scope.get("user")
            if not scope["path"].startswith("/static/"):
                access_log.info(
                    "rid=%s user=%s method=%s path=%s status=%s ms=%.1f",
                    request_id,
                    getattr(user, "username", "-"),
                    scope["method"],
                    scope["path"],
                    status,
                    (time.perf_counter() - started) * 1000,
                )
            _request_id.reset(token)

    return middleware
