"""Demand per line, shift, day and operation; planner runs and their posts (a run is published to the schedule)."""

from piccolo.columns import JSON, Date, Float, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from app.attendance.tables import Shift
from app.people.tables import Department, Employee
from app.piecework.tables import WorkOrder


class DemandCell(Table):
    """How many people a line needs on a shift and day for an operation (its code, app/piecework Operation)."""

    line = ForeignKey(Department, on_delete=OnDelete.cascade, index=True)
    shift = ForeignKey(Shift, on_delete=OnDelete.cascade)
    day = Date(index=True)
    operation = Varchar(length=30)
    people = Integer(default=0)


class PlanRun(Table):
    """One run of the planner for some lines and a period; published once HR or the head publishes it."""

    first_day = Date()
    last_day = Date()
    lines = JSON(default="[]")  # department ids
    status = Varchar(length=12)  # the solver's: OPTIMAL | FEASIBLE | UNKNOWN
    seconds = Float(default=0.0)
    coverage = Float(default=0.0)  # filled / demanded positions, 0..1
    gap = Float(default=0.0)  # CP-SAT's relative optimality gap
    created_by = Varchar(length=60, default="")
    created_at = Timestamptz()
    published_at = Timestamptz(null=True, default=None)
    published_by = Varchar(length=60, default="")


class PlanPost(Table):
    """One worker on one line, shift and day for one operation in a run."""

    run = ForeignKey(PlanRun, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade)
    day = Date()
    shift = ForeignKey(Shift, on_delete=OnDelete.cascade)
    line = ForeignKey(Department, on_delete=OnDelete.cascade)
    operation = Varchar(length=30)
    source = Varchar(length=8, default="planner")  # planner | edit


class PlannedOutput(Table):
    """Pieces of a work order to make on a day and shift (HR enters or imports them); the work order's department
    is the line. Demand is derived from it with the operations' standard output per hour (rules.heads_needed)."""

    work_order = ForeignKey(WorkOrder, on_delete=OnDelete.cascade, index=True)
    shift = ForeignKey(Shift, on_delete=OnDelete.cascade)
    day = Date(index=True)
    quantity = Integer(default=0)


class PlanPreference(Table):
    """A worker's stated preferences, entered by HR or their line's head: shifts they want, weekdays they want off.
    The planner honours them as a soft goal (weights.preference per post against them)."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, unique=True)
    shifts = JSON(default="[]")  # shift ids; empty: any shift
    days_off = JSON(default="[]")  # weekdays, Monday 0
    updated_by = Varchar(length=60, default="")
    updated_at = Timestamptz()
