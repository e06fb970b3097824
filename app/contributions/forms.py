"""The scheme version form: a month, the base limits in yuan, and per item its rates, fixed amounts, rounding."""

from __future__ import annotations

from app.contributions import rules
from app.errors import Refused
from app.forms import Month, money_field, percent_field

CODES = tuple(rules.ITEM_LABELS)
LIMITS = ("floor", "ceiling", "fund_floor", "fund_ceiling")


def _item(values: dict[str, str], code: str) -> rules.Item | None:
    def rate(side: str) -> int:
        text = values.get(f"{code}_{side}", "")
        return percent_field(text, f"{code}_{side}") if text.strip() else 0

    def fixed(side: str) -> int:
        return money_field(values.get(f"{code}_{side}_fixed", ""), f"{code}_{side}_fixed", required=False) or 0

    rounding = values.get(f"{code}_rounding", "1")
    if rounding not in ("1", "10", "100"):
        raise Refused(rules.N_("Choose fen, jiao or yuan."), field=f"{code}_rounding")
    item = rules.Item(
        code, rate("employer"), rate("worker"), fixed("employer"), fixed("worker"), rules.Rounding(int(rounding))
    )
    return item if item.employer_rate or item.worker_rate or item.employer_fixed_fen or item.worker_fixed_fen else None


def parse_version(values: dict[str, str]) -> tuple[Month, rules.Version]:
    """The form as (from month, version); a Refused names the first bad field."""
    month = Month.parse(values.get("effective_from"), "effective_from")
    limits = {name: money_field(values.get(name), name) for name in LIMITS}
    if limits["floor"] > limits["ceiling"]:
        raise Refused(rules.N_("A floor must not be above its ceiling."), field="ceiling")
    if limits["fund_floor"] > limits["fund_ceiling"]:
        raise Refused(rules.N_("A floor must not be above its ceiling."), field="fund_ceiling")
    items = tuple(item for item in (_item(values, code) for code in CODES) if item)
    if not items:
        raise Refused(rules.N_("Enter at least one item's rate."), field="pension_employer")
    return month, rules.Version(limits["floor"], limits["ceiling"], limits["fund_floor"], limits["fund_ceiling"], items)


def version_values(version: dict | None) -> dict[str, str]:
    """A stored version as the form's text (yuan and percents), to start the next one from."""
    if not version:
        return {}
    values = {name: _yuan(version[f"{name}_fen"]) for name in LIMITS}
    for item in version["items"]:
        code = item["code"]
        values.update(
            {
                f"{code}_employer": _percent(item["employer_rate"]),
                f"{code}_worker": _percent(item["worker_rate"]),
                f"{code}_employer_fixed": _yuan(item["employer_fixed_fen"]) if item["employer_fixed_fen"] else "",
                f"{code}_worker_fixed": _yuan(item["worker_fixed_fen"]) if item["worker_fixed_fen"] else "",
                f"{code}_rounding": str(item["rounding"]),
            }
        )
    return values


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _percent(rate: int) -> str:
    whole, part = divmod(rate, 1000)
    return f"{whole}.{part:03d}".rstrip("0").rstrip(".") if part else str(whole)
