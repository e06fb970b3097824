"""A month's net pay for HR: the contribution report per item, the withholding declaration, the bank
file, the pay date. Reads what the computed month stored (PayLine lines, tax months); decrypts ID and
bank card numbers through onboarding's vault and audits every export that holds them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import Month
from app.i18n import N_
from app.onboarding.crypto import Vault
from app.onboarding.identity import bank_cards, id_numbers
from app.onboarding.rules import validate_bank_card
from app.payroll import backpay, queries
from app.payroll.tables import PayPeriod
from app.people import plant_settings
from app.tax.tables import DeclaredDeduction, TaxMonth

BANK_COLUMNS_KEY = "bank_file_columns"
BANK_FIELDS = ("name", "card", "amount", "code", "id_number", "month")
DEFAULT_BANK_COLUMNS = ("name", "card", "amount")
NOT_LOCKED = N_("Lock the month before paying it.")


@dataclass
class ItemTotal:
    code: str
    employer_fen: int = 0
    worker_fen: int = 0


@dataclass
class PersonContributions:
    employee_id: int
    code: str
    name: str
    base_fen: int
    items: dict[str, tuple[int, int]] = field(default_factory=dict)  # item code -> (employer fen, worker fen)


def contributions_of(row: dict) -> dict[str, tuple[int, int, int]]:
    """item code -> (base, employer fen, worker fen) from a pay line's contribution lines."""
    found = {}
    for line in row["lines"]:
        if line["code"].startswith("contribution."):
            trace = line["trace"][0]
            found[trace[1]] = (int(trace[2]), int(trace[5]), int(line["amount_fen"]))
    return found


async def contribution_report(month: str) -> tuple[list[PersonContributions], list[ItemTotal]]:
    """Per person and per item what was deducted and what the employer owes, with totals per item."""
    people, totals = [], {}
    for row in await queries.lines(month):
        items = contributions_of(row)
        if not items:
            continue
        base = max((base for base, _, _ in items.values()), default=0)
        person = PersonContributions(row["employee"], row["code"], row["name"], base)
        for code, (_, employer, worker) in items.items():
            person.items[code] = (employer, worker)
            total = totals.setdefault(code, ItemTotal(code))
            total.employer_fen += employer
            total.worker_fen += worker
        people.append(person)
    return people, list(totals.values())


@dataclass(frozen=True)
class BackPay:
    """One locked month's contributions settled in this month: 补缴 (positive) or 退还 (negative), fen."""

    employee_id: int
    code: str
    name: str
    month: str
    worker_fen: int
    employer_fen: int
    reason: str  # HR's reason for the new base, or backpay.RATES_CHANGED


async def back_payments(month: str) -> list[BackPay]:
    """What this month's pay lines settle for locked months whose base or rates changed after the lock."""
    return [
        BackPay(row["employee"], row["code"], row["name"], *settled)
        for row in await queries.lines(month)
        for line in row["lines"]
        if line["code"] == backpay.CODE
        for settled in backpay.adjustment_rows(line)
    ]


async def withholding_rows(month: str) -> list[dict]:
    """Each person's month for the withholding declaration (扣缴申报): this month's income, contributions
    by item, year-to-date special additional deductions, tax withheld (fen)."""
    first_month = month[:4] + "-01"
    months: dict[int, list[str]] = defaultdict(list)
    this: dict[int, dict] = {}
    for row in await TaxMonth.select().where((TaxMonth.month >= first_month) & (TaxMonth.month <= month)).run():
        months[row["employee"]].append(row["month"])
        if row["month"] == month:
            this[row["employee"]] = row
    by_kind = await _declared_by_kind(months)
    rows = []
    for line in await queries.lines(month):
        tax = this.get(line["employee"])
        if tax is None:
            continue
        items = contributions_of(line)
        rows.append(
            {
                "employee": line["employee"],
                "code": line["code"],
                "name": line["name"],
                "income_fen": tax["income_fen"],
                "tax_free_fen": tax["tax_free_fen"],
                "items": _declared_items(line, items),
                "additional_ytd": by_kind.get(line["employee"], {}),
                "tax_fen": tax["tax_fen"],
                "bonus_fen": tax["bonus_fen"],
            }
        )
    return rows


def _declared_items(line: dict, items: dict[str, tuple[int, int, int]]) -> dict[str, int]:
    """The worker's contributions this month per item, with any back-payment or refund for locked months
    settled in it (a special deduction of the month it is paid, as the tax was computed)."""
    found = {code: worker for code, (_, _, worker) in items.items()}
    for item in line["lines"]:
        if item["code"] == backpay.CODE:
            for code, worker in backpay.worker_items(item).items():
                found[code] = found.get(code, 0) + worker
    return found


