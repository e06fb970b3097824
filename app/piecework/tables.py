"""Work orders, operations and their rates (reference data), piece reports and confirmations (facts)."""

from piccolo.columns import UUID, BigInt, Boolean, Date, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from app.people.tables import Department, Employee
from app.training.tables import Course

REPORT_SOURCES = ("kiosk", "supervisor")
CONFIRM_ACTIONS = ("confirm", "adjust", "reject")


class WorkOrder(Table):
    code = Varchar(length=30, unique=True)
    product = Varchar(length=80)
    department = ForeignKey(Department, null=True, default=None, on_delete=OnDelete.restrict)
    planned_quantity = Integer(default=0)
    status = Varchar(length=10, default="open", index=True)  # open | closed
    created_at = Timestamptz()
    change_no = BigInt(default=0, index=True)


class Operation(Table):
    """One step of a work order that is paid per piece; its rate lives in PieceRate (with history)."""

    work_order = ForeignKey(WorkOrder, on_delete=OnDelete.restrict, index=True)
    code = Varchar(length=30)
    name = Varchar(length=80)
    standard_per_hour = Integer(default=0)  # pieces an hour at standard pace; 0: no standard set
    certificate_kind = Varchar(length=20, default="")  # "" or a training certificate kind the worker must hold
    banned_for_minors = Boolean(default=False)  # not for workers of 16 or 17
    course = ForeignKey(Course, null=True, default=None, on_delete=OnDelete.set_null)  # the course that teaches it
    active = Boolean(default=True)
    change_no = BigInt(default=0, index=True)


class PieceRate(Table):
    """An operation's rate in fen per piece from effective_from (plant-local date); rows are never changed."""

    operation = ForeignKey(Operation, on_delete=OnDelete.restrict, index=True)
    effective_from = Date()
    fen_per_piece = Integer()
    set_by = Varchar(length=60, default="")
    set_at = Timestamptz()
    change_no = BigInt(default=0, index=True)


class GradeFactor(Table):
    """The pay factor of a skill grade (Employee.skill_grade) in integer percent from effective_from."""

    grade = Integer(index=True)
    percent = Integer()
    effective_from = Date()
    set_by = Varchar(length=60, default="")
    set_at = Timestamptz()
    change_no = BigInt(default=0, index=True)


class PieceReport(Table):
    """A FACT: a count reported at a kiosk or entered by a supervisor, with the time segment proposed."""

    id = UUID(primary_key=True)
    node_id = Varchar(length=60, default="office")
    reported_at = Timestamptz(index=True)  # the node's clock, UTC
    received_at = Timestamptz()  # when this node stored it
    work_date = Date(index=True)  # plant-local date the pieces were made
    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    operation = ForeignKey(Operation, on_delete=OnDelete.restrict)
    quantity = Integer()
    defects = Integer(default=0)
    segment = Varchar(length=20)  # proposed TimeSegment
    minutes_worked = Integer(default=0)  # minutes present that day when reported (for the 2x standard check)
    source = Varchar(length=12, default="kiosk")  # kiosk | supervisor
    entered_by = Varchar(length=60, default="")  # the supervisor's user name for supervisor entries
    reason = Varchar(length=200, default="")


class PieceConfirmation(Table):
    """A FACT referring to a report: confirm, adjust or reject, with the count and segment confirmed.
    The first (by confirmed_at, then id) wins; later ones are kept, flagged counts=False, and shown to HR."""

    id = UUID(primary_key=True)
    report = UUID(index=True)  # PieceReport.id; a plain column: facts from two nodes may arrive in any order
    node_id = Varchar(length=60, default="office")
    confirmed_at = Timestamptz()
    received_at = Timestamptz(index=True)
    action = Varchar(length=10)  # confirm | adjust | reject
    quantity = Integer(default=0)
    defects = Integer(default=0)
    segment = Varchar(length=20, default="")
    reason = Varchar(length=200, default="")
    by_name = Varchar(length=60)
    by_user = Integer(null=True, default=None)
    # Copied from the report when the decision is made, so payroll sums a month from this table alone.
    employee = Integer(default=0)
    operation = Integer(default=0)
    work_date = Date(null=True, default=None, index=True)
    counts = Boolean(default=True)  # derived: False for a decision made after another on the same report
