"""Excel (or CSV) imports for income tax, checked row by row before anything is written:
opening year-to-date balances from the plant's old system, and the special additional deductions
the tax client exports. A file with any bad row is refused whole, with each row's reasons.

Openings: 工号, 截至月份 (YYYY-MM), 任职月数, 累计收入, 累计免税收入, 累计专项扣除, 累计专项附加扣除,
累计其他扣除, 累计已预扣税额 (yuan). Deductions: 工号, 扣除项目 (子女教育, 3岁以下婴幼儿照护,
继续教育, 住房贷款利息, 住房租金, 赡养老人), 每月扣除金额 (yuan), 起始月份 (YYYY-MM).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app import spreadsheets
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import Month, int_field, money_field
from app.i18n import N_
from app.people.tables import Employee
from app.tax import service
from app.tax.rules import DEDUCTION_KINDS

KINDS = ("openings", "deductions")
OPENING_COLUMNS = {
    "工号": "code",
    "截至月份": "through_month",
    "任职月数": "months",
    "累计收入": "income",
    "累计免税收入": "tax_free",
    "累计专项扣除": "contributions",
    "累计专项附加扣除": "additional",
    "累计其他扣除": "other",
    "累计已预扣税额": "withheld",
}
DEDUCTION_COLUMNS = {"工号": "code", "扣除项目": "kind", "每月扣除金额": "amount", "起始月份": "from_month"}
KIND_NAMES = {
    "子女教育": "child_education",
    "3岁以下婴幼儿照护": "infant_care",
    "继续教育": "continuing_education",
    "住房贷款利息": "housing_loan",
    "住房租金": "rent",
    "赡养老人": "elderly_support",
}
REQUIRED = {"openings": ("code", "through_month", "months"), "deductions": ("code", "kind", "amount", "from_month")}
MAX_ROWS = 5000


@dataclass
class ImportRow:
    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    parsed: tuple = ()


@dataclass
class Preview:
    kind: str
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def invalid(self) -> list[ImportRow]:
        return [row for row in self.rows if row.problems]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems and not self.invalid


def _table(kind: str, cells: list[list[object]]) -> tuple[list[ImportRow], list[str]]:
    columns = OPENING_COLUMNS if kind == "openings" else DEDUCTION_COLUMNS
    for index, header in enumerate(cells[:5]):
        names = [str(cell or "").strip() for cell in header]
        if "工号" in names:
            positions = {columns[name]: at for at, name in enumerate(names) if name in columns}
            missing = [key for key in REQUIRED[kind] if key not in positions]
            if missing:
                return [], [N_("The header row lacks a required column.")]
            rows = [
                ImportRow(index + 2 + n, {key: _text(line, at) for key, at in positions.items()})
                for n, line in enumerate(cells[index + 1 : index + 1 + MAX_ROWS])
                if any(c not in (None, "") for c in line)
            ]
            return rows, [] if rows else [N_("The file has no rows under the header.")]
    return [], [N_("No header row with 工号 found in the first five rows.")]


def _text(line: list[object], at: int) -> str:
    value = line[at] if at < len(line) else None
    return "" if value is None else str(value).strip()


def _check(kind: str, row: ImportRow, employees: dict[str, int]) -> None:
    try:
        employee = employees.get(row.values["code"])
        if employee is None:
            raise Refused(N_("No employee with this code."))
        if kind == "openings":
            through = Month.parse(row.values["through_month"], "through_month")
            months = int_field(row.values["months"], "months", minimum=1, maximum=through.month)
            figures = {
                f"{name}_fen": money_field(row.values.get(name), name, required=False) or 0
                for name in ("income", "tax_free", "contributions", "additional", "other", "withheld")
            }
            row.parsed = (employee, through, months, figures)
        else:
            kind_code = KIND_NAMES.get(row.values["kind"])
            if kind_code is None:
                raise Refused(N_("Unknown kind of deduction."))
            amount = money_field(row.values["amount"], "amount")
            if not 0 < amount <= DEDUCTION_KINDS[kind_code] * (9 if kind_code == "continuing_education" else 1):
                raise Refused(N_("The monthly amount is more than the law allows for this deduction."))
            row.parsed = (employee, kind_code, amount, Month.parse(row.values["from_month"], "from_month"))
    except Refused as exc:
        row.problems.append(exc.text)


async def preview(kind: str, filename: str, content: bytes) -> Preview:
    try:
        cells = spreadsheets.read_table(filename, content, scan_rows=5)
    except Refused as exc:
        return Preview(kind, problems=[exc.text])
    rows, problems = _table(kind, cells)
    employees = {r["employee_code"]: r["id"] for r in await Employee.select(Employee.id, Employee.employee_code).run()}
    seen: set[tuple] = set()
    for row in rows:
        _check(kind, row, employees)
        key = (row.values.get("code"), row.values.get("kind"), row.values.get("through_month"))
        if key in seen:
            row.problems.append(N_("This row repeats an earlier one."))
        seen.add(key)
    return Preview(kind, rows, problems)


async def commit(kind: str, filename: str, content: bytes, actor: audit.Actor) -> Preview:
    """Writes every row in one transaction, or nothing when any row has a problem."""
    checked = await preview(kind, filename, content)
    if not checked.ok:
        return checked
    async with write_transaction():
        for row in checked.rows:
            if kind == "openings":
                await service.set_opening(*row.parsed, actor)
            else:
                employee, kind_code, amount, start = row.parsed
                await service.declare(employee, kind_code, amount, start, actor, source="import")
        await audit.record(actor, f"tax.import.{kind}", "tax", kind, after={"rows": len(checked.rows)})
    return checked
