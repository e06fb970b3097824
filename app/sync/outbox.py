"""The kiosk's outbox: each fact a kiosk node records is queued for the office in the same transaction.

Capabilities call record_fact inside the write transaction that stores the fact locally. On the
office node (the system of record) it does nothing; on a kiosk node it appends an OutboxEvent with
the fact's UUIDv7 id, the node's clock and the next per-node sequence number. The office side
applies each kind through the appliers registered in app.sync.facts.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time

from piccolo.engine.postgres import PostgresEngine

from app.db.engine import current_engine, node_role, set_node_role
from app.sync.tables import OutboxEvent
from app.timeutil import as_utc


def configure(role: str) -> None:
    """The bound database's role, when it is not the one use_database(url, role) was given (tests)."""
    set_node_role(role)


def recording() -> bool:
    """Kiosk nodes record facts for the office; the role comes with the database (app.db.engine.use_database)."""
    return node_role() == "kiosk"


def to_json(value):
    """Fact payloads travel as JSON: datetimes as UTC ISO text, dates and times as ISO, ids as text."""
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, (date, time, uuid.UUID)):
        return str(value) if isinstance(value, uuid.UUID) else value.isoformat()
    return value


_INSERT = (
    "INSERT INTO outbox_event (id, seq, kind, payload, recorded_at, acked_at) "
    "SELECT {}, COALESCE(MAX(seq), 0) + 1, {}, {}, {}, NULL FROM outbox_event RETURNING seq"
)


async def record_fact(kind: str, fact_id: uuid.UUID, payload: dict, recorded_at: datetime) -> int:
    """Queue a fact for the office; call inside the write transaction that stores it. Returns its
    sequence number on a kiosk node, 0 on the office."""
    if not recording():
        return 0
    if isinstance(current_engine(), PostgresEngine):  # a kiosk is SQLite, but keep the numbering right anywhere
        await OutboxEvent.raw("SELECT pg_advisory_xact_lock(hashtext('outbox'))").run()
    rows = await OutboxEvent.raw(
        _INSERT, fact_id, kind, json.dumps(to_json(payload), ensure_ascii=False), as_utc(recorded_at)
    ).run()
    return rows[0]["seq"]


PROVISIONAL_BASE = 1 << 40  # far above any id the office hands out


async def provisional_id(table) -> int | None:
    """The id for a reference row a kiosk node creates itself (an employee onboarded there, their badge): above
    every office id, so a later pull never lands on it; the pull adopts the office's row for it (same unique code).
    None on the office: the database numbers the row."""
    if not recording():
        return None
    rows = await table.raw(f'SELECT MAX(id) AS top FROM "{table._meta.tablename}"').run()
    return max(rows[0]["top"] or 0, PROVISIONAL_BASE) + 1
