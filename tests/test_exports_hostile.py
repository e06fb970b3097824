"""Every spreadsheet floorhr hands out keeps a hostile name as text (issue 21: a formula in an export runs on
the HR office's computer when the file is opened). The walk takes every GET path ending in .xlsx or .csv, so
an export added later is covered without a new test."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from app.people.tables import Department, Employee
from app.reports import service as report_service
from app.spreadsheets import RISKY_START
from tests.cast import make_user, sign_in
from tests.conftest import TEST_NOW
from tests.test_every_page import _ids, fill, get_paths

NETPAY_FILES = ("contributions.xlsx", "withholding.xlsx", "bank.xlsx", "bank.csv")
OUR_TOTAL = re.compile(r"=SUM\([A-Z]{1,3}\d+:[A-Z]{1,3}\d+\)")
HOSTILE = '=HYPERLINK("http://evil.example","点我")'


def _formulas_in_workbook(content: bytes) -> list[str]:
    """Formula cells other than our own column totals (the payroll ledger's =SUM(I2:I41) row)."""
    book = load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if (
            cell.data_type == "f"
            or (isinstance(cell.value, str) and cell.value.startswith("=") and cell.data_type != "s")
        )
        and not OUR_TOTAL.fullmatch(str(cell.value))
    ]


def _formulas_in_csv(text: str) -> list[str]:
    return [
        cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row if cell.startswith(RISKY_START)
    ]


async def test_no_export_carries_a_formula_from_a_name(app, client, cast):
    await Employee.update({Employee.name: HOSTILE}).where(Employee.id == cast.worker).run()
    await Department.update({Department.name: HOSTILE + "车间"}).where(Department.id == cast.line_a).run()
    await make_user("export-hr", "hr")
    await sign_in(client, "export-hr")
    ids = await _ids(cast)
    by_suffix = [url for url in (fill(path, ids) for path in get_paths(app) if path.endswith((".xlsx", ".csv"))) if url]
    month = ids["month"]
    reports = [f"/reports/{r.key}/xlsx" for r in await report_service.dashboard(TEST_NOW.date(), TEST_NOW.tzinfo)]
    netpay_files = [f"/netpay/{month}/{name}" for name in NETPAY_FILES]
    exports = [*by_suffix, *reports, *netpay_files, "/training/coverage?format=xlsx"]
    assert len(by_suffix) >= 4 and len(reports) >= 9
    formulas, carried = {}, []
    for url in exports:
        response = await client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            continue
        if response.content.startswith(b"PK"):
            found = _formulas_in_workbook(response.content)
            text = HOSTILE in str(
                [
                    c.value
                    for s in load_workbook(io.BytesIO(response.content)).worksheets
                    for r in s.iter_rows()
                    for c in r
                ]
            )
        else:
            found = _formulas_in_csv(response.text)
            text = "'" + HOSTILE in response.text or "\"'=HYPERLINK" in response.text
        if found:
            formulas[url] = found[:3]
        if text:
            carried.append(url)
    assert formulas == {}
    print("exports carrying the hostile name:", carried)
    assert len(carried) >= 3  # the walk really met the name, not only empty files