async def _declared_by_kind(months: dict[int, list[str]]) -> dict[int, dict[str, int]]:
    """employee -> kind -> special additional deductions counted over the months withheld here (fen)."""
    found: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in await DeclaredDeduction.select().where(DeclaredDeduction.employee.is_in(list(months) or [-1])).run():
        for month in months[row["employee"]]:
            if row["from_month"] <= month and (not row["to_month"] or month <= row["to_month"]):
                found[row["employee"]][row["kind"]] += row["monthly_fen"]
    return found


async def bank_columns() -> tuple[str, ...]:
    value = await plant_settings.read(BANK_COLUMNS_KEY)
    columns = tuple(str(value).split(",")) if value else DEFAULT_BANK_COLUMNS
    return columns if all(column in BANK_FIELDS for column in columns) else DEFAULT_BANK_COLUMNS


def parse_bank_columns(text: str) -> list[str]:
    columns = [part.strip() for part in text.replace("，", ",").split(",") if part.strip()]
    if not columns or any(column not in BANK_FIELDS for column in columns) or len(set(columns)) != len(columns):
        raise Refused(
            N_("List the columns by their keys, separated by commas: %(keys)s."),
            field="bank_columns",
            keys=", ".join(BANK_FIELDS),
        )
    if not {"card", "amount"} <= set(columns):
        raise Refused(N_("The bank file needs at least the card number and the amount."), field="bank_columns")
    return columns


@dataclass(frozen=True)
class BankFile:
    columns: tuple[str, ...]
    rows: list[dict]  # one per person paid by transfer
    refused: list[dict]  # who has no valid card on file, and why (an English msgid)

    @property
    def total_fen(self) -> int:
        return sum(row["amount_fen"] for row in self.rows)


async def bank_file(month: str, vault: Vault, actor: audit.Actor) -> BankFile:
    """The month's transfers: every net amount above zero to a Luhn-valid card; the export is audited."""
    lines = [row for row in await queries.lines(month) if row["net_fen"] > 0]
    ids = [row["employee"] for row in lines]
    cards, numbers = await bank_cards(ids, vault), await id_numbers(ids, vault)
    rows, refused = [], []
    for line in lines:
        checked = validate_bank_card(cards.get(line["employee"], ""))
        if line["employee"] not in cards or not checked.ok:
            refused.append(
                {
                    "code": line["code"],
                    "name": line["name"],
                    "amount_fen": line["net_fen"],
                    "message": checked.message if line["employee"] in cards else NO_CARD,
                }
            )
            continue
        rows.append(
            {
                "name": line["name"],
                "card": checked.value,
                "amount_fen": line["net_fen"],
                "code": line["code"],
                "id_number": numbers.get(line["employee"], ""),
                "month": month,
            }
        )
    async with write_transaction():
        await audit.record(
            actor, "payroll.bank_file", "pay_period", month, after={"rows": len(rows), "refused": len(refused)}
        )
    return BankFile(await bank_columns(), rows, refused)


NO_CARD = N_("No bank card on file: pay by another means or add the card.")


async def record_paid(month: str, paid_on: date, actor: audit.Actor) -> None:
    """The bank transfer's date; the ledger shows the month as paid on it."""
    async with write_transaction():
        period = await PayPeriod.select().where(PayPeriod.month == month).first().run()
        if period is None or period["status"] != "locked":
            raise Refused(NOT_LOCKED, field="paid_on")
        await (
            PayPeriod.update({PayPeriod.paid_on: paid_on, PayPeriod.paid_by: actor.name})
            .where(PayPeriod.id == period["id"])
            .run()
        )
        await audit.record(
            actor,
            "payroll.paid",
            "pay_period",
            month,
            before={"paid_on": period["paid_on"]},
            after={"paid_on": paid_on},
        )


async def audited_ids(
    month: str, employee_ids: list[int], vault: Vault, actor: audit.Actor, what: str
) -> dict[int, str]:
    """Full ID numbers for a government form; who took which file for which month is on record."""
    numbers = await id_numbers(employee_ids, vault)
    async with write_transaction():
        await audit.record(
            actor, "payroll.id_export", "pay_period", month, after={"file": what, "id_numbers": len(numbers)}
        )
    return numbers


async def suggested_base(employee_id: int, year: int, hire_date: date | None) -> int | None:
    """The contribution base before clamping (fen): last year's average monthly gross pay here, or for a
    newer worker the first full month's (RULES.md); None before any such month is computed."""
    from app.contributions.rules import suggested_base_fen
    from app.payroll.tables import PayLine

    rows = (
        await PayLine.select(PayLine.gross_fen, PayLine.period.month.as_alias("month"))
        .where(PayLine.employee == employee_id)
        .run()
    )
    last_year = [row["gross_fen"] for row in rows if row["month"].startswith(f"{year - 1}-")]
    first_full = None
    if hire_date is not None:
        start = f"{hire_date:%Y-%m}" if hire_date.day == 1 else str(Month.of(hire_date).next())
        first_full = next(
            (row["gross_fen"] for row in sorted(rows, key=lambda r: r["month"]) if row["month"] >= start), None
        )
    if not last_year and first_full is None:
        return None
    return suggested_base_fen(last_year, first_full)
