"""Pure rules of individual income tax on wages (个人所得税): cumulative withholding and the year-end bonus.

Money is integer fen. Each month, over the year to date at this employer (STA 2018 No. 61):
taxable = income − tax-free income − 5,000 yuan × months employed here − special deductions (the
worker's social insurance and fund) − special additional deductions − other deductions; tax to date
= taxable × rate − quick deduction (annual table), rounded half up to the fen once; this month's tax
= tax to date − tax already withheld this year, and never below 0 (the annual settlement refunds it).
Options: the 60,000 deduction from January (STA 2020 No. 19) and a first job counting 5,000 a month
from January (STA 2020 No. 13). The year-end bonus taxed on its own uses the monthly table on
bonus ÷ 12 (MOF/STA 2023 No. 30, until 2027-12-31). Legal source: /work/shared/RULES.md,
"Individual income tax on wages". No database, no HTTP.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

YUAN = 100
BASIC_MONTHLY_FEN = 5_000 * YUAN
SIXTY_THOUSAND_FEN = 60_000 * YUAN
SEPARATE_BONUS_UNTIL_YEAR = 2027

# (taxable up to in fen (None: above), rate percent, quick deduction in fen)
ANNUAL_TABLE = (
    (36_000 * YUAN, 3, 0),
    (144_000 * YUAN, 10, 2_520 * YUAN),
    (300_000 * YUAN, 20, 16_920 * YUAN),
    (420_000 * YUAN, 25, 31_920 * YUAN),
    (660_000 * YUAN, 30, 52_920 * YUAN),
    (960_000 * YUAN, 35, 85_920 * YUAN),
    (None, 45, 181_920 * YUAN),
)
MONTHLY_TABLE = (
    (3_000 * YUAN, 3, 0),
    (12_000 * YUAN, 10, 210 * YUAN),
    (25_000 * YUAN, 20, 1_410 * YUAN),
    (35_000 * YUAN, 25, 2_660 * YUAN),
    (55_000 * YUAN, 30, 4_410 * YUAN),
    (80_000 * YUAN, 35, 7_160 * YUAN),
    (None, 45, 15_160 * YUAN),
)

# Special additional deductions a worker may declare, monthly fen (RULES.md; from 2023).
DEDUCTION_KINDS = {
    "child_education": 2_000 * YUAN,
    "infant_care": 2_000 * YUAN,
    "continuing_education": 400 * YUAN,
    "housing_loan": 1_000 * YUAN,
    "rent": 1_500 * YUAN,
    "elderly_support": 3_000 * YUAN,
    # not a special additional deduction but an "other deduction" (个人养老金, 12,000 a year from 2024), taken
    # the same way in the cumulative withholding; kept with the declarations because the tax client exports it
    # with them and the withholding declaration has its own column for it
    "private_pension": 1_000 * YUAN,
}
PER_CHILD = ("child_education", "infant_care")  # the amount is per child: the client exports the sum
MAX_CHILDREN = 6


def deduction_cap_fen(kind: str) -> int:
    """The most a month may deduct for this kind: per child for children, 3,600 a year in one month for a
    vocational certificate (continuing education)."""
    cap = DEDUCTION_KINDS[kind]
    if kind in PER_CHILD:
        return cap * MAX_CHILDREN
    return cap * 9 if kind == "continuing_education" else cap


def N_(s: str) -> str:
    return s


DEDUCTION_LABELS = {
    "child_education": N_("Children's education"),
    "infant_care": N_("Care of a child under 3"),
    "continuing_education": N_("Continuing education"),
    "housing_loan": N_("First-home loan interest"),
    "rent": N_("Rent"),
    "elderly_support": N_("Supporting parents over 60"),
    "private_pension": N_("Private pension"),
}


def round_half_up(amount: Fraction) -> int:
    """Exact fen to whole fen, halves away from zero: the one rounding of tax."""
    magnitude = math.floor(abs(amount) + Fraction(1, 2))
    return -magnitude if amount < 0 else magnitude


def bracket(amount_fen: Fraction | int, table=ANNUAL_TABLE) -> tuple[int, int]:
    """(rate percent, quick deduction fen) of the bracket holding `amount_fen`."""
    for limit, rate, quick in table:
        if limit is None or amount_fen <= limit:
            return rate, quick
    raise AssertionError("the table ends with an open bracket")


def tax_on(taxable_fen: int) -> int:
    """Tax to date (fen) on cumulative taxable income (fen) by the annual table; none on 0 or less."""
    if taxable_fen <= 0:
        return 0
    rate, quick = bracket(taxable_fen)
    return round_half_up(Fraction(taxable_fen * rate, 100) - quick)


@dataclass(frozen=True)
class YearToDate:
    """A person's figures at this employer for the year up to and including this month (fen), the
    months employed here (this one included) and the tax withheld by the months before this one."""

    income_fen: int
    contributions_fen: int = 0
    additional_fen: int = 0
    months_employed: int = 1
    tax_free_fen: int = 0
    other_fen: int = 0
    withheld_fen: int = 0
    month_of_year: int = 1  # the calendar month (1–12): first-job option counts from January
    sixty_thousand: bool = False  # STA 2020 No. 19
    first_job: bool = False  # STA 2020 No. 13


@dataclass(frozen=True)
class Withholding:
    basic_fen: int
    taxable_fen: int
    rate: int
    quick_fen: int
    tax_to_date_fen: int
    tax_fen: int  # this month's withholding


def basic_deduction_fen(ytd: YearToDate) -> int:
    """5,000 a month employed here; from January for a first job; at least 60,000 with that option."""
    months = ytd.month_of_year if ytd.first_job else ytd.months_employed
    basic = BASIC_MONTHLY_FEN * months
    return max(basic, SIXTY_THOUSAND_FEN) if ytd.sixty_thousand else basic


def withhold(ytd: YearToDate) -> Withholding:
    """This month's withholding by the cumulative method (fen); a negative result withholds 0."""
    basic = basic_deduction_fen(ytd)
    taxable = ytd.income_fen - ytd.tax_free_fen - basic - ytd.contributions_fen - ytd.additional_fen - ytd.other_fen
    rate, quick = bracket(max(taxable, 0))
    to_date = tax_on(taxable)
    return Withholding(basic, taxable, rate, quick if taxable > 0 else 0, to_date, max(0, to_date - ytd.withheld_fen))


