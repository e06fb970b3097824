"""Pure rules for importing an existing roster: find the header, read each cell, flag each row's problems."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.people import rules
from app.people.rules import N_

MAX_ROWS = 5000
HEADER_SCAN_ROWS = 10  # a title, a note and the header: the header is within the first rows
EXCEL_EPOCH = date(1899, 12, 30)  # serial 61 is 1900-03-01; Excel's phantom 1900-02-29 is before any real roster
HEADERS = {
    "employee_code": ("工号", "员工编号", "员工工号", "职工编号", "编号", "employeecode", "code"),
    "name": ("姓名", "员工姓名", "name"),
    "gender": ("性别", "gender", "sex"),
    "birth_date": ("出生日期", "出生年月日", "生日", "birthdate", "dateofbirth"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "电话", "phone", "mobile"),
    "department": ("部门", "所属部门", "车间", "department"),
    "position": ("岗位", "职位", "工种", "position"),
    "hire_date": ("入职日期", "入职时间", "hiredate"),
    "status": ("状态", "员工状态", "在职状态", "status"),
}
REQUIRED = ("employee_code", "name", "gender", "hire_date")
GENDERS = {"男": "M", "m": "M", "male": "M", "女": "F", "f": "F", "female": "F"}
STATUSES = {
    "": "active",
    "在职": "active",
    "正式": "active",
    "active": "active",
    "试用": "probation",
    "试用期": "probation",
    "probation": "probation",
    "待入职": "onboarding",
    "入职中": "onboarding",
    "onboarding": "onboarding",
    "离职": "left",
    "已离职": "left",
    "left": "left",
}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")


@dataclass(frozen=True)
class RosterProblem:
    """An English message marked for translation, with its variables; field names the column, if any."""

    message: str
    params: dict = field(default_factory=dict)
    field: str = ""


@dataclass
class RosterRow:
    line: int  # the row number Excel shows
    values: dict
    problems: list[RosterProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Roster:
    rows: list[RosterRow] = field(default_factory=list)
    columns: tuple[str, ...] = ()
    problems: list[RosterProblem] = field(default_factory=list)  # about the whole file
    missing_departments: list[str] = field(default_factory=list)
    missing_positions: list[tuple[str, str]] = field(default_factory=list)  # (position, department)

    @property
    def valid_rows(self) -> list[RosterRow]:
        return [] if self.problems else [row for row in self.rows if row.ok]

    @property
    def invalid_rows(self) -> list[RosterRow]:
        return [row for row in self.rows if not row.ok]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows) and not self.invalid_rows


def text(value: object) -> str:
    """A cell as text: full-width digits and letters made ASCII, a whole float without its '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return unicodedata.normalize("NFKC", str(value)).strip()


def _header_key(value: object) -> str:
    label = re.sub(r"[(（\[【].*?[)）\]】]", "", text(value))  # 出生日期(yyyy-mm-dd) → 出生日期
    return re.sub(r"[\s*:：_]", "", label).lower()


_FIELD_OF = {alias: name for name, aliases in HEADERS.items() for alias in aliases}


def header_columns(row: list[object]) -> dict[int, str]:
    """{column index: field} for the cells of row that name a known column (the first of each wins)."""
    columns: dict[int, str] = {}
    for index, cell in enumerate(row):
        name = _FIELD_OF.get(_header_key(cell))
        if name and name not in columns.values():
            columns[index] = name
    return columns


def find_header(rows: list[list[object]]) -> tuple[int, dict[int, str]] | None:
    """The index of the header row and its columns: the first row naming two known columns or more.
    Title rows above it (a merged '2024年员工花名册') name none and are skipped."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns = header_columns(row)
        if len(columns) >= 2:
            return index, columns
    return None


def parse_date(value: object) -> date | None:
    """A date cell: a date or datetime, an Excel serial number, or text as 2024-03-01, 2024/3/1,
    2024.3.1, 2024年3月1日 or 20240301. Raises ValueError for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_serial(value)
    cell = text(value)
    if not cell:
        return None
    if re.fullmatch(r"\d{5}(\.0+)?", cell):
        return _from_serial(float(cell))
    match = _DATE.fullmatch(cell) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", cell)
    if not match:
        raise ValueError(cell)
    return date(int(match[1]), int(match[2]), int(match[3]))


def _from_serial(serial: float) -> date:
    if not 61 <= serial < 109575:  # 1900-03-01 to 2199-12-31
        raise ValueError(serial)
    return EXCEL_EPOCH + timedelta(days=int(serial))


def _check_dates(values: dict, cells: dict, problems: list[RosterProblem]) -> None:
    for name in ("birth_date", "hire_date"):
        try:
            values[name] = parse_date(cells.get(name))
        except ValueError:
            values[name] = None
            problems.append(
                RosterProblem(
                    N_("“%(value)s” is not a date; write it as 2024-03-01."), {"value": text(cells.get(name))}, name
                )
            )
    birth, hired = values["birth_date"], values["hire_date"]
    if hired is None and not text(cells.get("hire_date")):
        problems.append(RosterProblem(N_("Enter the hire date."), {}, "hire_date"))
    if birth and hired and birth >= hired:
        problems.append(RosterProblem(N_("The birth date must be before the hire date."), {}, "birth_date"))
    elif birth and hired and not rules.hire_eligibility(birth, hired).allowed:
        problems.append(
            RosterProblem(N_("Under 16 on the hire date: may not be employed (Labour Law art. 15)."), {}, "birth_date")
        )


