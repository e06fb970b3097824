"""The month as a payroll sheet (Excel, the migrant-worker payroll ledger's columns) and as CSV.

The ledger (RULES.md, "Pay"; kept 3 years) has: employer, period, pay date, name, ID number, hours,
gross items, deductions, net and proof of payment (the worker's signature on the printed sheet).
ID numbers come from the worker's onboarding (app/onboarding/identity.py); a worker hired before floorhr
has none there, and that cell stays empty for HR to fill in.
"""

from __future__ import annotations

from app.i18n import N_, gettext
from app.payroll.payslip import SlipView
from app.spreadsheets import append_row, csv_text, save

ITEMS = [  # (header, line-code prefix): the gross items of a Chinese plant's payroll sheet
    (N_("Piece pay, normal hours"), "piece.normal"),
    (N_("Overtime piece pay"), "piece."),
    (N_("Base wage"), "base"),
    (N_("Overtime pay"), "overtime."),
    (N_("Probation top-up"), "probation_topup"),
    (N_("Minimum-wage top-up"), "minimum_wage_topup"),
    (N_("Other earnings"), "earning."),
]
HEADERS = (
    [
        N_("Employer"),
        N_("Pay period"),
        N_("Pay date"),
        N_("Employee code"),
        N_("Name"),
        N_("ID number"),
        N_("Department"),
        N_("Hours worked"),
    ]
    + [item for item, _ in ITEMS]
    + [
        N_("Gross pay"),
        N_("Social insurance and housing fund (worker)"),
        N_("Income tax"),
        N_("Social insurance back-payment (−) or refund (+) for locked months"),
        N_("Deduction for damage"),
        N_("Advances taken back"),
        N_("Adjustments for earlier months"),
        N_("Net pay"),
        N_("Signature of the worker"),
    ]
)
CSV_COLUMNS = [
    "employee_code",
    "name",
    "department",
    "hours",
    "gross_fen",
    "contributions_fen",
    "tax_fen",
    "contribution_adjustment_fen",
    "advance_fen",
    "deductions_fen",
    "adjustment_fen",
    "net_fen",
    "month",
]


def _items(view: SlipView) -> list[int]:
    normal = view.amount("piece.normal")
    values = [normal, view.amount("piece.") - normal]
    return values + [view.amount(prefix) for _, prefix in ITEMS[2:]]


def _row(view: SlipView, pay_date: str, hours: float, id_number: str) -> list:
    return [
        view.plant,
        view.month,
        pay_date,
        view.code,
        view.name,
        id_number,
        view.department,
        hours,
        *[fen / 100 for fen in _items(view)],
        view.gross_fen / 100,
        view.amount("contribution.") / -100,
        view.amount("tax") / -100,
        view.amount("contribution_adjustment") / 100,
        view.amount("deduction.") / -100,
        view.amount("advance") / -100,
        view.adjustment_fen / 100,
        view.net_fen / 100,
        "",
    ]


def payroll_xlsx(views: list[SlipView], pay_date: str, hours: dict[int, float], id_numbers: dict[int, str]) -> bytes:
    """One sheet, a header row in the current language, yuan with two decimals, totals at the bottom."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = views[0].month if views else "payroll"
    append_row(sheet, [gettext(header) for header in HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for view in views:
        append_row(sheet, _row(view, pay_date, hours.get(view.employee_id, 0), id_numbers.get(view.employee_id, "")))
    money_columns = range(9, len(HEADERS))
    total = [gettext(N_("Total"))] + [""] * (len(HEADERS) - 1)
    for column in money_columns:
        letter = get_column_letter(column)
        total[column - 1] = f"=SUM({letter}2:{letter}{len(views) + 1})"
        for cell in sheet[letter][1:]:
            cell.number_format = "#,##0.00"
    sheet.append(total)
    sheet.freeze_panes = "E2"
    return save(book)


def payroll_csv(views: list[SlipView], hours: dict[int, float]) -> str:
    """UTF-8 CSV with a BOM (Excel opens it), money in integer fen."""
    return csv_text(
        CSV_COLUMNS,
        (
            [
                view.code,
                view.name,
                view.department,
                hours.get(view.employee_id, 0),
                view.gross_fen,
                -view.amount("contribution."),
                -view.amount("tax"),
                view.amount("contribution_adjustment"),
                -view.amount("advance"),
                view.deductions_fen,
                view.adjustment_fen,
                view.net_fen,
                view.month,
            ]
            for view in views
        ),
    )
