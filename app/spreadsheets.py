"""Spreadsheets in and out, the one place for both: every export writes user data as text that Excel never
runs (formula injection), and every import is measured before it is parsed (zip bombs, giant sheets).

Exports: ``csv_text`` (UTF-8 with a BOM, so Excel opens Chinese correctly) and ``xlsx_bytes``; a cell that
starts with = + - @ or a tab/CR is written as text (xlsx: a string cell; CSV: prefixed with an apostrophe, as
OWASP advises); numbers and dates stay numbers and dates. Imports: ``read_table`` (xlsx, or CSV in UTF-8 or
GB18030 as Chinese Excel saves it) refuses, with a message in the user's language, a workbook whose parts
expand beyond the limits or whose sheet is too large, and never reads more than it allows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.errors import Refused
from app.i18n import N_

BOM = "\ufeff"
RISKY_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Limits:
    """What an import may hold; the defaults fit a roster of a 1,000-person plant many times over."""

    rows: int = 20_000
    columns: int = 60
    cell_chars: int = 2_000
    expanded_bytes: int = 64 * 1024 * 1024  # the workbook's parts once unzipped
    ratio: int = 200  # unzipped ÷ zipped of one part: real sheets compress about 10×, bombs 1,000× or more


DEFAULT_LIMITS = Limits()


def is_risky(value: object) -> bool:
    return isinstance(value, str) and value.startswith(RISKY_START)


def csv_cell(value: object) -> object:
    if value is None:
        return ""
    return "'" + value if is_risky(value) else value


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]], bom: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return (BOM if bom else "") + buffer.getvalue()


def _xlsx_value(value: object) -> object:
    if value is None or isinstance(value, (int, float, Decimal, date, datetime, bool)):
        return value
    return str(value)


def append_row(sheet, row: Sequence[object]) -> None:
    """sheet.append, with every text cell kept as text (openpyxl would store '=…' as a formula)."""
    sheet.append([_xlsx_value(value) for value in row])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def xlsx_bytes(title: str, header: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    append_row(sheet, header)
    for row in rows:
        append_row(sheet, row)
    return save(book)


def save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TOO_BIG = N_(
    "This file is too large to import: at most %(rows)s rows, %(columns)s columns and %(chars)s characters a cell."
)
NOT_XLSX = N_("This file could not be read as an Excel workbook (.xlsx).")
OLD_XLS = N_("Old .xls files cannot be read: save the file as .xlsx or .csv in Excel first.")


def _check_archive(content: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except zipfile.BadZipFile:
        raise Refused(NOT_XLSX, field="file") from None
    expanded = sum(part.file_size for part in parts)
    bomb = any(
        part.file_size > limits.ratio * max(part.compress_size, 1) and part.file_size > 1_000_000 for part in parts
    )
    if expanded > limits.expanded_bytes or bomb:
        raise _too_big(limits)


def _too_big(limits: Limits) -> Refused:
    return Refused(TOO_BIG, field="file", rows=limits.rows, columns=limits.columns, chars=limits.cell_chars)


def _bounded(rows: Iterable[Sequence[object]], limits: Limits, scan_rows: int) -> list[list[object]]:
    """Rows with trailing empty cells dropped (a sheet may claim 16,384 columns); refused past the limits.
    scan_rows: lines above the data a caller may look through for its header."""
    found = []
    for row in rows:
        if len(found) >= limits.rows + scan_rows:
            raise _too_big(limits)
        cells = list(row)
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if len(cells) > limits.columns or any(isinstance(v, str) and len(v) > limits.cell_chars for v in cells):
            raise _too_big(limits)
        found.append(cells)
    return found


def _xlsx_rows(content: bytes, limits: Limits, scan_rows: int) -> list[list[object]]:
    from openpyxl import load_workbook

    _check_archive(content, limits)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise Refused(NOT_XLSX, field="file") from None
    try:
        sheet = workbook.active
        sheet.reset_dimensions()  # some programs write a wrong size; read every row there is, within the limits
        return _bounded(sheet.iter_rows(values_only=True), limits, scan_rows)
    finally:
        workbook.close()


def _csv_rows(content: bytes, limits: Limits, scan_rows: int) -> list[list[object]]:
    if len(content) > limits.expanded_bytes:
        raise _too_big(limits)
    try:
        decoded = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        decoded = content.decode("gb18030", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(decoded[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(max(limits.cell_chars * 4, 131072))
    try:
        return _bounded(csv.reader(io.StringIO(decoded), dialect), limits, scan_rows)
    except csv.Error:
        raise _too_big(limits) from None


def read_table(
    filename: str, content: bytes, limits: Limits = DEFAULT_LIMITS, scan_rows: int = 1
) -> list[list[object]]:
    """The cells of the first worksheet (xlsx) or of a CSV file, trailing empty cells dropped."""
    name = filename.lower()
    if name.endswith(".xls") or content.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused(OLD_XLS, field="file")
    if content.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(content, limits, scan_rows)
    return _csv_rows(content, limits, scan_rows)
