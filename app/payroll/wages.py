"""The arithmetic every pay line stands on: the one rounding of pay, converting a monthly wage (21.75 paid days,
8 hours), the share of a month paid, the minimum-wage and probation floors, the damage cap (RULES.md, "Pay",
"Contracts and probation"). Money in integer fen, exact Fractions inside; no database, no HTTP.
"""

from __future__ import annotations

import math
from fractions import Fraction

from app.piecework.rules import PERCENT, Exact, exact, whole

PAID_DAYS_PER_MONTH = Fraction(2175, 100)  # 21.75 paid days a month (RULES.md, converting a monthly wage)
HOURS_PER_DAY = 8
MINUTES_PER_HOUR = 60
PROBATION_FLOOR_PERCENT = 80  # Labour Contract Law art. 20
DAMAGE_CAP_PERCENT = 20  # Wage Payment Provisions art. 16


def round_half_up(amount: Fraction) -> int:
    """The one rounding of pay: exact fen to whole fen, halves away from zero (2.5 → 3, −2.5 → −3)."""
    magnitude = math.floor(abs(amount) + Fraction(1, 2))
    return -magnitude if amount < 0 else magnitude


def hourly_wage_exact(monthly_fen: int) -> Fraction:
    """Exact fen per hour: monthly ÷ 21.75 ÷ 8 (RULES.md, converting a monthly wage)."""
    return Fraction(whole(monthly_fen, "monthly_fen")) / PAID_DAYS_PER_MONTH / HOURS_PER_DAY


def month_share(paid_days: Exact | None) -> Fraction:
    """The share of a month paid: 1 for a full month (None), else paid days ÷ 21.75, at most 1."""
    if paid_days is None:
        return Fraction(1)
    days = exact(paid_days, "paid_days")
    if days < 0:
        raise ValueError("paid_days cannot be negative")
    return min(Fraction(1), days / PAID_DAYS_PER_MONTH)


def minimum_wage_floor_fen(minimum_wage_fen: int, paid_days: Exact | None = None) -> int:
    """The month's minimum-wage floor in fen: the local monthly minimum for a full month, pro-rated
    by paid days ÷ 21.75 for a partial one, rounded up (RULES.md, "Pay")."""
    return math.ceil(whole(minimum_wage_fen, "minimum_wage_fen") * month_share(paid_days))


def full_month_worked(scheduled_days: int, paid_days: Exact) -> bool:
    """Whether a worker employed all month worked every scheduled day (working days and statutory holidays,
    paid leave and holidays counting as worked): then the whole monthly minimum is owed, however many
    days the month has, and only a partial month is pro-rated (RULES.md, "Pay")."""
    return paid_days >= scheduled_days


def probation_floor_fen(agreed_fen: int, minimum_wage_fen: int, lowest_same_position_fen: int | None = None) -> int:
    """Lowest lawful monthly probation pay in fen: 80% of the agreed wage, 80% of the lowest wage of the
    same position when given, and the local minimum wage, whichever is highest, rounded up (art. 20)."""
    candidates = [whole(agreed_fen, "agreed_fen"), whole(lowest_same_position_fen or 0, "lowest_same_position_fen")]
    eighty = max(math.ceil(Fraction(c * PROBATION_FLOOR_PERCENT, PERCENT)) for c in candidates)
    return max(eighty, whole(minimum_wage_fen, "minimum_wage_fen"))


def damage_cap_fen(month_wage_fen: int) -> int:
    """At most 20% of the month's wage (fen) may be deducted for damage, rounded down (art. 16)."""
    return math.floor(Fraction(whole(month_wage_fen, "month_wage_fen") * DAMAGE_CAP_PERCENT, PERCENT))
