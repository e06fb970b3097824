"""Income tax: declared deductions, options, opening balances and each person's month as withheld."""

from piccolo.columns import Boolean, ForeignKey, Integer, OnDelete, Timestamptz, Varchar
from piccolo.table import Table

from app.people.tables import Employee


class DeclaredDeduction(Table):
    """A special additional deduction the worker declared (monthly fen) from a month on, until to_month."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    kind = Varchar(length=30)
    monthly_fen = Integer()
    from_month = Varchar(length=7)
    to_month = Varchar(length=7, null=True, default=None)
    source = Varchar(length=10, default="hr")  # hr | import
    entered_by = Varchar(length=60, default="")
    entered_at = Timestamptz()


class TaxOption(Table):
    """The options the employer applies to a person for a year: the 60,000 deduction, a first job."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    year = Integer()
    sixty_thousand = Boolean(default=False)
    first_job = Boolean(default=False)
    set_by = Varchar(length=60, default="")
    set_at = Timestamptz()


class OpeningBalance(Table):
    """A person's year to date from the plant's old system, up to and including through_month (fen)."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    year = Integer()
    through_month = Varchar(length=7)
    months_employed = Integer()
    income_fen = Integer(default=0)
    tax_free_fen = Integer(default=0)
    contributions_fen = Integer(default=0)
    additional_fen = Integer(default=0)
    other_fen = Integer(default=0)
    withheld_fen = Integer(default=0)
    entered_by = Varchar(length=60, default="")
    entered_at = Timestamptz()


class TaxMonth(Table):
    """One person's month as computed with that month's pay (fen): the month's own figures, and the
    cumulative result. The year to date of a later month is the sum of these rows, so recomputing one
    month never changes what another withheld."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    year = Integer(index=True)
    month = Varchar(length=7, index=True)
    income_fen = Integer()
    tax_free_fen = Integer(default=0)
    contributions_fen = Integer(default=0)
    additional_fen = Integer(default=0)
    other_fen = Integer(default=0)
    basic_fen = Integer(default=0)  # cumulative basic deduction to date
    taxable_fen = Integer(default=0)  # cumulative taxable income to date
    tax_to_date_fen = Integer(default=0)
    tax_fen = Integer()
    bonus_fen = Integer(default=0)  # a year-end bonus taxed on its own this month (not in income_fen)
    bonus_tax_fen = Integer(default=0)
    computed_at = Timestamptz()


class YearEndBonus(Table):
    """A year-end one-time bonus (全年一次性奖金) paid with a month's wages, and how it is taxed: on its own
    (monthly table on bonus ÷ 12; MOF/STA 2023 No. 30, until 2027) or with the wages. Once a year."""

    employee = ForeignKey(Employee, on_delete=OnDelete.restrict, index=True)
    month = Varchar(length=7, index=True)
    amount_fen = Integer()
    method = Varchar(length=10, default="separate")  # separate | combined
    entered_by = Varchar(length=60, default="")
    entered_at = Timestamptz()
