"""Facts the office could not accept, for HR: listed with the reason, retried after a fix, or dismissed."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from app.audit import service as audit
from app.db.tx import write_transaction
from app.i18n import N_
from app.sync.facts import InvalidFact, PushedFact, applier_for, batch_applier_for
from app.sync.tables import QuarantinedFact, ReceivedFact
from app.timeutil import as_utc, utcnow


@dataclass(frozen=True)
class Held:
    id: uuid.UUID
    kind: str
    device_name: str
    payload: str
    reason: str
    received_at: datetime
    resolved_at: datetime | None
    resolution: str
    resolved_by: str


def _held(row: dict) -> Held:
    return Held(
        uuid.UUID(str(row["id"])),
        row["kind"],
        row["device_name"],
        row["payload"],
        row["reason"],
        as_utc(row["received_at"]),
        as_utc(row["resolved_at"]) if row["resolved_at"] else None,
        row["resolution"],
        row["resolved_by"],
    )


async def list_held(include_resolved: bool = False, limit: int = 200) -> list[Held]:
    query = QuarantinedFact.select().order_by(QuarantinedFact.received_at, ascending=False).limit(limit)
    if not include_resolved:
        query = query.where(QuarantinedFact.resolved_at.is_null())
    return [_held(row) for row in await query.run()]


async def count_open() -> int:
    return await QuarantinedFact.count().where(QuarantinedFact.resolved_at.is_null()).run()


async def dismiss(fact_id: uuid.UUID, actor: audit.Actor) -> None:
    async with write_transaction():
        done = (
            await QuarantinedFact.update(
                {
                    QuarantinedFact.resolved_at: utcnow(),
                    QuarantinedFact.resolution: "dismissed",
                    QuarantinedFact.resolved_by: actor.name,
                }
            )
            .where((QuarantinedFact.id == fact_id) & QuarantinedFact.resolved_at.is_null())
            .returning(QuarantinedFact.kind)
            .run()
        )
        if done:
            await audit.record(actor, "sync.dismiss", "quarantined_fact", None, after={"id": str(fact_id)})


async def retry(fact_id: uuid.UUID, actor: audit.Actor) -> str:
    """Apply a held fact again (after HR fixed what it refers to); returns "" or the reason it is still refused."""
    async with write_transaction():
        row = (
            await QuarantinedFact.select()
            .where((QuarantinedFact.id == fact_id) & QuarantinedFact.resolved_at.is_null())
            .first()
            .run()
        )
        if row is None:
            return N_("This fact is no longer held.")
        fact = _envelope(fact_id, row)
        if fact is None:
            return N_("The fact cannot be read; it can only be dismissed.")
        reason = await _apply_one(fact)
        if reason:
            await (
                QuarantinedFact.update({QuarantinedFact.reason: reason[:300]})
                .where(QuarantinedFact.id == fact_id)
                .run()
            )
            return reason
        await (
            QuarantinedFact.update(
                {
                    QuarantinedFact.resolved_at: utcnow(),
                    QuarantinedFact.resolution: "retried",
                    QuarantinedFact.resolved_by: actor.name,
                }
            )
            .where(QuarantinedFact.id == fact_id)
            .run()
        )
        await ReceivedFact.update({ReceivedFact.quarantined: False}).where(ReceivedFact.id == fact_id).run()
        await audit.record(actor, "sync.retry", "quarantined_fact", None, after={"id": str(fact_id)})
    return ""


def _envelope(fact_id: uuid.UUID, row: dict) -> PushedFact | None:
    """The held fact as it was pushed, if its envelope is whole (an unreadable one can only be dismissed)."""
    try:
        envelope = json.loads(row["payload"])
        recorded_at = datetime.fromisoformat(envelope["recorded_at"])
        seq = int(envelope["seq"])
    except (ValueError, TypeError, KeyError):
        return None
    if not isinstance(envelope.get("payload"), dict) or recorded_at.tzinfo is None:
        return None
    return PushedFact(fact_id, row["kind"], envelope["payload"], as_utc(recorded_at), row["device_name"], seq, False)


async def _apply_one(fact: PushedFact) -> str:
    batch = batch_applier_for(fact.kind)
    if batch is not None:
        return (await batch([fact])).get(fact.id, "")
    applier = applier_for(fact.kind)
    if applier is None:
        return f"unknown kind of fact: {fact.kind!r}"
    try:
        await applier(fact)
    except InvalidFact as invalid:
        return str(invalid)
    return ""
