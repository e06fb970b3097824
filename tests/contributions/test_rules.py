"""Social insurance and housing fund rules: RULES.md's vector, the base's floor and ceiling, rounding per item."""

from __future__ import annotations

from fractions import Fraction

import pytest

from app.contributions.rules import (
    Item,
    Rounding,
    Version,
    enrolment_overdue,
    monthly_contributions,
    round_half_up_to,
    suggested_base_fen,
)

WIDE = dict(floor_fen=0, ceiling_fen=10**9, fund_floor_fen=0, fund_ceiling_fen=10**9)
VECTOR = (
    Item("pension", 16000, 8000),
    Item("medical", 8000, 2000),
    Item("unemployment", 500, 500),
    Item("injury", 400, 0),
    Item("housing_fund", 7000, 7000),
)


def test_the_rules_vector_base_6000_takes_1050_from_the_worker():
    result = monthly_contributions(6_000_00, Version(items=VECTOR, **WIDE))
    assert {item.code: item.worker_fen for item in result.items} == {
        "pension": 480_00,
        "medical": 120_00,
        "unemployment": 30_00,
        "injury": 0,
        "housing_fund": 420_00,
    }
    assert result.worker_fen == 1_050_00


def test_the_employer_pays_its_own_rates_on_the_same_base():
    result = monthly_contributions(6_000_00, Version(items=VECTOR, **WIDE))
    assert result.employer_fen == 960_00 + 480_00 + 30_00 + 24_00 + 420_00


@pytest.mark.parametrize(
    "declared, pension_base, fund_base",
    [(2_000_00, 4_000_00, 2_500_00), (6_000_00, 6_000_00, 6_000_00), (40_000_00, 30_000_00, 28_000_00)],
    ids=["below both floors", "inside the limits", "above both ceilings"],
)
def test_the_base_is_clamped_with_the_fund_on_its_own_limits(declared, pension_base, fund_base):
    version = Version(
        4_000_00, 30_000_00, 2_500_00, 28_000_00, (Item("pension", 16000, 8000), Item("housing_fund", 5000, 5000))
    )
    bases = {item.code: item.base_fen for item in monthly_contributions(declared, version).items}
    assert bases == {"pension": pension_base, "housing_fund": fund_base}


@pytest.mark.parametrize(
    "rounding, worker_fen",
    [(Rounding.FEN, 12_35), (Rounding.JIAO, 12_30), (Rounding.YUAN, 12_00)],
    ids=["fen", "jiao", "yuan"],
)
def test_each_item_is_rounded_half_up_to_its_city_unit(rounding, worker_fen):
    # 2,469.70 × 0.5% = 12.3485 yuan
    version = Version(items=(Item("unemployment", 0, 500, rounding=rounding),), **WIDE)
    assert monthly_contributions(2_469_70, version).worker_fen == worker_fen


def test_halves_round_up_at_the_unit():
    assert round_half_up_to(Fraction(1250), 100) == 1300
    assert round_half_up_to(Fraction(1249), 100) == 1200


def test_a_fixed_monthly_amount_is_added_after_the_rate():
    version = Version(items=(Item("serious_illness", 100, 0, employer_fixed_fen=0, worker_fixed_fen=3_00),), **WIDE)
    result = monthly_contributions(5_000_00, version)
    assert (result.worker_fen, result.employer_fen) == (3_00, 5_00)


def test_the_base_is_last_years_average_or_the_first_full_month():
    assert suggested_base_fen([5_000_00, 6_000_00, 6_000_01], None) == 5_666_67
    assert suggested_base_fen([], 4_321_00) == 4_321_00


@pytest.mark.parametrize("bad", [dict(worker_rate=-1), dict(worker_rate=100_001), dict(employer_fixed_fen=-5)])
def test_impossible_rates_are_refused(bad):
    with pytest.raises(ValueError):
        Item("pension", **bad)


def test_enrolment_is_overdue_after_thirty_days():
    assert not enrolment_overdue(30)
    assert enrolment_overdue(31)
