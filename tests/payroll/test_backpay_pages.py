"""Through HR's pages: a base raised for a locked month becomes February's 补缴 line (payslip, month page, bureau
sheet, payroll CSV); an advance recorded on the person's page comes back from February's net pay."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from app.contributions.tables import Enrolment
from app.payroll.tables import Advance
from tests.cast import post_form, sign_in
from tests.onboarding.factories import VALID_ID
from tests.payroll.test_netpay_pages import JAN, january  # noqa: F401 (fixture)

FEB = "2026-02"


async def test_a_base_raised_for_a_locked_month_and_an_advance_show_on_februarys_payslip_and_files(client, january):  # noqa: F811
    worker = january.worker
    await sign_in(client, "hr")
    await client.get(f"/payroll/{JAN}")
    assert (await post_form(client, f"/payroll/{JAN}/lock", {})).status_code in (200, 303)
    scheme = (await Enrolment.objects().first().run()).scheme
    enrol = {"scheme": str(scheme), "base": "12000", "base_reason": "2025年社平工资公布", "start_month": JAN}
    assert (await post_form(client, f"/netpay/people/{worker}/enrol", enrol)).status_code in (200, 303)
    await client.get(f"/payroll/{FEB}/{worker}")
    bad = await post_form(client, f"/payroll/{FEB}/{worker}/advance", {"paid_on": "2026-02-03", "amount": "-1"})
    assert bad.status_code == 422 and await Advance.count().run() == 0
    advance = {"paid_on": "2026-02-03", "amount": "1000", "note": "家里急用"}
    assert (await post_form(client, f"/payroll/{FEB}/{worker}/advance", advance)).status_code in (200, 303)
    await client.get(f"/payroll/{FEB}")
    assert (await post_form(client, f"/payroll/{FEB}/compute", {})).status_code in (200, 303)

    slip = (await client.get(f"/payroll/{FEB}/{worker}/payslip")).text
    # base 10,000 → 12,000 for January: the worker's 17% is 340 more, the employer's 31% 620 more
    assert "社保公积金补缴（2026-01）" in slip and "−¥340.00" in slip and "2025年社平工资公布" in slip
    assert "借支扣回" in slip and "−¥1,000.00" in slip and "家里急用" in slip
    # tax: (20,000 − 10,000 − 1,700 − (2,040 + 340)) × 3% = 177.60 to date, less January's 99.00
    assert "¥78.60" in slip
    assert "¥6,541.40" in slip  # 10,000 − 2,380 − 78.60 − 1,000
    detail = (await client.get(f"/payroll/{FEB}/{worker}")).text
    assert 'id="advance-list"' in detail and "¥1,000.00" in detail

    month = (await client.get(f"/netpay/{FEB}")).text
    assert 'id="back-payments"' in month and "¥620.00" in month and "¥340.00" in month
    book = load_workbook(io.BytesIO((await client.get(f"/netpay/{FEB}/contributions.xlsx")).content))
    sheet = book["补缴退还"]
    row = {h.value: c.value for h, c in zip(sheet[1], sheet[2], strict=True)}
    assert (row["姓名"], row["证件号码"], row["所属月份"], row["类型"]) == ("张伟", VALID_ID, JAN, "补缴")
    assert (row["单位缴费差额"], row["个人缴费差额"], row["原因"]) == (620, 340, "2025年社平工资公布")
    sheet = load_workbook(io.BytesIO((await client.get(f"/payroll/{FEB}/payroll.xlsx")).content)).active
    rows = [{h.value: c.value for h, c in zip(sheet[1], line, strict=True)} for line in sheet.iter_rows(min_row=2)]
    row = next(row for row in rows if row["姓名"] == "张伟")
    assert (row["社保公积金补缴（−）或退还（+）"], row["借支扣回"], row["实发工资"]) == (-340, 1000, 6541.4)
