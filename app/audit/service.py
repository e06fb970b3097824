"""Writing and reading the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.audit.tables import AuditLog
from app.timeutil import utcnow


@dataclass(frozen=True)
class Actor:
    """Who did it: a signed-in user, a CLI operator, a kiosk node or the system itself."""

    name: str
    user_id: int | None = None


SYSTEM = Actor(name="system")


def _plain(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return json.loads(json.dumps(values, default=_json_default))


def _json_default(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


async def record(
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Call inside the write transaction of the change, so the log and the change land together."""
    await AuditLog.insert(
        AuditLog(
            at=utcnow(),
            actor=actor.name,
            actor_user_id=actor.user_id,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=_plain(before),
            after=_plain(after),
        )
    ).run()


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed, so the log reads as a diff."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


async def entries_for(entity: str, entity_id: object, limit: int = 100) -> list[dict[str, Any]]:
    return await (
        AuditLog.select()
        .where((AuditLog.entity == entity) & (AuditLog.entity_id == str(entity_id)))
        .order_by(AuditLog.at, ascending=False)
        .limit(limit)
        .output(load_json=True)
        .run()
    )
