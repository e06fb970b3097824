"""Importing opening balances and declared deductions: a row-by-row preview, all or nothing, then the tax."""

from __future__ import annotations

import io

from openpyxl import Workbook

from app.tax.tables import DeclaredDeduction, OpeningBalance
from tests.cast import csrf_token, htmx_target, sign_in


def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


OPENINGS = [
    ["期初累计（旧系统导出）"],
    ["工号", "截至月份", "任职月数", "累计收入", "累计专项扣除", "累计已预扣税额"],
    ["W0001", "2026-03", 3, "30000", "6000", "90"],
]


async def _preview(client, kind: str, content: bytes, headers: dict | None = None):
    return await client.post(
        "/tax/import/preview",
        data={"kind": kind, "_csrf_token": csrf_token(client)},
        files={"file": ("openings.xlsx", content)},
        headers=headers or {},
    )


async def test_an_opening_balance_file_is_previewed_then_imported_and_audited(client, cast):
    await sign_in(client, "hr")
    await client.get("/tax/import")
    preview = await _preview(client, "openings", _xlsx(OPENINGS), htmx_target("import-preview"))
    assert preview.status_code == 200 and "<html" not in preview.text and 'id="import-all"' in preview.text
    assert await OpeningBalance.count().run() == 0  # a preview writes nothing
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    done = await client.post(
        "/tax/import/commit", data={"kind": "openings", "token": token, "_csrf_token": csrf_token(client)}
    )
    assert done.status_code in (200, 303)
    row = await OpeningBalance.objects().first().run()
    assert (row.through_month, row.months_employed, row.income_fen, row.withheld_fen) == (
        "2026-03",
        3,
        30_000_00,
        90_00,
    )


async def test_a_file_with_a_bad_row_is_refused_whole_with_the_rows_reason(client, cast):
    await sign_in(client, "hr")
    await client.get("/tax/import")
    rows = [
        ["工号", "扣除项目", "每月扣除金额", "起始月份"],
        ["W0001", "子女教育", "2000", "2026-01"],
        ["W9999", "住房租金", "1500", "2026-01"],
        ["W0001", "赡养老人", "5000", "2026-01"],
    ]
    preview = await _preview(client, "deductions", _xlsx(rows))
    assert preview.status_code == 422 and 'id="import-all"' not in preview.text
    assert "没有该工号的员工" in preview.text and "超过该项扣除的法定标准" in preview.text
    assert await DeclaredDeduction.count().run() == 0


async def test_a_deductions_file_from_the_tax_client_is_imported(client, cast):
    await sign_in(client, "hr")
    await client.get("/tax/import")
    rows = [["工号", "扣除项目", "每月扣除金额", "起始月份"], ["W0001", "子女教育", "2000", "2026-07"]]
    preview = await _preview(client, "deductions", _xlsx(rows))
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    await client.post(
        "/tax/import/commit", data={"kind": "deductions", "token": token, "_csrf_token": csrf_token(client)}
    )
    row = await DeclaredDeduction.objects().first().run()
    assert (row.kind, row.monthly_fen, row.from_month, row.source) == ("child_education", 2_000_00, "2026-07", "import")


async def test_a_supervisor_cannot_import_tax_figures(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get("/tax/import")).status_code == 403
    response = await _preview(client, "openings", _xlsx(OPENINGS))
    assert response.status_code == 403 and await OpeningBalance.count().run() == 0
