"""Sync bookkeeping: change numbers of reference data (office), the outbox (kiosk), received facts (office)."""

from piccolo.columns import JSON, UUID, BigInt, Boolean, Integer, Text, Timestamptz, Varchar
from piccolo.table import Table


class ChangeCounter(Table):
    """One row: the last change number handed out. Reference data is small and changes rarely,
    so one counter row (locked by the write transaction) is simpler than per-engine sequences."""

    value = BigInt(default=0)


class Tombstone(Table):
    """A deleted reference row, so kiosks delete their copy too."""

    table_name = Varchar(length=60, index=True)
    row_id = Integer()
    change_no = BigInt(index=True)
    deleted_at = Timestamptz()


class OutboxEvent(Table):
    """Kiosk node: a fact recorded here, waiting for the office to acknowledge it. Written in the
    transaction that records the fact itself, so a fact and its outbox row exist together or not at all."""

    id = UUID(primary_key=True)  # the fact's own id (UUIDv7)
    seq = BigInt(unique=True)  # this node's sequence number, gapless in commit order
    kind = Varchar(length=30)
    payload = JSON()
    recorded_at = Timestamptz()  # the node's clock, UTC
    acked_at = Timestamptz(null=True, default=None, index=True)  # the office stored it (or had it already)


class ReceivedFact(Table):
    """Office: every fact id a kiosk pushed, so a replayed batch is acknowledged and never stored twice."""

    id = UUID(primary_key=True)
    kind = Varchar(length=30)
    device = Integer(index=True)
    node_seq = BigInt(default=0)
    received_at = Timestamptz()
    quarantined = Boolean(default=False)


class QuarantinedFact(Table):
    """Office: a pushed fact that failed validation, kept with the reason for HR, never dropped."""

    id = UUID(primary_key=True)
    kind = Varchar(length=30)
    device = Integer(index=True)
    device_name = Varchar(length=60, default="")
    payload = Text()  # as received, even when it is not valid JSON for its kind
    reason = Varchar(length=300)
    received_at = Timestamptz(index=True)
    resolved_at = Timestamptz(null=True, default=None)
    resolved_by = Varchar(length=60, default="")
    resolution = Varchar(length=20, default="")  # retried | dismissed


class NodeState(Table):
    """Kiosk node: one row per key (device identity, token, cursors, last push/pull, clock offset)."""

    key = Varchar(length=40, unique=True)
    value = Text(default="")
