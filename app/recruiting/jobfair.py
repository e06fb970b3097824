"""Importing a job fair's list (xlsx or csv) into the talent pool: a row-by-row preview, then all rows or none.

Read like the roster import (app/spreadsheets.read_table, app/people/import_rules's cell and header helpers); each
ID number checked by onboarding's rule and the hiring age; a person already in the pool is found again."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from app import spreadsheets
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.people.imports import rules as import_rules
from app.people.rules import validate_phone
from app.recruiting import candidates
from app.recruiting.hooks import hooks
from app.recruiting.tables import Candidate

MAX_ROWS = 2000
HEADERS = {
    "name": ("姓名", "name"),
    "id_number": ("身份证号", "身份证号码", "身份证", "idnumber", "id"),
    "phone": ("手机", "手机号", "电话", "联系电话", "phone", "mobile"),
    "posts": ("意向岗位", "应聘岗位", "岗位", "post", "posts"),
    "skills": ("技能", "特长", "skills"),
}
_FIELD_OF = {alias: name for name, aliases in HEADERS.items() for alias in aliases}
NO_HEADER = N_("The list needs a header row naming at least the columns 姓名 and 身份证号.")
DUPLICATE = N_("The same ID number is on an earlier row.")
WRITE_FAILED = N_("This row could not be saved, so nothing was imported: correct or remove it and import again.")
log = logging.getLogger("floorhr.recruiting")


@dataclass
class FairRow:
    line: int
    values: dict[str, str]
    masked: str = ""
    problem: str = ""
    known: bool = False  # already in the pool: found again, not added twice


@dataclass
class FairList:
    rows: list[FairRow] = field(default_factory=list)
    problem: str = ""
    params: dict = field(default_factory=dict)

    @property
    def valid_rows(self) -> list[FairRow]:
        return [row for row in self.rows if not row.problem]

    @property
    def invalid_rows(self) -> list[FairRow]:
        return [row for row in self.rows if row.problem]


def _columns(rows: list[list[object]]) -> tuple[int, dict[int, str]] | None:
    for index, row in enumerate(rows[: import_rules.HEADER_SCAN_ROWS]):
        columns: dict[int, str] = {}
        for column, cell in enumerate(row):
            name = _FIELD_OF.get(import_rules._header_key(cell))
            if name and name not in columns.values():
                columns[column] = name
        if {"name", "id_number"} <= set(columns.values()):
            return index, columns
    return None


def _check(row: FairRow, today: date, seen: set[str]) -> str:
    """The row's ID number normalised, or "" with row.problem set."""
    values = row.values
    if not values["name"] or len(values["name"]) > 50:
        row.problem = N_("Enter the name, at most 50 characters.")
        return ""
    if values["phone"]:
        phone = validate_phone(values["phone"])
        if not phone.ok:
            row.problem = phone.message
            return ""
        values["phone"] = phone.value
    try:
        number = candidates.checked_id(values["id_number"], today).number
    except Refused as refused:
        row.problem = refused.message
        return ""
    if number in seen:
        row.problem = DUPLICATE
        return ""
    seen.add(number)
    row.masked = hooks().mask_id(number)
    return number


async def preview(filename: str, content: bytes, today: date, secret: bytes) -> FairList:
    try:
        cells = spreadsheets.read_table(
            filename, content, spreadsheets.Limits(rows=MAX_ROWS), scan_rows=import_rules.HEADER_SCAN_ROWS + 1
        )
    except Refused as refused:
        return FairList(problem=refused.message, params=refused.params)
    found = _columns(cells)
    if found is None:
        return FairList(problem=NO_HEADER)
    start, columns = found
    fair, seen, hashes = FairList(), set(), {}
    vault = hooks().vault(secret)
    for offset, cells_row in enumerate(cells[start + 1 :], start=start + 2):
        values = {name: "" for name in HEADERS}
        for column, name in columns.items():
            values[name] = import_rules.text(cells_row[column]) if column < len(cells_row) else ""
        if not any(values.values()):
            continue
        row = FairRow(offset, values)
        if number := _check(row, today, seen):
            hashes[vault.lookup_hash(number)] = row
        fair.rows.append(row)
    known = await Candidate.select(Candidate.id_hash).where(Candidate.id_hash.is_in(list(hashes) or [""])).run()
    for item in known:
        hashes[item["id_hash"]].known = True
    return fair


def _input(row: FairRow, fair_name: str, consent: bool) -> candidates.CandidateInput:
    return candidates.CandidateInput(
        row.values["name"],
        row.values["phone"],
        row.values["id_number"],
        "job_fair",
        fair_name[:100],
        consent=consent,
        skills=row.values["skills"][:200],
        posts=row.values["posts"][:200],
    )


async def import_list(
    filename: str, content: bytes, today: date, secret: bytes, fair_name: str, consent: bool, actor: audit.Actor
) -> tuple[FairList, int]:
    """Every valid row added (or found again) as a job-fair candidate, in one transaction: nothing when a row
    has a problem in the preview, and nothing when a row fails as it is written (the rows before it are
    undone; that row comes back with its problem)."""
    fair = await preview(filename, content, today, secret)
    if fair.problem or fair.invalid_rows or not fair.rows:
        return fair, 0
    row = fair.valid_rows[0]
    try:
        async with write_transaction():
            for row in fair.valid_rows:
                await candidates.add(_input(row, fair_name, consent), today, secret, actor)
    except Refused as refused:
        row.problem = refused.message
        return fair, 0
    except Exception:  # a database error on one row (a constraint, the connection): the whole list is undone
        log.exception("job-fair import undone at row %s", row.line)
        row.problem = WRITE_FAILED
        return fair, 0
    return fair, len(fair.valid_rows)
