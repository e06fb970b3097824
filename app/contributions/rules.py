"""Pure rules of social insurance and the housing fund (社保公积金): the base, and each item's amounts.

Money is integer fen. Rates are integers in thousandths of a percent (8% = 8000, 0.5% = 500: what
app.forms.percent_field returns). Each item is computed exactly (base × rate ÷ 100,000) and rounded
once, half up, to the item's unit (fen, jiao or yuan: a city rule), then its fixed monthly amount
(fen) is added. The base is clamped to the city's floor and ceiling; the housing fund has its own.
Legal source: /work/shared/RULES.md, "Social insurance and housing fund" (Social Insurance Law).
No database, no HTTP.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from fractions import Fraction

RATE_SCALE = 100_000  # thousandths of a percent in one whole
ENROL_WITHIN_DAYS = 30  # Social Insurance Law art. 58


def N_(s: str) -> str:
    return s


class Rounding(IntEnum):
    """The unit an item is rounded to, in fen."""

    FEN = 1
    JIAO = 10
    YUAN = 100


ITEM_LABELS = {
    "pension": N_("Pension insurance"),
    "medical": N_("Medical insurance"),
    "unemployment": N_("Unemployment insurance"),
    "injury": N_("Work injury insurance"),
    "maternity": N_("Maternity insurance"),
    "serious_illness": N_("Serious illness medical insurance"),
    "housing_fund": N_("Housing fund"),
}
FUND = "housing_fund"


def round_half_up_to(amount: Fraction, unit: int) -> int:
    """Exact fen to a whole number of `unit` fen (1, 10 or 100), halves up: the one rounding per item."""
    if amount < 0:
        raise ValueError("a contribution cannot be negative")
    return _half_up(amount.numerator, amount.denominator, unit)


def _half_up(numerator: int, denominator: int, unit: int) -> int:
    """numerator ÷ denominator fen (both ≥ 0) to whole `unit`s, halves up, in integers (a plant's month
    is tens of thousands of items: exact, without building Fractions)."""
    scaled = denominator * unit
    return (2 * numerator + scaled) // (2 * scaled) * unit


@dataclass(frozen=True)
class Item:
    """One insurance (or the fund) of a scheme version: rates in thousandths of a percent, fixed monthly
    amounts in fen, the rounding unit. `fund` items use the version's fund floor and ceiling."""

    code: str
    employer_rate: int = 0
    worker_rate: int = 0
    employer_fixed_fen: int = 0
    worker_fixed_fen: int = 0
    rounding: Rounding = Rounding.FEN

    def __post_init__(self) -> None:
        for name in ("employer_rate", "worker_rate", "employer_fixed_fen", "worker_fixed_fen"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a whole number, not negative")
        if self.employer_rate > RATE_SCALE or self.worker_rate > RATE_SCALE:
            raise ValueError("a rate cannot exceed 100%")


@dataclass(frozen=True)
class Version:
    """A city's scheme from a month on: base floor and ceiling (fen), the fund's own, and the items."""

    floor_fen: int
    ceiling_fen: int
    fund_floor_fen: int
    fund_ceiling_fen: int
    items: tuple[Item, ...]

    def __post_init__(self) -> None:
        if not 0 <= self.floor_fen <= self.ceiling_fen or not 0 <= self.fund_floor_fen <= self.fund_ceiling_fen:
            raise ValueError("a floor must not be above its ceiling")


def clamp(base_fen: int, floor_fen: int, ceiling_fen: int) -> int:
    return min(max(base_fen, floor_fen), ceiling_fen)


def suggested_base_fen(last_year_monthly_fen: Sequence[int], first_full_month_fen: int | None) -> int:
    """The base before clamping: the average monthly wage of last year (rounded half up to the fen), or for
    a new worker the first full month's wage (RULES.md)."""
    if last_year_monthly_fen:
        return math.floor(Fraction(sum(last_year_monthly_fen), len(last_year_monthly_fen)) + Fraction(1, 2))
    if first_full_month_fen is None:
        raise ValueError("a new worker's base is the first full month's wage")
    return first_full_month_fen


@dataclass(frozen=True)
class ItemAmount:
    """One item of one month: the clamped base (fen), the rates and what each side pays (fen)."""

    code: str
    base_fen: int
    employer_rate: int
    worker_rate: int
    employer_fen: int
    worker_fen: int


@dataclass(frozen=True)
class Contributions:
    items: tuple[ItemAmount, ...]

    @property
    def worker_fen(self) -> int:
        return sum(item.worker_fen for item in self.items)

    @property
    def employer_fen(self) -> int:
        return sum(item.employer_fen for item in self.items)


def item_amount(item: Item, base_fen: int, version: Version) -> ItemAmount:
    """Base clamped (the fund's own limits for the fund), × rate, rounded to the item's unit, + fixed."""
    if item.code == FUND:
        base = clamp(base_fen, version.fund_floor_fen, version.fund_ceiling_fen)
    else:
        base = clamp(base_fen, version.floor_fen, version.ceiling_fen)
    employer = _half_up(base * item.employer_rate, RATE_SCALE, item.rounding)
    worker = _half_up(base * item.worker_rate, RATE_SCALE, item.rounding)
    return ItemAmount(
        item.code,
        base,
        item.employer_rate,
        item.worker_rate,
        employer + item.employer_fixed_fen,
        worker + item.worker_fixed_fen,
    )


def monthly_contributions(base_fen: int, version: Version) -> Contributions:
    """The month's amounts for every item of the version, from the person's declared base (fen)."""
    if not isinstance(base_fen, int) or base_fen < 0:
        raise ValueError("the base must be whole fen, not negative")
    return Contributions(tuple(item_amount(item, base_fen, version) for item in version.items))


def enrolment_overdue(start_days_ago: int) -> bool:
    """Not enrolled more than 30 days after the start (Social Insurance Law art. 58); no waiver exists."""
    return start_days_ago > ENROL_WITHIN_DAYS
