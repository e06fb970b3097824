"""Each payslip line said in plain words for the worker (Chinese first), from the trace it was computed from.

Pure apart from translation: a line's JSON (PayLine.lines) and the operations' names in, one sentence out.
Rates are passed as text with their percent sign, so no message holds a literal % to escape.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from app.i18n import N_, format_money, gettext

PIECES = N_("%(operation)s: %(good)s good pieces × %(rate)s")
BASE = N_("Monthly wage %(monthly)s")
BASE_PART = N_("Monthly wage %(monthly)s × %(days)s paid days ÷ 21.75")
HOURS = N_("%(hours)s hours of overtime × hourly wage %(hourly)s (monthly ÷ 21.75 ÷ 8) × %(percent)s")
FLOOR = N_("Raised to the minimum wage %(floor)s: your pay that counts toward it was %(counted)s")
DAMAGE = N_(
    "For damage: claimed %(claimed)s, taken this month %(taken)s (at most 20%% of the month's wage, and "
    "never below the minimum wage)"
)
CONTRIBUTION = N_("Base %(base)s × %(rate)s (the employer pays %(employer)s on top)")
TAX = N_(
    "This year to date: income %(income)s − basic deduction %(basic)s − social insurance and fund "
    "%(contributions)s − special additional deductions %(additional)s = taxable %(taxable)s; × %(rate)s − "
    "%(quick)s = tax to date %(to_date)s; less %(withheld)s already withheld"
)
BONUS_TAX = N_("Year-end bonus %(bonus)s taxed on its own: a twelfth of it sets the rate, × %(rate)s − %(quick)s")
ADJUSTMENT = N_("%(month)s changed after it was locked: the difference is paid now")
BACKPAY = N_(
    "%(month)s: social insurance and fund recomputed after the month was locked (%(reason)s): your part "
    "%(worker)s, the employer's %(employer)s"
)
RATES_CHANGED = N_("the city's rates changed")
ADVANCE = N_("Advance %(note)s: owed %(owed)s, taken back this month %(taken)s, still owed %(left)s")


def _percent(thousandths: int) -> str:
    whole, part = divmod(int(thousandths), 1000)
    return (f"{whole}.{part:03d}".rstrip("0") if part else str(whole)) + "%"


def _pieces(item: dict, operations: dict[str, str]) -> str:
    by_operation: dict[tuple[str, int], int] = defaultdict(int)
    for trace in item["trace"]:
        if trace[0] == "piece":
            by_operation[(str(trace[3]), int(trace[5]))] += int(trace[4])
    parts = [
        gettext(PIECES, operation=operations.get(op, op), good=good, rate=format_money(rate))
        for (op, rate), good in by_operation.items()
    ]
    return "; ".join(parts)


def _one(trace: list) -> str:
    kind = trace[0]
    if kind == "month":
        return (
            gettext(BASE_PART, monthly=format_money(trace[1]), days=trace[2])
            if trace[2]
            else gettext(BASE, monthly=format_money(trace[1]))
        )
    if kind == "hours":
        hourly = int(Fraction(trace[3]) / Fraction(2175, 100) / 8 + Fraction(1, 2))
        return gettext(
            HOURS,
            hours=f"{Fraction(trace[2], 60):.2f}".rstrip("0").rstrip("."),
            hourly=format_money(hourly),
            percent=f"{trace[4]}%",
        )
    if kind == "floor":
        return gettext(FLOOR, floor=format_money(trace[1]), counted=format_money(trace[2]))
    if kind == "damage":
        return gettext(DAMAGE, claimed=format_money(trace[3]), taken=format_money(trace[4]))
    if kind == "contribution":
        return gettext(
            CONTRIBUTION, base=format_money(trace[2]), rate=_percent(trace[3]), employer=format_money(trace[5])
        )
    if kind == "tax":
        _, income, basic, contributions, additional, taxable, rate, quick, to_date, withheld = trace[:10]
        return gettext(
            TAX,
            income=format_money(income),
            basic=format_money(basic),
            contributions=format_money(contributions),
            additional=format_money(additional),
            taxable=format_money(max(taxable, 0)),
            rate=f"{rate}%",
            quick=format_money(quick),
            to_date=format_money(to_date),
            withheld=format_money(withheld),
        )
    if kind == "bonus_tax":
        return gettext(BONUS_TAX, bonus=format_money(trace[1]), rate=f"{trace[2]}%", quick=format_money(trace[3]))
    if kind == "adjustment":
        return gettext(ADJUSTMENT, month=trace[1])
    if kind == "backpay":
        reason = gettext(RATES_CHANGED) if trace[4] == "rates" else trace[4]
        return gettext(
            BACKPAY, month=trace[1], reason=reason, worker=format_money(trace[2]), employer=format_money(trace[3])
        )
    if kind == "advance":
        return gettext(
            ADVANCE,
            note=trace[2] or "",
            owed=format_money(trace[3]),
            taken=format_money(trace[4]),
            left=format_money(int(trace[3]) - int(trace[4])),
        )
    return ""


def explain(item: dict, operations: dict[str, str]) -> str:
    """One line's plain explanation in the current language ('' when there is nothing to add)."""
    if item["code"].startswith("piece."):
        return _pieces(item, operations)
    return "; ".join(filter(None, (_one(trace) for trace in item.get("trace", []) if trace)))
