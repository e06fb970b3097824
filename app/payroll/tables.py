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
    advance_fen = Integer(default=0)  # advances (借支) taken back from this month's net, after tax
    net_fen = Integer()
    minimum_wage_floor_fen = Integer(default=0)
    carried_over_fen = Integer(default=0)
    lines = JSON(default="[]")
    computed_at = Timestamptz()


class PayAdjustment(Table):
    """A change to a locked month found when a later month is computed: paid (signed fen) in `period`.
    kind "pay": a difference of pay (amount_fen, + paid to the worker). kind "contribution": social
    insurance and fund for the locked month recomputed on a changed base or rate (补缴 when positive, 退还
    when negative): amount_fen the worker's part, employer_fen the employer's, reason why."""

    period = ForeignKey(PayPeriod, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    source_month = Varchar(length=7)
    amount_fen = Integer()
    kind = Varchar(length=12, default="pay")
    employer_fen = Integer(default=0)
    reason = Varchar(length=200, default="")
    computed_at = Timestamptz()


class Advance(Table):
    """Money paid to a worker ahead of payday (借支/预支): taken back from net pay after tax, month by month
    from the month of paid_on, at most the month's net; the rest carries over. What each locked month took is
    in its pay line's trace (ref advance:<id>); an advance nothing has been taken from may be withdrawn."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    paid_on = Date()
    amount_fen = Integer()
    note = Varchar(length=200, default="")
    entered_by = Varchar(length=60, default="")
    entered_at = Timestamptz()
    withdrawn_at = Timestamptz(null=True, default=None)


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
