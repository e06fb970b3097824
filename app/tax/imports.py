"""Excel (or CSV) imports for income tax, checked row by row before anything is written:
opening year-to-date balances from the plant's old system, and the special additional deductions
the tax client exports. A file with any bad row is refused whole, with each row's reasons.

Openings: 工号, 截至月份 (YYYY-MM), 任职月数, 累计收入, 累计免税收入, 累计专项扣除, 累计专项附加扣除,
累计其他扣除, 累计已预扣税额 (yuan). Deductions, in either of two layouts:
- the tax client's export (扣缴客户端, 专项附加扣除信息 downloaded for the month): one row per person,
  工号, 姓名, 证件类型, 证件号码, then one column per item with this month's amount in yuan: 子女教育,
  继续教育, 住房贷款利息, 住房租金, 赡养老人, 3岁以下婴幼儿照护, 个人养老金 (a leading * on a header, as
  the client marks required columns, is ignored). The month they apply from is the file's 所属期 (or
  税款所属期 / 起始月份) column when it has one, else the month HR gives on the upload form. An item at 0 or
  empty ends what the person had declared for it from that month: the client's file is the whole picture.
- our own long layout: 工号, 扣除项目 (子女教育, 3岁以下婴幼儿照护, 继续教育, 住房贷款利息, 住房租金,
  赡养老人, 个人养老金), 每月扣除金额 (yuan), 起始月份 (YYYY-MM).
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
from app.tax.rules import deduction_cap_fen
from app.tax.tables import DeclaredDeduction

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
    "个人养老金": "private_pension",
}
CLIENT_IDENTITY = {"工号": "code", "姓名": "name", "证件类型": "id_type", "证件号码": "id_number"}
CLIENT_MONTH = ("所属期", "税款所属期", "起始月份")
NAME_DIFFERS = N_("The name does not match the employee with this code.")
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


def _header(cell: object) -> str:
    return str(cell or "").strip().lstrip("*＊").strip()


def _client_table(index: int, names: list[str], cells: list[list[object]]) -> tuple[list[ImportRow], list[str]]:
    """The tax client's layout: values keyed by the file's own headers, in its order."""
    wanted = set(CLIENT_IDENTITY) | set(KIND_NAMES) | set(CLIENT_MONTH)
    positions = {name: at for at, name in enumerate(names) if name in wanted}
    rows = [
        ImportRow(index + 2 + n, {name: _text(line, at) for name, at in positions.items()})
        for n, line in enumerate(cells[index + 1 : index + 1 + MAX_ROWS])
        if any(c not in (None, "") for c in line)
    ]
    return rows, [] if rows else [N_("The file has no rows under the header.")]


def _table(kind: str, cells: list[list[object]]) -> tuple[list[ImportRow], list[str]]:
    columns = OPENING_COLUMNS if kind == "openings" else DEDUCTION_COLUMNS
    for index, header in enumerate(cells[:5]):
        names = [_header(cell) for cell in header]
        if kind == "deductions" and "工号" in names and "扣除项目" not in names and set(KIND_NAMES) & set(names):
            return _client_table(index, names, cells)
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


def _month_text(text: str) -> str:
    """2026-07, 202607, 2026年7月, 2026/07 → 2026-07 (the client writes the period several ways)."""
    digits = "".join(ch if "0" <= ch <= "9" else " " for ch in text).split()
    if len(digits) == 1 and len(digits[0]) == 6:
        return f"{digits[0][:4]}-{digits[0][4:]}"
    return f"{digits[0]}-{digits[1]}" if len(digits) >= 2 else text


def _check_client(row: ImportRow, employees: dict[str, tuple[int, str]], month: str) -> None:
    """(employee, {kind: monthly fen, 0 to end it}, from month) from one row of the tax client's export."""
    try:
        found = employees.get(row.values.get("工号", ""))
        if found is None:
            raise Refused(N_("No employee with this code."))
        name = row.values.get("姓名", "")
        if name and name != found[1]:
            raise Refused(NAME_DIFFERS)
        given = next((row.values[c] for c in CLIENT_MONTH if row.values.get(c)), "") or month
        start = Month.parse(_month_text(given), "from_month")
        amounts = {}
        for header, kind_code in KIND_NAMES.items():
            if header not in row.values:
                continue
            amount = money_field(row.values[header], header, required=False) or 0
            if not 0 <= amount <= deduction_cap_fen(kind_code):
                raise Refused(N_("%(item)s: the monthly amount is more than the law allows."), item=header)
            amounts[kind_code] = amount
        row.parsed = (found[0], amounts, start)
    except Refused as exc:
        row.problems.append(exc.text)


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
            if not 0 < amount <= deduction_cap_fen(kind_code):
                raise Refused(N_("The monthly amount is more than the law allows for this deduction."))
            row.parsed = (employee, kind_code, amount, Month.parse(row.values["from_month"], "from_month"))
    except Refused as exc:
        row.problems.append(exc.text)


async def preview(kind: str, filename: str, content: bytes, month: str = "") -> Preview:
    """`month`: the month a client export's deductions apply from when the file has no 所属期 column."""
    try:
        cells = spreadsheets.read_table(filename, content, scan_rows=5)
    except Refused as exc:
        return Preview(kind, problems=[exc.text])
    rows, problems = _table(kind, cells)
    people = await Employee.select(Employee.id, Employee.employee_code, Employee.name).run()
    employees = {r["employee_code"]: r["id"] for r in people}
    seen: set[tuple] = set()
    for row in rows:
        if "工号" in row.values:  # the tax client's layout
            _check_client(row, {r["employee_code"]: (r["id"], r["name"]) for r in people}, month)
        else:
            _check(kind, row, employees)
        key = (row.values.get("code", row.values.get("工号")), row.values.get("kind"), row.values.get("through_month"))
        if key in seen:
            row.problems.append(N_("This row repeats an earlier one."))
        seen.add(key)
    return Preview(kind, rows, problems)


async def commit(kind: str, filename: str, content: bytes, actor: audit.Actor, month: str = "") -> Preview:
    """Writes every row in one transaction, or nothing when any row has a problem."""
    checked = await preview(kind, filename, content, month)
    if not checked.ok:
        return checked
    async with write_transaction():
        for row in checked.rows:
            if kind == "openings":
                await service.set_opening(*row.parsed, actor)
            elif isinstance(row.parsed[1], dict):  # the tax client's layout: the whole picture from its month
                employee, amounts, start = row.parsed
                for kind_code, amount in amounts.items():
                    if amount:
                        await service.declare(employee, kind_code, amount, start, actor, source="import")
                    else:
                        await _stop(employee, kind_code, start)
            else:
                employee, kind_code, amount, start = row.parsed
                await service.declare(employee, kind_code, amount, start, actor, source="import")
        await audit.record(actor, f"tax.import.{kind}", "tax", kind, after={"rows": len(checked.rows)})
    return checked


async def _stop(employee: int, kind: str, start: Month) -> None:
    """The client's file shows nothing for this item from `start`: what was declared ends the month before."""
    mine = (DeclaredDeduction.employee == employee) & (DeclaredDeduction.kind == kind)
    await DeclaredDeduction.delete().where(mine & (DeclaredDeduction.from_month >= str(start))).run()
    await (
        DeclaredDeduction.update({DeclaredDeduction.to_month: str(start.previous())})
        .where(
            mine
            & (DeclaredDeduction.from_month < str(start))
            & (DeclaredDeduction.to_month.is_null() | (DeclaredDeduction.to_month >= str(start)))
        )
        .run()
    )
