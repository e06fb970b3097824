"""A kiosk node's own sync state, one NodeState row per key: identity, token, cursor, last contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.db.tx import write_transaction
from app.sync.tables import NodeState, OutboxEvent

KEYS = (
    "office_url",
    "device_id",
    "device_name",
    "token",
    "cursor",
    "last_push_at",
    "last_pull_at",
    "last_attempt_at",
    "office_answers",
    "last_error",
    "clock_offset_ms",
)


@dataclass(frozen=True)
class NodeStatus:
    office_url: str
    device_name: str
    enrolled: bool
    pending: int
    cursor: int
    last_push_at: datetime | None
    last_pull_at: datetime | None
    office_answers: bool
    last_error: str
    clock_offset_ms: int


async def read() -> dict[str, str]:
    return {row["key"]: row["value"] for row in await NodeState.select(NodeState.key, NodeState.value).run()}


async def write(values: dict[str, object]) -> None:
    """Upsert keys; call inside a write transaction or on its own."""
    async with write_transaction():
        for key, value in values.items():
            text = "" if value is None else value.isoformat() if isinstance(value, datetime) else str(value)
            updated = (
                await NodeState.update({NodeState.value: text})
                .where(NodeState.key == key)
                .returning(NodeState.id)
                .run()
            )
            if not updated:
                await NodeState.insert(NodeState(key=key, value=text)).run()


async def pending() -> int:
    return await OutboxEvent.count().where(OutboxEvent.acked_at.is_null()).run()


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


async def status() -> NodeStatus:
    state = await read()
    return NodeStatus(
        state.get("office_url", ""),
        state.get("device_name", ""),
        bool(state.get("token")),
        await pending(),
        int(state.get("cursor") or 0),
        _moment(state.get("last_push_at")),
        _moment(state.get("last_pull_at")),
        state.get("office_answers") == "1",
        state.get("last_error", ""),
        int(state.get("clock_offset_ms") or 0),
    )
