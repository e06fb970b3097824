"""Opening balances for a plant that starts mid-year, from Excel or CSV: employee code, years worked, annual leave
days taken this year, time off in lieu hours owed, and when the unbroken run of work began (any employer). Every row is checked and shown; nothing is written while a row
has a problem (the whole import is refused with row-by-row reasons, DESIGN.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from app import spreadsheets
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import parse_date
from app.i18n import N_
from app.leave.tables import LeavePerson
from app.people.tables import Employee
from app.sync.changes import next_change_no

HEADERS = {
    "code": ("工号", "员工编号", "employee code", "code"),
    "years": ("工作年限", "累计工作年限", "years worked"),
    "taken": ("年休假已休", "已休年假", "annual leave taken"),
    "lieu": ("调休", "调休小时", "time off in lieu"),
    "since": ("连续工作起始日", "连续工作自", "continuous since", "working without a break since"),
}
EARLIEST = date(1950, 1, 1)
BAD_SINCE = N_("Working without a break since must be a date such as 2020-03-01, not after today.")
MAX_ROWS = 5000
_HALF = re.compile(r"^\d{1,3}(\.0|\.5)?$")
_NUMBER = re.compile(r"^\d{1,4}(\.\d{1,2})?$")


@dataclass
class OpeningRow:
    line: int
    code: str
    years: int | None = None
    taken_halves: int = 0
    lieu_minutes: int = 0
    continuous_since: date | None = None
    employee_id: int | None = None
    problems: list[str] = field(default_factory=list)


@dataclass
class Opening:
    rows: list[OpeningRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.problems and not any(row.problems for row in self.rows)


def _text(value: object) -> str:
    return "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value)).strip()


def _date(value: object) -> date | None:
    """A date cell as Excel keeps it (a datetime) or as typed (2020-03-01, 2020/3/1); None when unreadable."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(_text(value))


def _columns(header: list[object]) -> dict[str, int]:
    names = [_text(cell).lower() for cell in header]
    return {
        key: names.index(alias.lower())
        for key, aliases in HEADERS.items()
        for alias in aliases
        if alias.lower() in names
    }


def parse(table: list[list[object]], today: date) -> Opening:
    """Pure: the rows of the sheet (the first row is the header) as checked opening rows; a run of work cannot begin
    after today."""
    if not table:
        return Opening(problems=[N_("The file is empty.")])
    columns = _columns(table[0])
    if "code" not in columns:
        return Opening(problems=[N_("The first row must name the columns: 工号, 工作年限, 年休假已休, 调休.")])
    opening = Opening()
    for line, cells in enumerate(table[1 : MAX_ROWS + 1], start=2):
        cell = {key: _text(cells[index]) if index < len(cells) else "" for key, index in columns.items()}
        if not any(cell.values()):
            continue
        row = OpeningRow(line, cell["code"])
        if not row.code:
            row.problems.append(N_("The employee code is missing."))
        if cell.get("years"):
            row.years = (
                int(cell["years"])
                if cell["years"].isascii() and cell["years"].isdigit() and int(cell["years"]) <= 60
                else None
            )
            if row.years is None:
                row.problems.append(N_("Years worked must be a whole number from 0 to 60."))
        if cell.get("taken"):
            if _HALF.match(cell["taken"]):
                row.taken_halves = round(float(cell["taken"]) * 2)
            else:
                row.problems.append(N_("Annual leave taken must be in whole or half days."))
        if cell.get("lieu"):
            if _NUMBER.match(cell["lieu"]):
                row.lieu_minutes = round(float(cell["lieu"]) * 60)
            else:
                row.problems.append(N_("Time off in lieu must be hours, e.g. 7.5."))
        if cell.get("since"):
            since = _date(cells[columns["since"]])
            row.continuous_since = since if since is not None and EARLIEST <= since <= today else None
            if row.continuous_since is None:
                row.problems.append(BAD_SINCE)
        opening.rows.append(row)
    return opening


async def preview(filename: str, content: bytes, today: date) -> Opening:
    """The file measured and read through app.spreadsheets (a zip bomb or a giant sheet is refused), then checked.
    today: the plant's date (a run of work cannot begin after it)."""
    try:
        opening = parse(spreadsheets.read_table(filename, content, spreadsheets.Limits(rows=MAX_ROWS + 1)), today)
    except Refused as refused:
        opening = Opening(problems=[refused.text])
    codes = {row.code for row in opening.rows}
    found = {
        r["employee_code"]: r["id"]
        for r in await Employee.select(Employee.id, Employee.employee_code)
        .where(Employee.employee_code.is_in(list(codes) or [""]))
        .run()
    }
    for row in opening.rows:
        row.employee_id = found.get(row.code)
        if row.code and row.employee_id is None:
            row.problems.append(N_("No employee has this code."))
    return opening


async def import_opening(opening: Opening, year: int, actor: audit.Actor, today: date) -> int:
    """All rows in one transaction, or none (the caller checked opening.ok); one audit entry. today: the plant's
    date, when the years worked are confirmed."""
    async with write_transaction():
        for row in opening.rows:
            change_no = await next_change_no()
            values = {
                LeavePerson.opening_year: year,
                LeavePerson.opening_annual_taken_halves: row.taken_halves,
                LeavePerson.opening_lieu_minutes: row.lieu_minutes,
                LeavePerson.change_no: change_no,
            }
            if row.continuous_since is not None:
                values[LeavePerson.continuous_since] = row.continuous_since
            if row.years is not None:
                values.update({LeavePerson.years_worked: row.years, LeavePerson.years_confirmed_on: today})
            updated = (
                await LeavePerson.update(values)
                .where(LeavePerson.employee == row.employee_id)
                .returning(LeavePerson.id)
                .run()
            )
            if not updated:
                await LeavePerson.insert(
                    LeavePerson(
                        employee=row.employee_id, **{column._meta.name: value for column, value in values.items()}
                    )
                ).run()
        await audit.record(actor, "leave.opening_import", "leave_person", year, after={"rows": len(opening.rows)})
    return len(opening.rows)
