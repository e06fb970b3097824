"""Every export writes hostile cells as text that Excel never runs; every import is measured before it is parsed."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from app.errors import Refused
from app.spreadsheets import Limits, csv_text, read_table, xlsx_bytes

HOSTILE = ['=HYPERLINK("http://x","点我")', "+1+2", "-3+4", "@SUM(A1)", "\tx", "\rx"]


def test_hostile_cells_are_text_in_xlsx_and_numbers_stay_numbers():
    data = xlsx_bytes("t", ["姓名", "金额", "日期"], [[text, -12.5, date(2026, 3, 1)] for text in HOSTILE])
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [row[0].value for row in rows] == [text.replace("\r", "\n") for text in HOSTILE]  # XML keeps no CR
    assert all(row[0].data_type == "s" for row in rows)  # a string cell: never a formula
    assert rows[0][1].value == -12.5 and rows[0][1].data_type == "n"


def test_hostile_cells_are_quoted_in_csv_and_numbers_stay_numbers():
    text = csv_text(["name", "fen"], [[value, -1250] for value in HOSTILE])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1:]
    assert [row[0] for row in rows] == ["'" + value for value in HOSTILE]
    assert {row[1] for row in rows} == {"-1250"}


def _xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_table_is_read_with_trailing_empty_cells_dropped():
    assert read_table("a.xlsx", _xlsx([["工号", "姓名", None], ["E1", "张伟"]])) == [["工号", "姓名"], ["E1", "张伟"]]
    assert read_table("a.csv", "工号,姓名\nE1,张伟\n".encode("gb18030")) == [["工号", "姓名"], ["E1", "张伟"]]


def _zip_bomb() -> bytes:
    """A valid-looking workbook whose sheet expands to 200 MB of one repeated cell."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(_xlsx_base := io.BytesIO(_xlsx([["x"]]))) as base,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in base.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                cell = '<c t="inlineStr"><is><t>' + "A" * 1000 + "</t></is></c>"
                bomb.writestr(
                    item.filename, "<worksheet><sheetData><row>" + cell * 200_000 + "</row></sheetData></worksheet>"
                )
            else:
                bomb.writestr(item, base.read(item.filename))
    assert _xlsx_base
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_expanded_with_memory_bounded():
    content = _zip_bomb()
    assert len(content) < 2_000_000
    tracemalloc.start()
    with pytest.raises(Refused) as refused:
        read_table("bomb.xlsx", content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20_000_000  # far below the 200 MB the sheet would expand to
    assert refused.value.field == "file" and "too large" in refused.value.message


@pytest.mark.parametrize(
    "rows",
    [
        [["a"]] * 12,  # too many rows
        [["a"] * 7],  # too many columns
        [["a" * 51]],  # a cell too long
    ],
)
def test_a_table_over_the_limits_is_refused(rows):
    limits = Limits(rows=10, columns=6, cell_chars=50)
    for name, content in (("a.xlsx", _xlsx(rows)), ("a.csv", "\n".join(",".join(r) for r in rows).encode())):
        with pytest.raises(Refused):
            read_table(name, content, limits)


def test_an_old_xls_file_is_refused_with_what_to_do():
    with pytest.raises(Refused) as refused:
        read_table("roster.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert ".xlsx" in refused.value.message
