"""Income tax rules: every RULES.md vector, the options, the bonus cliff, and a full year for three workers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from app.tax.rules import YearToDate, bonus_choice, bonus_tax_separately, cliff_fen, withhold


def _year(wage, contributions, additional, months=12, start=1):
    """Monthly withholdings (fen) through the code for a steady month, employed from `start`."""
    withheld, out = 0, []
    for index, month in enumerate(range(start, months + 1), start=1):
        result = withhold(
            YearToDate(
                wage * index,
                contributions * index,
                additional * index,
                index,
                withheld_fen=withheld,
                month_of_year=month,
            )
        )
        withheld += result.tax_fen
        out.append(result.tax_fen)
    return out


def test_the_sta_example_january_to_march():
    assert _year(30_000_00, 4_500_00, 2_000_00, months=3) == [555_00, 625_00, 1_850_00]


def test_a_wage_of_10000_with_2000_deducted_withholds_90_every_month():
    assert _year(10_000_00, 2_000_00, 0) == [90_00] * 12


def test_a_negative_result_withholds_nothing():
    result = withhold(YearToDate(8_000_00, 0, 0, 2, withheld_fen=300_00))
    assert result.tax_fen == 0


def test_the_60000_option_applies_the_years_deduction_from_january():
    assert withhold(YearToDate(9_000_00, 0, 0, 1, sixty_thousand=True)).tax_fen == 0
    assert withhold(YearToDate(9_000_00, 0, 0, 1)).tax_fen == 120_00


def test_a_first_job_counts_5000_a_month_from_january():
    # hired in July, first job: 7 × 5,000 deducted, not 1 × 5,000
    assert withhold(YearToDate(20_000_00, 0, 0, 1, month_of_year=7, first_job=True)).tax_fen == 0
    assert withhold(YearToDate(20_000_00, 0, 0, 1, month_of_year=7)).tax_fen == 450_00


@pytest.mark.parametrize("bonus, tax", [(36_000_00, 1_080_00), (36_001_00, 3_390_10), (0, 0)])
def test_the_bonus_taxed_on_its_own(bonus, tax):
    assert bonus_tax_separately(bonus)[0] == tax


def test_the_bonus_cliff_is_warned_at_36001_not_at_36000():
    assert cliff_fen(36_000_00) == 0
    assert cliff_fen(36_001_00) == 1_00


def test_the_cheaper_way_is_shown_for_a_bonus():
    wages = YearToDate(120_000_00, 24_000_00, 0, 12, withheld_fen=990_00, month_of_year=12)
    choice = bonus_choice(36_000_00, wages, 2026)
    # separately: 90 (December wages) + 1,080; combined: 36,000 more at 10% (crosses 36,000) → much more
    assert (choice.separate_fen, choice.cheaper) == (90_00 + 1_080_00, "separate")
    assert choice.combined_fen > choice.separate_fen


def test_low_income_makes_combining_the_bonus_cheaper():
    wages = YearToDate(48_000_00, 0, 0, 12, month_of_year=12)  # 12,000 under the basic deduction
    choice = bonus_choice(20_000_00, wages, 2026)
    assert (choice.cheaper, choice.combined_fen, choice.separate_fen) == ("combined", 240_00, 600_00)


def test_after_2027_the_bonus_can_only_be_combined():
    choice = bonus_choice(36_000_00, YearToDate(60_000_00, 0, 0, 12, month_of_year=12), 2028)
    assert choice.cheaper == "combined" and choice.separate_fen is None


# -- a full year for three workers, checked against the rule computed here in yuan ------------------

ANNUAL = [
    (36000, 3, 0),
    (144000, 10, 2520),
    (300000, 20, 16920),
    (420000, 25, 31920),
    (660000, 30, 52920),
    (960000, 35, 85920),
    (10**12, 45, 181920),
]


def _reference(months: list[tuple[int, Decimal, Decimal, Decimal]]) -> list[int]:
    """RULES.md in yuan: (calendar month, wage, contributions, additional) for each month employed."""
    income = deductions = withheld = Decimal(0)
    result = []
    for count, (_, wage, contributions, additional) in enumerate(months, start=1):
        income += wage
        deductions += contributions + additional
        taxable = income - 5000 * count - deductions
        rate, quick = next((r, q) for limit, r, q in ANNUAL if taxable <= limit)
        to_date = max(Decimal(0), taxable * rate / 100 - quick).quantize(Decimal("0.01"), ROUND_HALF_UP)
        tax = max(Decimal(0), to_date - withheld)
        withheld += tax
        result.append(int(tax * 100))
    return result


def _through_code(months: list[tuple[int, Decimal, Decimal, Decimal]]) -> list[int]:
    totals = [0, 0, 0]
    withheld, out = 0, []
    for count, (month, wage, contributions, additional) in enumerate(months, start=1):
        for index, value in enumerate((wage, contributions, additional)):
            totals[index] += int(value * 100)
        result = withhold(YearToDate(*totals, count, withheld_fen=withheld, month_of_year=month))
        withheld += result.tax_fen
        out.append(result.tax_fen)
    return out


D = Decimal
WORKERS = {
    "steady wage": [(m, D(10000), D(2000), D(0)) for m in range(1, 13)],
    "hired in April, a child's education declared from July": [
        (m, D("12345.67"), D("1234.57"), D(2000) if m >= 7 else D(0)) for m in range(4, 13)
    ],
    "income crossing 36,000 and 144,000": [(m, D(30000) + 1000 * m, D(4500), D(2000)) for m in range(1, 13)],
}


@pytest.mark.parametrize("months", WORKERS.values(), ids=WORKERS.keys())
def test_a_full_year_month_by_month(months):
    assert _through_code(months) == _reference(months)


def test_the_crossing_worker_really_crosses_both_brackets():
    months = WORKERS["income crossing 36,000 and 144,000"]
    rates = []
    totals = [0, 0, 0]
    for count, (month, wage, contributions, additional) in enumerate(months, start=1):
        for index, value in enumerate((wage, contributions, additional)):
            totals[index] += int(value * 100)
        rates.append(withhold(YearToDate(*totals, count, month_of_year=month)).rate)
    assert rates[0] == 3 and 10 in rates and rates[-1] == 20