def parse_row(line: int, cells: dict) -> RosterRow:
    """One data row ({field: cell}) read and checked on its own."""
    problems: list[RosterProblem] = []
    code = rules.validate_employee_code(text(cells.get("employee_code")))
    if not code.ok:
        problems.append(RosterProblem(code.message, {}, "employee_code"))
    name = text(cells.get("name"))
    if not name or len(name) > 50:
        problems.append(RosterProblem(N_("Enter a name of 1 to 50 characters."), {}, "name"))
    gender = GENDERS.get(text(cells.get("gender")).lower(), "")
    if not gender:
        problems.append(RosterProblem(N_("Write the gender as 男 or 女."), {}, "gender"))
    phone = rules.validate_phone(text(cells.get("phone"))) if text(cells.get("phone")) else None
    if phone is not None and not phone.ok:
        problems.append(RosterProblem(phone.message, {}, "phone"))
    status = STATUSES.get(text(cells.get("status")).lower())
    if status is None:
        problems.append(RosterProblem(N_("Write the status as 在职, 试用 or 待入职."), {}, "status"))
    elif status == "left":
        problems.append(RosterProblem(N_("This person has left: the import takes current staff only."), {}, "status"))
    values = {
        "employee_code": code.value,
        "name": name,
        "gender": gender,
        "phone": phone.value if phone else "",
        "status": status or "",
        "department": text(cells.get("department")),
        "position": text(cells.get("position")),
    }
    _check_dates(values, cells, problems)
    return RosterRow(line=line, values=values, problems=problems)


def parse(rows: list[list[object]]) -> Roster:
    """Every data row under the header, with its problems; empty rows are skipped."""
    found = find_header(rows)
    if found is None:
        return Roster(
            problems=[RosterProblem(N_("No header row found: the first rows must name columns such as 工号 and 姓名."))]
        )
    header, columns = found
    roster = Roster(columns=tuple(columns.values()))
    for name in REQUIRED:
        if name not in columns.values():
            roster.problems.append(
                RosterProblem(N_("The roster needs a column “%(column)s”."), {"column": HEADERS[name][0]})
            )
    for offset, row in enumerate(rows[header + 1 :], start=header + 2):
        if any(text(cell) for cell in row):
            roster.rows.append(
                parse_row(offset, {name: row[index] if index < len(row) else None for index, name in columns.items()})
            )
    if len(roster.rows) > MAX_ROWS:
        roster.problems.append(RosterProblem(N_("At most %(max)d rows can be imported at once."), {"max": MAX_ROWS}))
    elif not roster.rows:
        roster.problems.append(RosterProblem(N_("The roster has no rows under its header.")))
    _flag_duplicates(roster.rows)
    return roster


def _flag_duplicates(rows: list[RosterRow]) -> None:
    lines: dict[str, list[int]] = {}
    for row in rows:
        if row.values["employee_code"]:
            lines.setdefault(row.values["employee_code"], []).append(row.line)
    for row in rows:
        seen = lines.get(row.values["employee_code"], [])
        if len(seen) > 1:
            row.problems.append(
                RosterProblem(
                    N_("Employee code %(code)s appears more than once in the file (rows %(rows)s)."),
                    {"code": row.values["employee_code"], "rows": ", ".join(map(str, seen))},
                    "employee_code",
                )
            )


def check_against(
    roster: Roster,
    existing_codes: set[str],
    departments: set[str],
    positions: set[tuple[str, str]],
    create_missing: bool,
) -> Roster:
    """Flag codes already employed, and departments or positions the plant does not have (unless HR asked to
    create them). positions holds (position, department) pairs, department "" for a plant-wide position."""
    missing_departments: dict[str, None] = {}
    missing_positions: dict[tuple[str, str], None] = {}
    for row in roster.rows:
        values = row.values
        if values["employee_code"] in existing_codes:
            row.problems.append(
                RosterProblem(
                    N_("Employee code %(code)s is already in floorhr."),
                    {"code": values["employee_code"]},
                    "employee_code",
                )
            )
        department, position = values["department"], values["position"]
        if department and department not in departments:
            missing_departments[department] = None
            if not create_missing:
                row.problems.append(
                    RosterProblem(N_("There is no department “%(name)s”."), {"name": department}, "department")
                )
        if position and (position, department) not in positions and (position, "") not in positions:
            missing_positions[(position, department)] = None
            if not create_missing:
                row.problems.append(
                    RosterProblem(N_("There is no position “%(name)s”."), {"name": position}, "position")
                )
    roster.missing_departments = list(missing_departments)
    roster.missing_positions = list(missing_positions)
    return roster
