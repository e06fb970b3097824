"""Special additional deductions imported from the tax client's own export (one row per person, one column per
item), with a row-by-row preview; the withholding declaration's header row is the client's import template's."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from app.payroll.netpay_export import BONUS_HEADERS, WITHHOLDING_HEADERS, withholding_xlsx
from app.tax.tables import DeclaredDeduction
from tests.cast import csrf_token, htmx_target, sign_in
from tests.tax.test_imports import _xlsx

CLIENT_HEADER = [
    "工号",
    "*姓名",
    "*证件类型",
    "*证件号码",
    "子女教育",
    "继续教育",
    "住房贷款利息",
    "住房租金",
    "赡养老人",
    "3岁以下婴幼儿照护",
    "个人养老金",
]
ID = "110101199003074578"


async def _preview(client, rows: list[list], month: str = "2026-07"):
    return await client.post(
        "/tax/import/preview",
        data={"kind": "deductions", "from_month": month, "_csrf_token": csrf_token(client)},
        files={"file": ("专项附加扣除.xlsx", _xlsx(rows))},
        headers=htmx_target("import-preview"),
    )


async def _commit(client, preview, month: str = "2026-07"):
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    assert f'name="from_month" value="{month}"' in preview.text
    data = {"kind": "deductions", "token": token, "from_month": month, "_csrf_token": csrf_token(client)}
    return await client.post("/tax/import/commit", data=data)


async def _declared() -> list[tuple]:
    rows = (
        await DeclaredDeduction.select().order_by(DeclaredDeduction.kind).order_by(DeclaredDeduction.from_month).run()
    )
    return [(r["kind"], r["monthly_fen"], r["from_month"], r["to_month"]) for r in rows]


async def test_the_tax_clients_export_is_previewed_row_by_row_and_refused_whole_on_any_bad_row(client, cast):
    await sign_in(client, "hr")
    await client.get("/tax/import")
    rows = [
        CLIENT_HEADER,
        ["W0001", "张伟", "居民身份证", ID, 4000, 0, "", 1500, "", "", 1000],
        ["W9999", "李四", "居民身份证", ID, 2000, 0, 0, 0, 0, 0, 0],
        ["W0001", "王五", "居民身份证", ID, 2000, 0, 0, 0, 0, 0, 0],
        ["W0001", "张伟", "居民身份证", ID, 2000, 0, 0, 2500, 0, 0, 0],
    ]
    preview = await _preview(client, rows)
    assert preview.status_code == 422 and 'id="import-all"' not in preview.text
    text = preview.text
    assert "没有该工号的员工" in text and "姓名与该工号的员工不符" in text and "住房租金：每月金额超过法定标准" in text
    assert await DeclaredDeduction.count().run() == 0


async def test_the_tax_clients_export_sets_each_item_from_the_month_and_a_later_file_ends_what_it_drops(client, cast):
    await sign_in(client, "hr")
    await client.get("/tax/import")
    # two children (2 × 2,000), rent, a private pension; no period column: the month on the form
    first = await _preview(
        client, [CLIENT_HEADER, ["W0001", "张伟", "居民身份证", ID, 4000, 0, "", 1500, "", "", 1000]]
    )
    assert first.status_code == 200 and 'id="import-all"' in first.text
    assert (await _commit(client, first)).status_code in (200, 303)
    assert await _declared() == [
        ("child_education", 4_000_00, "2026-07", None),
        ("private_pension", 1_000_00, "2026-07", None),
        ("rent", 1_500_00, "2026-07", None),
    ]
    # September's export, its period in the client's own way: rent gone, elderly support added
    later = [[*CLIENT_HEADER, "所属期"], ["W0001", "张伟", "居民身份证", ID, 4000, 0, 0, 0, 3000, 0, 1000, "2026年9月"]]
    second = await _preview(client, later)
    assert second.status_code == 200
    assert (await _commit(client, second)).status_code in (200, 303)
    assert await _declared() == [
        ("child_education", 4_000_00, "2026-07", "2026-08"),
        ("child_education", 4_000_00, "2026-09", None),
        ("elderly_support", 3_000_00, "2026-09", None),
        ("private_pension", 1_000_00, "2026-07", "2026-08"),
        ("private_pension", 1_000_00, "2026-09", None),
        ("rent", 1_500_00, "2026-07", "2026-08"),
    ]


def test_the_withholding_declaration_has_the_clients_template_header_row_and_a_cell_under_each():
    assert WITHHOLDING_HEADERS == [
        "工号",
        "*姓名",
        "*证件类型",
        "*证件号码",
        "本期收入",
        "本期免税收入",
        "基本养老保险费",
        "基本医疗保险费",
        "失业保险费",
        "住房公积金",
        "累计子女教育",
        "累计继续教育",
        "累计住房贷款利息",
        "累计住房租金",
        "累计赡养老人",
        "累计3岁以下婴幼儿照护",
        "累计个人养老金",
        "企业(职业)年金",
        "商业健康保险",
        "税延养老保险",
        "其他",
        "准予扣除的捐赠额",
        "减免税额",
        "备注",
    ]
    assert BONUS_HEADERS == [
        "工号",
        "*姓名",
        "*证件类型",
        "*证件号码",
        "*全年一次性奖金额",
        "免税收入",
        "其他",
        "准予扣除的捐赠额",
        "减免税额",
        "备注",
    ]
    row = {
        "employee": 1,
        "code": "W0001",
        "name": "张伟",
        "income_fen": 10_000_00,
        "tax_free_fen": 0,
        "items": {"pension": 800_00, "medical": 200_00, "unemployment": 50_00, "housing_fund": 700_00},
        "additional_ytd": {"child_education": 4_000_00, "private_pension": 2_000_00},
        "tax_fen": 0,
        "bonus_fen": 36_000_00,
    }
    book = load_workbook(io.BytesIO(withholding_xlsx([row], {1: ID})))
    wages, bonus = book["正常工资薪金所得"], book["全年一次性奖金收入"]
    assert [c.value for c in wages[1]] == WITHHOLDING_HEADERS and [c.value for c in bonus[1]] == BONUS_HEADERS
    cells = dict(zip(WITHHOLDING_HEADERS, [c.value for c in wages[2]], strict=True))
    assert (cells["*证件号码"], cells["本期收入"], cells["基本养老保险费"], cells["失业保险费"]) == (ID, 10000, 800, 50)
    assert (cells["累计子女教育"], cells["累计个人养老金"], cells["其他"]) == (4000, 2000, 0)
    assert dict(zip(BONUS_HEADERS, [c.value for c in bonus[2]], strict=True))["*全年一次性奖金额"] == 36000
