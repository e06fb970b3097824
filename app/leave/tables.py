"""Leave: HR's figures per type (reference), each person's years worked, requests (facts), time off in lieu, balances."""

from piccolo.columns import UUID, BigInt, Boolean, Date, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from app.people.tables import Employee

REQUEST_STATUSES = ("pending", "approved", "rejected", "cancelled")
REQUEST_SOURCES = ("kiosk", "phone", "office", "record")  # record: HR after the fact; phone: the worker on My page


class LeaveType(Table):
    """HR's figures for one leave type (the province's); a type without a row takes the national default
    from app.leave.types. days: the entitlement per year or per event (None: no fixed figure)."""

    code = Varchar(length=20, unique=True)
    paid_percent = Integer(default=100)
    unit = Varchar(length=10, default="working")  # working | calendar
    days = Integer(null=True, default=None)
    evidence = Boolean(default=False)
    hr_only = Boolean(default=False)  # HR approves alone, skipping the department head
    active = Boolean(default=True)
    change_no = BigInt(default=0, index=True)


class LeavePerson(Table):
    """Leave fields of one person kept by leave itself: cumulative years worked (all employers) and when HR
    last confirmed them; opening figures for a plant that starts mid-year."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, unique=True)
    years_worked = Integer(default=0)
    years_confirmed_on = Date(null=True, default=None)
    continuous_since = Date(null=True, default=None)  # the current unbroken run of work began (any employer)
    opening_year = Integer(null=True, default=None)
    opening_annual_taken_halves = Integer(default=0)
    opening_lieu_minutes = Integer(default=0)
    change_no = BigInt(default=0, index=True)


class LeaveRequest(Table):
    """A request for leave: a fact with a UUIDv7 id from the node where it was made (a kiosk's travels up
    through the outbox, once). halves: the half days it counts; minutes: time off in lieu spent. event_date: the
    event a per-event type's days are for (rules.EVENT_TYPES; None for other types and for requests made before
    the field, whose event is inferred from their dates)."""

    id = UUID(primary_key=True)
    node_id = Varchar(length=40, default="office")
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    type_code = Varchar(length=20)
    first_day = Date(index=True)
    last_day = Date(index=True)
    half_first = Boolean(default=False)
    half_last = Boolean(default=False)
    halves = Integer(default=0)
    halves_first_year = Integer(null=True, default=None)  # across 31 December: the half days in first_day's year
    minutes = Integer(default=0)
    event_date = Date(null=True, default=None)  # per-event types: the wedding, the death, the (expected) birth
    pregnancy_months = Integer(null=True, default=None)  # maternity after a miscarriage: 15 or 42 days by these
    reason = Varchar(length=200, default="")
    evidence = Varchar(length=120, default="")  # stored file name under the data directory
    source = Varchar(length=8, default="office")
    status = Varchar(length=10, default="pending", index=True)
    requested_at = Timestamptz()
    requested_by = Varchar(length=60, default="")
    decided_at = Timestamptz(null=True, default=None)
    decision_reason = Varchar(length=200, default="")
    change_no = BigInt(default=0, index=True)


class LieuEntry(Table):
    """Time off in lieu: minutes banked from a day's rest-day overtime (positive, not paid at 200% then) or
    spent by an approved leave (negative, with the request)."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    work_date = Date(index=True)
    minutes = Integer()
    request = UUID(null=True, default=None)
    created_at = Timestamptz()
    created_by = Varchar(length=60, default="")


class LeaveBalance(Table):
    """Derived per person and year, kept so kiosks can pull it (change_no): annual leave entitled and taken
    in half days, time off in lieu in minutes."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    year = Integer()
    annual_halves = Integer(default=0)
    annual_taken_halves = Integer(default=0)
    lieu_minutes = Integer(default=0)
    computed_at = Timestamptz()
    change_no = BigInt(default=0, index=True)
