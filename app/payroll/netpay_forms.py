"""Forms of a person's social insurance and tax card: enrolment, a declared deduction, options, opening balance."""

from __future__ import annotations

from app.errors import Refused
from app.forms import Month, int_field, money_field
from app.i18n import N_

OPENING_FIELDS = ("income", "tax_free", "contributions", "additional", "other", "withheld")


def enrolment(values: dict[str, str]) -> tuple[int, int, str, Month]:
    scheme = int_field(values.get("scheme"), "scheme", minimum=1)
    base = money_field(values.get("base"), "base")
    return scheme, base, values.get("base_reason", ""), Month.parse(values.get("start_month"), "start_month")


def declaration(values: dict[str, str]) -> tuple[str, int, Month]:
    return (
        values.get("kind", ""),
        money_field(values.get("amount"), "amount"),
        Month.parse(values.get("from_month"), "from_month"),
    )


def opening(values: dict[str, str]) -> tuple[Month, int, dict[str, int]]:
    through = Month.parse(values.get("through_month"), "through_month")
    months = int_field(values.get("months"), "months", minimum=1, maximum=12)
    figures = {f"{name}_fen": money_field(values.get(name), name, required=False) or 0 for name in OPENING_FIELDS}
    return through, months, figures


def bonus(text: str | None) -> int | None:
    if not (text or "").strip():
        return None
    amount = money_field(text, "bonus")
    if amount <= 0:
        raise Refused(N_("Enter an amount in yuan, e.g. 1234.50."), field="bonus")
    return amount


def year_end_bonus(values: dict[str, str]) -> tuple[Month, int, str]:
    return (
        Month.parse(values.get("month"), "month"),
        money_field(values.get("amount"), "amount"),
        values.get("method", ""),
    )