# -- the year-end one-time bonus -------------------------------------------------------------------


def bonus_tax_separately(bonus_fen: int) -> tuple[int, int, int]:
    """(tax fen, rate, quick fen) on a year-end bonus taxed on its own: the monthly table's bracket for
    bonus ÷ 12, applied to the whole bonus (MOF/STA 2023 No. 30)."""
    if bonus_fen <= 0:
        return 0, 0, 0
    rate, quick = bracket(Fraction(bonus_fen, 12), MONTHLY_TABLE)
    return round_half_up(Fraction(bonus_fen * rate, 100) - quick), rate, quick


def cliff_fen(bonus_fen: int) -> int:
    """How much of the bonus lies in the "cliff" above a bracket limit, where paying less would leave the
    worker more after tax (0: no cliff). 36,001 yuan takes home less than 36,000 does."""
    take_home = bonus_fen - bonus_tax_separately(bonus_fen)[0]
    for limit, _, _ in MONTHLY_TABLE:
        top = None if limit is None else limit * 12
        if top is not None and top < bonus_fen and top - bonus_tax_separately(top)[0] > take_home:
            return bonus_fen - top
    return 0


@dataclass(frozen=True)
class BonusChoice:
    """The year's tax (fen) on the month with the bonus both ways, and which is cheaper for the worker."""

    separate_fen: int | None  # wages' cumulative tax this month + the bonus's own tax (None: not allowed)
    combined_fen: int  # the bonus added to this month's wages in the cumulative method
    bonus_alone_fen: int
    cliff_fen: int

    @property
    def cheaper(self) -> str:
        if self.separate_fen is None:
            return "combined"
        return "separate" if self.separate_fen <= self.combined_fen else "combined"

    @property
    def saving_fen(self) -> int:
        return 0 if self.separate_fen is None else abs(self.separate_fen - self.combined_fen)


def bonus_choice(bonus_fen: int, wages: YearToDate, year: int) -> BonusChoice:
    """Both ways of taxing a year-end bonus paid with this month's wages; separately only until 2027."""
    wage_tax = withhold(wages).tax_fen
    combined = withhold(YearToDate(**{**wages.__dict__, "income_fen": wages.income_fen + bonus_fen})).tax_fen
    if year > SEPARATE_BONUS_UNTIL_YEAR:
        return BonusChoice(None, combined, 0, 0)
    alone = bonus_tax_separately(bonus_fen)[0]
    return BonusChoice(wage_tax + alone, combined, alone, cliff_fen(bonus_fen))


# -- one month on top of the months before ---------------------------------------------------------


@dataclass(frozen=True)
class Prior:
    """What the months before this one of the year hold (fen): opening balance plus months withheld here."""

    income_fen: int = 0
    tax_free_fen: int = 0
    contributions_fen: int = 0
    additional_fen: int = 0
    other_fen: int = 0
    withheld_fen: int = 0
    months: int = 0


@dataclass(frozen=True)
class ThisMonth:
    """This month's own figures (fen): income (may hold a negative adjustment), the worker's contributions,
    declared special additional deductions in force; the options the employer applies this year."""

    month_of_year: int
    income_fen: int
    contributions_fen: int = 0
    additional_fen: int = 0
    tax_free_fen: int = 0
    other_fen: int = 0
    sixty_thousand: bool = False
    first_job: bool = False


def withhold_month(prior: Prior, month: ThisMonth) -> Withholding:
    """The cumulative method for this month: the months before plus this one (STA 2018 No. 61)."""
    return withhold(
        YearToDate(
            prior.income_fen + month.income_fen,
            prior.contributions_fen + month.contributions_fen,
            prior.additional_fen + month.additional_fen,
            prior.months + 1,
            prior.tax_free_fen + month.tax_free_fen,
            prior.other_fen + month.other_fen,
            prior.withheld_fen,
            month.month_of_year,
            month.sixty_thousand,
            month.first_job,
        )
    )
