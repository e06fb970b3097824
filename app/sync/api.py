"""The office's sync API for kiosk nodes: enrol, push facts, pull reference data (JSON, device token).

Every call but enrol needs `Authorization: Bearer <device token>`; a revoked device's token is
refused on its next request. The office's clock travels back with every answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from litestar import Controller, Request, get, post
from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException, ValidationException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import JSONBody, Parameter

from app.db.tx import write_transaction
from app.sync import devices, receive, reference
from app.timeutil import utcnow


@dataclass
class EnrolRequest:
    code: str


@dataclass
class EnrolAnswer:
    device_id: int
    name: str
    token: str
    secret: str  # the installation secret: the node checks badge signatures offline
    office_time: datetime


@dataclass
class PushRequest:
    events: list[Any]
    node_time: datetime | None = None
    backlog: int | None = None


@dataclass
class PushAnswer:
    stored: list[str]
    duplicates: list[str]
    quarantined: list[str]
    office_time: datetime
    clock_offset_ms: int


@dataclass
class PullAnswer:
    next_cursor: int
    more: bool
    changes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    deleted: list[dict[str, Any]] = field(default_factory=list)
    office_time: datetime = field(default_factory=utcnow)


async def device_token(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """A guard: the device is known by its token before the body is read (a stranger's push is never parsed)."""
    header = connection.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else ""
    device = await devices.node_for_token(token)
    if device is None:
        raise NotAuthorizedException("unknown or revoked device token")
    connection.state.device = device


def _device(request: Request) -> devices.NodeDevice:
    return request.state.device


class SyncApiController(Controller):
    path = "/api/sync"
    tags = ["sync"]

    @post("/enrol", status_code=200)
    async def enrol(self, data: JSONBody[EnrolRequest], state: State) -> EnrolAnswer:
        try:
            enrolment = await devices.enrol(data.code)
        except devices.DeviceError as refused:
            raise NotAuthorizedException(refused.args[0]) from refused
        return EnrolAnswer(
            enrolment.device_id, enrolment.name, enrolment.token, state.settings.secret_key.decode(), utcnow()
        )

    @post("/push", status_code=200, guards=[device_token])
    async def push(self, request: Request, data: JSONBody[PushRequest]) -> PushAnswer:
        """Up to 500 facts; each id is acknowledged as stored, duplicate or quarantined."""
        device = _device(request)
        try:
            outcome = await receive.receive(device, data.events, data.node_time, data.backlog)
        except receive.BatchRefused as refused:
            raise ValidationException(str(refused)) from refused
        return PushAnswer(
            outcome.stored, outcome.duplicates, outcome.quarantined, outcome.office_time, outcome.clock_offset_ms
        )

    @get("/pull", guards=[device_token])
    async def pull(
        self,
        request: Request,
        cursor: int = Parameter(ge=0, default=0),
        limit: int = Parameter(ge=1, le=reference.PAGE_LIMIT, default=reference.PAGE_LIMIT),
    ) -> PullAnswer:
        """Reference data changed after cursor, in pages; deleted rows as tombstones."""
        device = _device(request)
        page = await reference.read_page(cursor, limit)
        async with write_transaction():
            await devices.seen(device.id, None, None)
        return PullAnswer(page.next_cursor, page.more, page.changes, page.deleted)
