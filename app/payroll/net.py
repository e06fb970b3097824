"""Pure: the net-pay step after gross pay — gross → the worker's contributions → income tax → other
deductions (damage, already on the payslip) → net (RULES.md, "Pay", "Social insurance and housing
fund", "Individual income tax on wages"). Amounts in fen; contributions and tax are rounded in their
own rules, nothing is rounded here. Lines come out as the JSON PayLine.lines keeps."""

from __future__ import annotations

from dataclasses import dataclass

from app.contributions import rules as contribution_rules
from app.payroll import rules
from app.tax import rules as tax_rules

TAX_LABEL = rules.N_("Individual income tax (cumulative withholding)")
BONUS_TAX_LABEL = rules.N_("Income tax on the year-end bonus, taxed on its own")


@dataclass(frozen=True)
class NetStep:
    lines: tuple[dict, ...]
    contributions_fen: int  # the worker's part
    employer_contributions_fen: int
    tax_fen: int  # the wages' withholding and any bonus's own tax
    this_month: tax_rules.ThisMonth
    withholding: tax_rules.Withholding
    bonus: tuple[int, int] = (0, 0)  # (a bonus taxed on its own, fen; its tax)


def contribution_lines(contributions: contribution_rules.Contributions) -> list[dict]:
    """One deduction line per item the worker pays; the employer's part rides in the trace."""
    return [
        {
            "code": f"contribution.{item.code}",
            "label": contribution_rules.ITEM_LABELS.get(item.code, item.code),
            "amount_fen": item.worker_fen,
            "kind": "deduction",
            "counts_for_minimum_wage": False,
            "trace": [
                ["contribution", item.code, item.base_fen, item.worker_rate, item.employer_rate, item.employer_fen]
            ],
        }
        for item in contributions.items
        if item.worker_fen or item.employer_fen
    ]


def tax_line(prior: tax_rules.Prior, this: tax_rules.ThisMonth, result: tax_rules.Withholding) -> dict:
    """The tax withheld, with the cumulative figures it came from (fen)."""
    return {
        "code": "tax",
        "label": TAX_LABEL,
        "amount_fen": result.tax_fen,
        "kind": "deduction",
        "counts_for_minimum_wage": False,
        "trace": [
            [
                "tax",
                prior.income_fen + this.income_fen,
                result.basic_fen,
                prior.contributions_fen + this.contributions_fen,
                prior.additional_fen + this.additional_fen,
                result.taxable_fen,
                result.rate,
                result.quick_fen,
                result.tax_to_date_fen,
                prior.withheld_fen,
                prior.months + 1,
            ]
        ],
    }


def bonus_line(bonus_fen: int) -> tuple[dict, int]:
    tax, rate, quick = tax_rules.bonus_tax_separately(bonus_fen)
    return {
        "code": "tax.bonus",
        "label": BONUS_TAX_LABEL,
        "amount_fen": tax,
        "kind": "deduction",
        "counts_for_minimum_wage": False,
        "trace": [["bonus_tax", bonus_fen, rate, quick, tax]],
    }, tax


def net_step(
    gross_fen: int,
    adjustment_fen: int,
    contributions: contribution_rules.Contributions | None,
    prior: tax_rules.Prior,
    additional_fen: int,
    options: tuple[bool, bool],
    month_of_year: int,
    bonus: tuple[int, str] | None = None,
    contribution_adjustment_fen: int = 0,
) -> NetStep:
    """The worker's contributions (a special deduction for tax), then this month's cumulative withholding
    on gross plus any adjustment for earlier locked months (taxed in the month it is paid); a year-end
    bonus (in gross) taxed on its own leaves the cumulative income and is taxed by itself. A back-payment
    (or refund) of contributions for locked months counts as this month's special deduction, when paid."""
    contributions = contributions or contribution_rules.Contributions(())
    separate = bonus[0] if bonus and bonus[1] == "separate" else 0
    this = tax_rules.ThisMonth(
        month_of_year,
        gross_fen + adjustment_fen - separate,
        contributions.worker_fen + contribution_adjustment_fen,
        additional_fen,
        sixty_thousand=options[0],
        first_job=options[1],
    )
    result = tax_rules.withhold_month(prior, this)
    lines = contribution_lines(contributions) + ([tax_line(prior, this, result)] if result.tax_fen else [])
    bonus_tax = 0
    if separate:
        line, bonus_tax = bonus_line(separate)
        lines.append(line)
    return NetStep(
        tuple(lines),
        contributions.worker_fen,
        contributions.employer_fen,
        result.tax_fen + bonus_tax,
        this,
        result,
        (separate, bonus_tax),
    )


GROSS_ONLY = NetStep((), 0, 0, 0, tax_rules.ThisMonth(1, 0), tax_rules.Withholding(0, 0, 0, 0, 0, 0))
