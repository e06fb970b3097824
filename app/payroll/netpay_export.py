"""Files HR hands on: the social insurance bureau's monthly sheet, the withholding declaration (扣缴申报)
in the tax client's column layout, and the bank transfer file. The two government forms keep their
Chinese headers whatever the page language, as the bureau and the tax client expect them."""

from __future__ import annotations

from app.i18n import N_, gettext
from app.payroll.backpay import RATES_CHANGED
from app.payroll.netpay import BackPay, BankFile, ItemTotal, PersonContributions
from app.spreadsheets import append_row, csv_text, save

BUREAU_ITEMS = {
    "pension": "养老保险",
    "medical": "医疗保险",
    "unemployment": "失业保险",
    "injury": "工伤保险",
    "maternity": "生育保险",
    "serious_illness": "大病医疗保险",
    "housing_fund": "住房公积金",
}
# The tax client's import template for wages (正常工资薪金所得), in its order.
WITHHOLDING_HEADERS = [
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
BONUS_HEADERS = [
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
# 累计子女教育 … 累计个人养老金, in the template's order
KIND_COLUMNS = (
    "child_education",
    "continuing_education",
    "housing_loan",
    "rent",
    "elderly_support",
    "infant_care",
    "private_pension",
)
BANK_HEADERS = {
    "name": N_("Name"),
    "card": N_("Bank card number"),
    "amount": N_("Amount"),
    "code": N_("Employee code"),
    "id_number": N_("ID number"),
    "month": N_("Pay period"),
}


BACKPAY_HEADERS = ["序号", "姓名", "工号", "证件号码", "所属月份", "类型", "单位缴费差额", "个人缴费差额", "原因"]


def contributions_xlsx(
    month: str,
    people: list[PersonContributions],
    totals: list[ItemTotal],
    numbers: dict[int, str],
    back: list[BackPay] = (),
) -> bytes:
    """One row per person: base, then employer and worker amount per item, in yuan; totals at the bottom.
    Differences for locked months settled this month (补缴/退还) on a second sheet, one row per month."""
    from openpyxl import Workbook

    codes = [code for code in BUREAU_ITEMS if any(t.code == code for t in totals)]
    book = Workbook()
    sheet = book.active
    sheet.title = month
    header = ["序号", "姓名", "工号", "证件号码", "缴费基数"]
    for code in codes:
        header += [f"{BUREAU_ITEMS[code]}单位缴费", f"{BUREAU_ITEMS[code]}个人缴费"]
    append_row(sheet, header + ["单位合计", "个人合计"])
    for index, person in enumerate(people, start=1):
        row = [index, person.name, person.code, numbers.get(person.employee_id, ""), person.base_fen / 100]
        for code in codes:
            employer, worker = person.items.get(code, (0, 0))
            row += [employer / 100, worker / 100]
        append_row(
            sheet,
            row + [sum(e for e, _ in person.items.values()) / 100, sum(w for _, w in person.items.values()) / 100],
        )
    by_code = {total.code: total for total in totals}
    footer = ["合计", "", "", "", ""]
    for code in codes:
        footer += [by_code[code].employer_fen / 100, by_code[code].worker_fen / 100]
    append_row(sheet, footer + [sum(t.employer_fen for t in totals) / 100, sum(t.worker_fen for t in totals) / 100])
    if back:
        sheet = book.create_sheet("补缴退还")
        append_row(sheet, BACKPAY_HEADERS)
        for index, row in enumerate(back, start=1):
            append_row(
                sheet,
                [
                    index,
                    row.name,
                    row.code,
                    numbers.get(row.employee_id, ""),
                    row.month,
                    "补缴" if row.worker_fen + row.employer_fen >= 0 else "退还",
                    row.employer_fen / 100,
                    row.worker_fen / 100,
                    "缴费费率调整" if row.reason == RATES_CHANGED else row.reason,
                ],
            )
    return save(book)


def withholding_xlsx(rows: list[dict], numbers: dict[int, str]) -> bytes:
    """The withholding declaration's wage sheet; ID type is the resident ID card (居民身份证)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "正常工资薪金所得"
    append_row(sheet, WITHHOLDING_HEADERS)
    for row in rows:  # one cell per header: tests/payroll/test_declaration_layout.py holds them to it
        items = row["items"]
        medical = items.get("medical", 0) + items.get("maternity", 0) + items.get("serious_illness", 0)
        kinds = [row["additional_ytd"].get(kind, 0) / 100 for kind in KIND_COLUMNS]
        append_row(
            sheet,
            [
                row["code"],
                row["name"],
                "居民身份证",
                numbers.get(row["employee"], ""),
                row["income_fen"] / 100,
                row["tax_free_fen"] / 100,
                items.get("pension", 0) / 100,
                medical / 100,
                items.get("unemployment", 0) / 100,
                items.get("housing_fund", 0) / 100,
                *kinds,
                0,  # 企业(职业)年金
                0,  # 商业健康保险
                0,  # 税延养老保险
                0,  # 其他
                0,  # 准予扣除的捐赠额
                0,  # 减免税额
                "",
            ],
        )
    bonuses = [row for row in rows if row["bonus_fen"]]
    if bonuses:  # the tax client's own sheet for year-end bonuses taxed on their own
        sheet = book.create_sheet("全年一次性奖金收入")
        append_row(sheet, BONUS_HEADERS)
        for row in bonuses:
            append_row(
                sheet,
                [
                    row["code"],
                    row["name"],
                    "居民身份证",
                    numbers.get(row["employee"], ""),
                    row["bonus_fen"] / 100,
                    0,
                    0,
                    0,
                    0,
                    "",
                ],
            )
    return save(book)


def _bank_values(bank: BankFile, row: dict) -> list[str]:
    return [
        f"{row['amount_fen'] // 100}.{row['amount_fen'] % 100:02d}" if column == "amount" else row[column]
        for column in bank.columns
    ]


def bank_csv(bank: BankFile) -> str:
    return csv_text(
        [gettext(BANK_HEADERS[column]) for column in bank.columns], (_bank_values(bank, row) for row in bank.rows)
    )


def bank_xlsx(bank: BankFile) -> bytes:
    """Card numbers as text, so Excel keeps all 19 digits."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    append_row(sheet, [gettext(BANK_HEADERS[column]) for column in bank.columns])
    for row in bank.rows:
        append_row(sheet, _bank_values(bank, row))
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.number_format = "@"
    return save(book)
