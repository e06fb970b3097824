"""Credentials a worker clocks in with: floorhr QR badges, legacy barcode cards, RFID cards; kiosk PINs."""

from piccolo.columns import BigInt, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from app.people.tables import Employee

CREDENTIAL_KINDS = ("qr", "barcode", "rfid")


class Credential(Table):
    """Reference data (flows down to kiosks). A QR badge is (employee, serial); a reprint revokes the
    old row and adds serial + 1. A legacy card is its normalised text in value."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=10, default="qr")
    value = Varchar(length=64, default="", index=True)
    serial = Integer(default=1)
    issued_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
    revoked_reason = Varchar(length=40, default="")
    change_no = BigInt(default=0, index=True)


class KioskPin(Table):
    """A PIN asked after a legacy card where the plant requires one (argon2 hash)."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, unique=True)
    pin_hash = Varchar(length=200)
    change_no = BigInt(default=0, index=True)


class PinThrottle(Table):
    """Failed PIN attempts per worker ("employee:<id>") and per device ("device:<name>"): local to each node,
    never synced (a lock protects the place where the guessing happens)."""

    key = Varchar(length=100, unique=True)
    failures = Integer(default=0)
    locked_until = Timestamptz(null=True, default=None)
    last_failure_at = Timestamptz(null=True, default=None)
