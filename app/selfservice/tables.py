"""Worker sessions (a kiosk visit or a linked phone), one-time phone links, and what workers did (facts)."""

from piccolo.columns import JSON, UUID, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from app.badges.tables import Credential
from app.people.tables import Employee

SESSION_KINDS = ("kiosk", "phone")


class WorkerSession(Table):
    """A worker's own pages open in one browser: a kiosk visit (minutes) or a linked phone (months).
    Only the cookie's SHA-256 is stored. It holds as long as the badge or card it was opened with is
    not revoked (a lost badge closes the phones linked with it) and nobody revoked the session."""

    token_hash = Varchar(length=64, unique=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    credential = ForeignKey(Credential, null=True, default=None, on_delete=OnDelete.cascade)
    kind = Varchar(length=6, default="kiosk")
    device = Varchar(length=100, default="")  # the kiosk's name, or the phone as its browser names itself
    created_at = Timestamptz()
    last_seen_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
    revoked_by = Varchar(length=60, default="")


class PhoneLink(Table):
    """The one-time code a kiosk shows as a QR: the phone that opens it (and gives the PIN) gets a session."""

    code_hash = Varchar(length=64, unique=True)
    session = ForeignKey(WorkerSession, on_delete=OnDelete.cascade)  # the kiosk visit that asked for it
    created_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


class PayslipRead(Table):
    """A FACT: the worker confirmed having read their payslip of a month (first one counts)."""

    id = UUID(primary_key=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    month = Varchar(length=7)
    read_at = Timestamptz()  # the node's clock, UTC
    node_id = Varchar(length=60, default="office")


class WorkerRequest(Table):
    """A FACT: something a worker asked at the kiosk or on the phone (kind "correction": a missing punch).
    Stored once by its id wherever it lands; at the office it files the request with the capability
    that decides it (PunchCorrection for a correction) and keeps that row's id in filed_as."""

    id = UUID(primary_key=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)
    payload = JSON(default="{}")
    recorded_at = Timestamptz()  # the node's clock, UTC
    node_id = Varchar(length=60, default="office")
    filed_as = Integer(null=True, default=None)
