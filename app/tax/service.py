"""Income tax at the office: what payroll's net-pay step reads for a month (the year before it, declared
deductions, options) and the month it stores; declared deductions, options and opening balances HR keeps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import Month
from app.i18n import N_
from app.people.tables import Employee
from app.tax import rules
from app.tax.tables import DeclaredDeduction, OpeningBalance, TaxMonth, TaxOption, YearEndBonus
from app.timeutil import utcnow

WRITE_BATCH = 1000  # TaxMonth rows per insert: 15 values each, under asyncpg's 32,767 parameters
BAD_KIND = N_("Choose the kind of deduction.")

# The months before this one: months computed here after any opening balance, plus the opening balance.
_PRIOR = """
SELECT t.employee AS employee, SUM(t.income_fen) AS income, SUM(t.tax_free_fen) AS tax_free,
  SUM(t.contributions_fen) AS contributions, SUM(t.additional_fen) AS additional, SUM(t.other_fen) AS other,
  SUM(t.tax_fen) AS withheld, COUNT(*) AS months
FROM tax_month t LEFT JOIN opening_balance o ON o.employee = t.employee AND o.year = t.year
WHERE t.year = {} AND t.month < {} AND (o.id IS NULL OR t.month > o.through_month)
GROUP BY t.employee
"""


@dataclass(frozen=True)
class MonthInputs:
    """Everything tax needs for a month beyond the pay itself, for the whole plant."""

    prior: dict[int, rules.Prior]
    additional: dict[int, int]  # declared special additional deductions in force, monthly fen
    options: dict[int, tuple[bool, bool]]  # (sixty_thousand, first_job)
    bonuses: dict[int, tuple[int, str]] = None  # employee -> (year-end bonus fen, "separate" | "combined")


async def prior_months(month: Month) -> dict[int, rules.Prior]:
    found: dict[int, rules.Prior] = {}
    for r in await TaxMonth.raw(_PRIOR, month.year, str(month)).run():
        found[r["employee"]] = rules.Prior(
            int(r["income"]),
            int(r["tax_free"]),
            int(r["contributions"]),
            int(r["additional"]),
            int(r["other"]),
            int(r["withheld"]),
            int(r["months"]),
        )
    for o in (
        await OpeningBalance.select()
        .where((OpeningBalance.year == month.year) & (OpeningBalance.through_month < str(month)))
        .run()
    ):
        p = found.get(o["employee"], rules.Prior())
        found[o["employee"]] = rules.Prior(
            p.income_fen + o["income_fen"],
            p.tax_free_fen + o["tax_free_fen"],
            p.contributions_fen + o["contributions_fen"],
            p.additional_fen + o["additional_fen"],
            p.other_fen + o["other_fen"],
            p.withheld_fen + o["withheld_fen"],
            p.months + o["months_employed"],
        )
    return found


async def declared_in_force(month: Month) -> dict[int, int]:
    """employee id -> monthly fen of special additional deductions declared for `month`."""
    rows = (
        await DeclaredDeduction.select(DeclaredDeduction.employee, DeclaredDeduction.monthly_fen)
        .where(
            (DeclaredDeduction.from_month <= str(month))
            & (DeclaredDeduction.to_month.is_null() | (DeclaredDeduction.to_month >= str(month)))
        )
        .run()
    )
    total: dict[int, int] = defaultdict(int)
    for row in rows:
        total[row["employee"]] += row["monthly_fen"]
    return dict(total)


async def month_inputs(month: Month) -> MonthInputs:
    options = {
        r["employee"]: (bool(r["sixty_thousand"]), bool(r["first_job"]))
        for r in await TaxOption.select().where(TaxOption.year == month.year).run()
    }
    return MonthInputs(await prior_months(month), await declared_in_force(month), options, await bonuses_in(month))


async def bonuses_in(month: Month) -> dict[int, tuple[int, str]]:
    """employee id -> (year-end bonus paid with `month`'s wages, in fen; how it is taxed)."""
    return {
        r["employee"]: (r["amount_fen"], r["method"])
        for r in await YearEndBonus.select().where(YearEndBonus.month == str(month)).run()
    }


async def set_bonus(employee_id: int, month: Month, amount_fen: int, method: str, actor: audit.Actor) -> None:
    """The year's one-time bonus, paid with `month`'s wages; a second one that year replaces the first."""
    if method not in ("separate", "combined") or (
        method == "separate" and month.year > rules.SEPARATE_BONUS_UNTIL_YEAR
    ):
        raise Refused(N_("Choose how the bonus is taxed."), field="method")
    if amount_fen <= 0:
        raise Refused(N_("Enter an amount in yuan, e.g. 1234.50."), field="amount")
    async with write_transaction():
        if not await Employee.exists().where(Employee.id == employee_id).run():
            raise Refused(N_("No such employee."))
        await (
            YearEndBonus.delete()
            .where(
                (YearEndBonus.employee == employee_id)
                & (YearEndBonus.month >= f"{month.year}-01")
                & (YearEndBonus.month <= f"{month.year}-12")
            )
            .run()
        )
        await YearEndBonus.insert(
            YearEndBonus(
                employee=employee_id,
                month=str(month),
                amount_fen=amount_fen,
                method=method,
                entered_by=actor.name,
                entered_at=utcnow(),
            )
        ).run()
        await audit.record(
            actor,
            "tax.bonus",
            "employee",
            employee_id,
            after={"month": str(month), "amount_fen": amount_fen, "method": method},
        )


MONTH_COLUMNS = (
    "employee",
    "year",
    "month",
    "income_fen",
    "tax_free_fen",
    "contributions_fen",
    "additional_fen",
    "other_fen",
    "basic_fen",
    "taxable_fen",
    "tax_to_date_fen",
    "tax_fen",
    "bonus_fen",
    "bonus_tax_fen",
    "computed_at",
)


def month_row(
    employee: int, month: Month, this: rules.ThisMonth, result: rules.Withholding, bonus: tuple[int, int], now
) -> tuple:
    """One TaxMonth row's values in MONTH_COLUMNS order; bonus: (fen taxed on its own, its tax)."""
    return (
        employee,
        month.year,
        str(month),
        this.income_fen,
        this.tax_free_fen,
        this.contributions_fen,
        this.additional_fen,
        this.other_fen,
        result.basic_fen,
        result.taxable_fen,
        result.tax_to_date_fen,
        result.tax_fen,
        bonus[0],
        bonus[1],
        now,
    )


async def store_month(month: Month, rows: list[tuple]) -> None:
    """Replace `month`'s rows (call inside payroll's write transaction); no other month is touched. One
    multi-row INSERT per batch: a plant's month is thousands of rows, and building a Piccolo row object
    for each cost more than computing the tax."""
    row_sql = "(" + ", ".join(["{}"] * len(MONTH_COLUMNS)) + ")"
    async with write_transaction():
        await TaxMonth.delete().where(TaxMonth.month == str(month)).run()
        for start in range(0, len(rows), WRITE_BATCH):
            batch = rows[start : start + WRITE_BATCH]
            await TaxMonth.raw(
                f"INSERT INTO tax_month ({', '.join(MONTH_COLUMNS)}) VALUES " + ", ".join([row_sql] * len(batch)),
                *[v for row in batch for v in row],
            ).run()


async def declare(
    employee_id: int, kind: str, monthly_fen: int, start: Month, actor: audit.Actor, source: str = "hr"
) -> None:
    if kind not in rules.DEDUCTION_KINDS:
        raise Refused(BAD_KIND, field="kind")
    if not 0 < monthly_fen <= rules.deduction_cap_fen(kind):
        raise Refused(N_("The monthly amount is more than the law allows for this deduction."), field="amount")
    async with write_transaction():
        if not await Employee.exists().where(Employee.id == employee_id).run():
            raise Refused(N_("No such employee."))
        await (
            DeclaredDeduction.update({DeclaredDeduction.to_month: str(start.previous())})
            .where(
                (DeclaredDeduction.employee == employee_id)
                & (DeclaredDeduction.kind == kind)
                & DeclaredDeduction.to_month.is_null()
                & (DeclaredDeduction.from_month < str(start))
            )
            .run()
        )
        await (
            DeclaredDeduction.delete()
            .where(
                (DeclaredDeduction.employee == employee_id)
                & (DeclaredDeduction.kind == kind)
                & (DeclaredDeduction.from_month >= str(start))
            )
            .run()
        )
        await DeclaredDeduction.insert(
            DeclaredDeduction(
                employee=employee_id,
                kind=kind,
                monthly_fen=monthly_fen,
                from_month=str(start),
                source=source,
                entered_by=actor.name,
                entered_at=utcnow(),
            )
        ).run()
        await audit.record(
            actor,
            "tax.declare",
            "employee",
            employee_id,
            after={"kind": kind, "monthly_fen": monthly_fen, "from_month": str(start)},
        )


async def set_options(employee_id: int, year: int, sixty_thousand: bool, first_job: bool, actor: audit.Actor) -> None:
    async with write_transaction():
        await TaxOption.delete().where((TaxOption.employee == employee_id) & (TaxOption.year == year)).run()
        await TaxOption.insert(
            TaxOption(
                employee=employee_id,
                year=year,
                sixty_thousand=sixty_thousand,
                first_job=first_job,
                set_by=actor.name,
                set_at=utcnow(),
            )
        ).run()
        await audit.record(
            actor,
            "tax.options",
            "employee",
            employee_id,
            after={"year": year, "sixty_thousand": sixty_thousand, "first_job": first_job},
        )


async def set_opening(
    employee_id: int, through: Month, months: int, figures: dict[str, int], actor: audit.Actor
) -> None:
    """The year to date from the old system through `through` (figures: income_fen, contributions_fen,
    additional_fen, other_fen, tax_free_fen, withheld_fen); replaces an earlier one of the same year."""
    if not 1 <= months <= through.month:
        raise Refused(N_("Months employed must be from 1 to the month of the balance."), field="months")
    async with write_transaction():
        where = (OpeningBalance.employee == employee_id) & (OpeningBalance.year == through.year)
        before = await OpeningBalance.select().where(where).first().run()
        await OpeningBalance.delete().where(where).run()
        await OpeningBalance.insert(
            OpeningBalance(
                employee=employee_id,
                year=through.year,
                through_month=str(through),
                months_employed=months,
                entered_by=actor.name,
                entered_at=utcnow(),
                **figures,
            )
        ).run()
        await audit.record(
            actor,
            "tax.opening",
            "employee",
            employee_id,
            before={k: before[k] for k in figures} if before else None,
            after={**figures, "through_month": str(through), "months_employed": months},
        )


@dataclass(frozen=True)
class Card:
    """One person's tax year as HR sees it."""

    deductions: list[dict]
    sixty_thousand: bool
    first_job: bool
    opening: dict | None
    months: list[dict]  # TaxMonth rows of the year, in order
    bonus: dict | None = None  # the year's year-end bonus, if HR entered one


async def card(employee_id: int, year: int) -> Card:
    deductions = (
        await DeclaredDeduction.select()
        .where(DeclaredDeduction.employee == employee_id)
        .order_by(DeclaredDeduction.from_month, ascending=False)
        .run()
    )
    option = (
        await TaxOption.select().where((TaxOption.employee == employee_id) & (TaxOption.year == year)).first().run()
    )
    opening = (
        await OpeningBalance.select()
        .where((OpeningBalance.employee == employee_id) & (OpeningBalance.year == year))
        .first()
        .run()
    )
    months = (
        await TaxMonth.select()
        .where((TaxMonth.employee == employee_id) & (TaxMonth.year == year))
        .order_by(TaxMonth.month)
        .run()
    )
    bonus = (
        await YearEndBonus.select()
        .where(
            (YearEndBonus.employee == employee_id)
            & (YearEndBonus.month >= f"{year}-01")
            & (YearEndBonus.month <= f"{year}-12")
        )
        .first()
        .run()
    )
    return Card(
        deductions,
        bool(option and option["sixty_thousand"]),
        bool(option and option["first_job"]),
        opening,
        months,
        bonus,
    )


async def bonus_choice(
    employee_id: int, month: Month, bonus_fen: int, wage_fen: int, contributions_fen: int
) -> rules.BonusChoice:
    """Both ways of taxing a year-end bonus paid in `month` with a wage like this month's (fen)."""
    prior = (await prior_months(month)).get(employee_id, rules.Prior())
    additional = (await declared_in_force(month)).get(employee_id, 0)
    this = rules.ThisMonth(month.month, wage_fen, contributions_fen, additional)
    wages = rules.YearToDate(
        prior.income_fen + wage_fen,
        prior.contributions_fen + contributions_fen,
        prior.additional_fen + additional,
        prior.months + 1,
        prior.tax_free_fen,
        prior.other_fen,
        prior.withheld_fen,
        this.month_of_year,
    )
    return rules.bonus_choice(bonus_fen, wages, month.year)
