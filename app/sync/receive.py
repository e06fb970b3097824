"""Office side of a push: a kiosk's batch of facts stored exactly once, invalid ones quarantined for HR.

One write transaction per batch: the ids already received are acknowledged as duplicates; each new
fact goes to its kind's applier; one that fails validation is kept in quarantine with the reason.
Every id the office now holds is acknowledged, so the node can mark it sent. A node killed between
the office's commit and its own bookkeeping sends the batch again and gets duplicates back.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from app.db.tx import write_transaction
from app.ids import new_id
from app.sync import devices
from app.sync.facts import InvalidFact, PushedFact, applier_for, batch_applier_for
from app.sync.tables import QuarantinedFact, ReceivedFact
from app.timeutil import as_utc, utcnow

MAX_BATCH = 500


class BatchRefused(ValueError):
    """The whole request is unusable (too large, not a list); nothing is stored."""


@dataclass
class PushOutcome:
    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    office_time: datetime = field(default_factory=utcnow)
    clock_offset_ms: int = 0

    @property
    def acknowledged(self) -> list[str]:
        return self.stored + self.duplicates + self.quarantined


@dataclass
class _Problem:
    raw_id: str
    fact_id: uuid.UUID
    kind: str
    payload: str
    reason: str


def _parse(event: object, node_id: str, suspect: bool) -> PushedFact | _Problem:
    """The event's envelope, checked; the payload is its kind's applier's business."""
    raw = event if isinstance(event, dict) else {}
    raw_id, kind = str(raw.get("id", "")), str(raw.get("kind", ""))[:30]
    text = json.dumps(event, ensure_ascii=False, default=str)  # the whole envelope, as HR may need to read it
    try:
        fact_id = uuid.UUID(raw_id)
    except ValueError:
        return _Problem(raw_id, new_id(), kind, text, "the event has no valid id")
    problem = lambda reason: _Problem(raw_id, fact_id, kind, text, reason)  # noqa: E731
    if not isinstance(raw.get("payload"), dict):
        return problem("the payload is not an object")
    seq = raw.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        return problem("the sequence number is missing or not a positive whole number")
    try:
        recorded_at = datetime.fromisoformat(str(raw.get("recorded_at")))
    except ValueError:
        return problem("recorded_at is not an ISO date and time")
    if recorded_at.tzinfo is None:
        return problem("recorded_at has no time zone")
    if applier_for(kind) is None and batch_applier_for(kind) is None:
        return problem(f"unknown kind of fact: {kind!r}")
    return PushedFact(fact_id, kind, raw["payload"], as_utc(recorded_at), node_id, seq, suspect)


def clock_offset_ms(node_time: datetime | None, now: datetime) -> int | None:
    """How far the office's clock is ahead of the node's (the request's transit time is noise here)."""
    return None if node_time is None else round((now - as_utc(node_time)).total_seconds() * 1000)


async def _already_received(ids: list[uuid.UUID]) -> set[uuid.UUID]:
    if not ids:
        return set()
    rows = await ReceivedFact.select(ReceivedFact.id).where(ReceivedFact.id.is_in(ids)).run()
    return {row["id"] if isinstance(row["id"], uuid.UUID) else uuid.UUID(str(row["id"])) for row in rows}


async def _apply(facts: list[PushedFact]) -> dict[uuid.UUID, str]:
    """Store new facts by kind; returns {id: reason} for those that failed validation."""
    failed: dict[uuid.UUID, str] = {}
    by_kind: dict[str, list[PushedFact]] = {}
    for fact in facts:
        by_kind.setdefault(fact.kind, []).append(fact)
    for kind, group in by_kind.items():
        batch = batch_applier_for(kind)
        if batch is not None:
            failed.update(await batch(group))
            continue
        applier = applier_for(kind)
        for fact in group:
            try:
                await applier(fact)
            except InvalidFact as invalid:
                failed[fact.id] = str(invalid)
    return failed


async def receive(
    device: devices.NodeDevice, events: list, node_time: datetime | None, backlog: int | None
) -> PushOutcome:
    if not isinstance(events, list):
        raise BatchRefused("events must be a list")
    if len(events) > MAX_BATCH:
        raise BatchRefused(f"at most {MAX_BATCH} events per push")
    now = utcnow()
    offset = clock_offset_ms(node_time, now)
    suspect = offset is not None and abs(offset) > devices.CLOCK_FLAG_MS
    outcome = PushOutcome(office_time=now, clock_offset_ms=offset or 0)
    parsed = [_parse(event, device.name, suspect) for event in events]
    async with write_transaction():
        seen = await _already_received([item.fact_id if isinstance(item, _Problem) else item.id for item in parsed])
        fresh: dict[uuid.UUID, PushedFact] = {}
        problems: dict[uuid.UUID, _Problem] = {}
        for item in parsed:
            key = item.fact_id if isinstance(item, _Problem) else item.id
            if key in seen or key in fresh or key in problems:
                outcome.duplicates.append(item.raw_id if isinstance(item, _Problem) else str(item.id))
            elif isinstance(item, _Problem):
                problems[key] = item
            else:
                fresh[key] = item
        for fact_id, reason in (await _apply(list(fresh.values()))).items():
            fact = fresh.pop(fact_id)
            envelope = {
                "id": str(fact_id),
                "seq": fact.node_seq,
                "kind": fact.kind,
                "recorded_at": fact.recorded_at.isoformat(),
                "payload": fact.payload,
            }
            problems[fact_id] = _Problem(
                str(fact_id), fact_id, fact.kind, json.dumps(envelope, ensure_ascii=False), reason
            )
        received = [
            ReceivedFact(id=fact.id, kind=fact.kind, device=device.id, node_seq=fact.node_seq, received_at=now)
            for fact in fresh.values()
        ]
        received += [
            ReceivedFact(id=key, kind=problem.kind, device=device.id, received_at=now, quarantined=True)
            for key, problem in problems.items()
        ]
        if received:
            await ReceivedFact.insert(*received).run()
        if problems:
            await QuarantinedFact.insert(
                *[
                    QuarantinedFact(
                        id=key,
                        kind=problem.kind,
                        device=device.id,
                        device_name=device.name,
                        payload=problem.payload,
                        reason=problem.reason[:300],
                        received_at=now,
                    )
                    for key, problem in problems.items()
                ]
            ).run()
        await devices.seen(device.id, backlog, offset)
    outcome.stored = [str(key) for key in fresh]
    outcome.quarantined = [problem.raw_id for problem in problems.values()]
    return outcome
