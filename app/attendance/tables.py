"""Scans (facts from kiosks), shifts and the calendar (reference data), attendance days (derived)."""

from piccolo.columns import JSON, UUID, BigInt, Boolean, Date, ForeignKey, Integer, OnDelete, Time, Timestamptz, Varchar
from piccolo.table import Table

from app.badges.tables import Credential
from app.people.tables import Department, Employee

SCAN_OUTCOMES = ("punch", "duplicate", "refused")
DAY_KINDS = ("holiday", "rest", "workday")  # workday in the calendar = a make-up working day (调休)


class Scan(Table):
    """Every scan at a kiosk, accepted or not: an immutable fact with a UUIDv7 id from the node that
    recorded it. Punches are scans with outcome 'punch'; attendance is derived from them, ordered by
    time, from every node. A correction is a new scan with source 'correction'."""

    id = UUID(primary_key=True)
    node_id = Varchar(length=40, index=True)
    node_seq = BigInt(default=0)
    scanned_at = Timestamptz(index=True)  # the node's clock, UTC
    received_at = Timestamptz()  # when the office stored it
    source = Varchar(length=12, default="kiosk")  # kiosk | camera | cli | correction
    shown_text = Varchar(length=64, default="")  # what was scanned, shortened and escaped, for HR review
    employee = ForeignKey(Employee, null=True, default=None, on_delete=OnDelete.restrict, index=True)
    credential = ForeignKey(Credential, null=True, default=None, on_delete=OnDelete.restrict)
    outcome = Varchar(length=10, index=True)
    reason = Varchar(length=30, default="")  # refusal code
    direction = Varchar(length=3, default="")  # in | out: what the kiosk showed (its best guess)
    clock_suspect = Boolean(default=False)  # the node's clock was off by more than 2 minutes


class Shift(Table):
    code = Varchar(length=20, unique=True)
    name = Varchar(length=40)
    start = Time()
    end = Time()  # end <= start: the shift crosses midnight
    breaks = JSON(default="[]")  # [["12:00", "13:00"], ...] plant-local
    grace_late_minutes = Integer(default=5)
    grace_early_minutes = Integer(default=0)
    change_no = BigInt(default=0, index=True)


class ShiftAssignment(Table):
    """A weekly pattern for a department or one employee, from a date: seven shift ids (Monday
    first), None for a rest day. The employee's own assignment wins over the department's."""

    employee = ForeignKey(Employee, null=True, default=None, on_delete=OnDelete.cascade, index=True)
    department = ForeignKey(Department, null=True, default=None, on_delete=OnDelete.cascade)
    week = JSON(default="[null, null, null, null, null, null, null]")
    effective_from = Date()
    change_no = BigInt(default=0, index=True)


class ShiftOverride(Table):
    """One day for one employee: another shift, or rest (shift None)."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    work_date = Date(index=True)
    shift = ForeignKey(Shift, null=True, default=None, on_delete=OnDelete.cascade)
    change_no = BigInt(default=0, index=True)


class CalendarDay(Table):
    """HR's calendar: statutory holidays, extra rest days and make-up working days (RULES.md)."""

    day = Date(unique=True)
    kind = Varchar(length=10)
    name = Varchar(length=40, default="")
    change_no = BigInt(default=0, index=True)


class AttendanceDay(Table):
    """Derived from scans, shifts and the calendar; recomputed, never edited."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    work_date = Date(index=True)
    shift = ForeignKey(Shift, null=True, default=None, on_delete=OnDelete.set_null)
    first_in = Timestamptz(null=True, default=None)
    last_out = Timestamptz(null=True, default=None)
    worked_minutes = Integer(default=0)
    late_minutes = Integer(default=0)
    early_leave_minutes = Integer(default=0)
    overtime_minutes = Integer(default=0)
    overtime_kind = Varchar(length=20, default="")  # the kind of most of it (the only kind, mostly)
    overtime_parts = JSON(default="{}")  # {kind: minutes}: a night shift into or out of a holiday has two kinds
    status = Varchar(length=20)
    leave_code = Varchar(length=20, default="")  # the leave that explains the day (app.attendance.days.explained)
    computed_at = Timestamptz()
    inputs_change_no = BigInt(default=0)  # the last change number handed out when computed: later ones make it stale


class PunchCorrection(Table):
    """A missing punch: requested by a supervisor, approved by HR; approval adds a correction scan."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    work_date = Date()
    at = Timestamptz()
    direction = Varchar(length=3)
    reason = Varchar(length=200)
    requested_by = Integer()
    requested_at = Timestamptz()
    status = Varchar(length=10, default="pending", index=True)  # pending | approved | rejected
    decided_by = Integer(null=True, default=None)
    decided_at = Timestamptz(null=True, default=None)
    decision_note = Varchar(length=200, default="")
    scan = UUID(null=True, default=None)


class ManualPunch(Table):
    """A worker's in and out for one shift entered by hand after a kiosk outage (from the paper sign-in sheet),
    with why and by whom. Counted like scans while no real scan of the person falls near it; a kiosk that
    comes back with real scans for that shift wins, and the row shows to HR as superseded (derived, never
    stored: app.attendance.corrections.manual_rules)."""

    id = UUID(primary_key=True)
    batch = UUID(index=True)  # the rows entered together
    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    department = ForeignKey(Department, null=True, default=None, on_delete=OnDelete.set_null)  # the line
    work_date = Date(index=True)
    in_at = Timestamptz(index=True)  # UTC
    out_at = Timestamptz()  # UTC, after in_at
    reason = Varchar(length=20)  # kiosk_down | power_cut | other
    note = Varchar(length=200, default="")
    entered_by = Varchar(length=60)
    entered_by_user = Integer(null=True, default=None)
    entered_at = Timestamptz()
