"""The Excel export of everyone's balances (openpyxl), logged in the audit log."""

from __future__ import annotations

from litestar.response import Response

from app import spreadsheets
from app.audit import service as audit
from app.db.tx import write_transaction
from app.i18n import N_, gettext
from app.leave import balances

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = (
    N_("Employee code"),
    N_("Name"),
    N_("Department"),
    N_("Years worked"),
    N_("Annual leave (days)"),
    N_("Annual leave taken"),
    N_("Annual leave left"),
    N_("Forfeited"),
    N_("Time off in lieu (hours)"),
    N_("Sick leave (days)"),
    N_("Personal leave (days)"),
)


def workbook(rows: list[balances.Balance], year: int) -> bytes:
    """Through app.spreadsheets: a name typed as '=…' stays text, numbers stay numbers."""
    return spreadsheets.xlsx_bytes(
        str(year),
        [gettext(header) for header in HEADERS],
        (
            [
                row.code,
                row.name,
                row.department,
                row.years_worked,
                float(row.annual_days),
                float(row.annual_taken),
                float(row.annual_left),
                gettext("Yes") if row.forfeited else "",
                float(row.lieu_hours),
                row.sick_halves / 2,
                row.personal_halves / 2,
            ]
            for row in rows
        ),
    )


async def balances_response(year: int, actor: audit.Actor) -> Response:
    rows = await balances.compute(year)
    async with write_transaction():
        await audit.record(actor, "leave.balances_export", "leave_balance", year, after={"rows": len(rows)})
    return Response(
        workbook(rows, year),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="leave-balances-{year}.xlsx"'},
    )
