"""City schemes of social insurance and the housing fund, their dated versions, and each person's enrolment."""

from piccolo.columns import JSON, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from app.people.tables import Employee


class Scheme(Table):
    """A city's social insurance and housing fund scheme (reference data HR keeps)."""

    name = Varchar(length=60, unique=True)
    created_at = Timestamptz()


class SchemeVersion(Table):
    """A scheme from a month on (cities adjust yearly, often in July): floor and ceiling of the base (fen),
    the housing fund's own, and the items as JSON [{code, employer_rate, worker_rate (thousandths of a
    percent), employer_fixed_fen, worker_fixed_fen, rounding (1, 10 or 100 fen)}]."""

    scheme = ForeignKey(Scheme, on_delete=OnDelete.cascade, index=True)
    effective_from = Varchar(length=7)  # YYYY-MM
    floor_fen = Integer()
    ceiling_fen = Integer()
    fund_floor_fen = Integer()
    fund_ceiling_fen = Integer()
    items = JSON(default="[]")
    set_by = Varchar(length=60, default="")
    set_at = Timestamptz()


class Enrolment(Table):
    """A person enrolled in a scheme from a month, on a base (fen) with the reason HR gave; a later row
    (a new base, a new scheme) replaces it from its own start month; end_month closes it at an exit."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    scheme = ForeignKey(Scheme, on_delete=OnDelete.restrict)
    base_fen = Integer()
    base_reason = Varchar(length=200)
    start_month = Varchar(length=7)
    end_month = Varchar(length=7, null=True, default=None)
    entered_by = Varchar(length=60, default="")
    entered_at = Timestamptz()
