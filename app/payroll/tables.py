"""Pay settings per employee (reference data), pay periods and their lines (derived, locked once paid)."""

from piccolo.columns import JSON, Date, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from app.people.tables import Employee

PERIOD_STATUSES = ("open", "computed", "locked")
SCHEMES = ("piece", "time")


class PaySetting(Table):
    """How one employee is paid: piece rate, or time rate on a monthly base (fen); probation wage if any."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, unique=True)
    scheme = Varchar(length=6, default="piece")
    monthly_base_fen = Integer(default=0)
    probation_monthly_fen = Integer(null=True, default=None)
    updated_at = Timestamptz()


class PayPeriod(Table):
    month = Varchar(length=7, unique=True)  # YYYY-MM
    first_day = Date()
    last_day = Date()
    status = Varchar(length=10, default="open")
    computed_at = Timestamptz(null=True, default=None)
    locked_at = Timestamptz(null=True, default=None)
    locked_by = Varchar(length=60, default="")
    paid_on = Date(null=True, default=None)  # the bank transfer's date, once HR records it
    paid_by = Varchar(length=60, default="")
    problems = JSON(default="[]")  # [{"employee": id, "message": text}]: who could not be computed, and why


class PayLine(Table):
    """One employee's month: figures in fen; lines and trace in JSON (what each figure came from).
    adjustment_fen carries changes to locked earlier months (also in the lines, code adjustment.*)."""

    period = ForeignKey(PayPeriod, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    scheme = Varchar(length=6, default="piece")
    gross_fen = Integer()
    deductions_fen = Integer()  # every deduction: worker's contributions, tax, damage
    contributions_fen = Integer(default=0)  # the worker's social insurance and housing fund
    employer_contributions_fen = Integer(default=0)
    tax_fen = Integer(default=0)  # income tax withheld
    adjustment_fen = Integer(default=0)
    net_fen = Integer()
    minimum_wage_floor_fen = Integer(default=0)
    carried_over_fen = Integer(default=0)
    lines = JSON(default="[]")
    computed_at = Timestamptz()


class PayAdjustment(Table):
    """A change to a locked month found when a later month is computed: paid (signed fen) in `period`."""

    period = ForeignKey(PayPeriod, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    source_month = Varchar(length=7)
    amount_fen = Integer()
    computed_at = Timestamptz()


class DamageClaim(Table):
    """What the plant claims from a worker for damage they caused (Wage Payment Provisions art. 16): taken
    from pay month by month within the 20% cap, the rest carried over. What each locked month took is in
    its pay line's trace (ref claim:<id>); a claim nothing has been taken from may be withdrawn."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    claimed_on = Date()  # deducted from the month holding this date onwards
    amount_fen = Integer()
    cause = Varchar(length=200)
    entered_by = Varchar(length=60, default="")
    entered_at = Timestamptz()
    withdrawn_at = Timestamptz(null=True, default=None)


class PayQuestion(Table):
    """A worker's question on one item of a month's payslip (a dispute), and HR's answer."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    month = Varchar(length=7, index=True)
    item = Varchar(length=60)  # the line code (piece.normal, contribution.pension, tax, ...) or "net"
    text = Varchar(length=500)
    raised_at = Timestamptz()
    answer = Varchar(length=500, default="")
    answered_by = Varchar(length=60, default="")
    answered_at = Timestamptz(null=True, default=None)
