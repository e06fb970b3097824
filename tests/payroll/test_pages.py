"""Payroll through HTTP and the command line: review, lock, drill-down, payslips (HTML, PDF), Excel and CSV."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import uuid
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.audit.service import SYSTEM
from app.audit.tables import AuditLog
from app.onboarding.crypto import Vault
from app.onboarding.tables import OnboardingFlow
from app.payroll import inputs
from app.payroll.pay_settings import set_plant_number
from app.payroll.tables import PayLine, PayPeriod, PaySetting
from app.timeutil import utcnow
from tests.attendance.factories import make_scan
from tests.cast import post_form, sign_in
from tests.onboarding.factories import VALID_ID, make_invite
from tests.piecework.factories import confirm, make_operation, make_report, make_work_order

NOV = "2026-11"


@pytest.fixture
async def month(cast):
    """The worker made 100 pieces on 3 November (one punch that day), confirmed; no minimum wage in play."""
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    order = await make_work_order(department_id=cast.line_a)
    fold = await make_operation(order, "OP10", "折弯", 25)
    report = await make_report(cast.worker, fold, date(2026, 11, 3), 100, 2)
    await confirm(report)
    await make_scan(cast.worker, "2026-11-03 07:58")
    return {"report": report}


async def _computed(client) -> None:
    await sign_in(client, "hr")
    await client.get(f"/payroll/{NOV}")
    response = await post_form(client, f"/payroll/{NOV}/compute", {})
    assert response.status_code in (200, 303)


@pytest.mark.parametrize("username", ["sup-a", "sup-b"])
async def test_supervisors_may_not_open_or_compute_payroll(client, cast, month, username):
    await sign_in(client, username)
    assert (await client.get(f"/payroll/{NOV}")).status_code == 403
    assert (await post_form(client, f"/payroll/{NOV}/compute", {})).status_code == 403
    assert (await client.get(f"/payroll/{NOV}/{cast.worker}/payslip.pdf")).status_code == 403
    assert await PayLine.count().run() == 0


async def test_hr_computes_reviews_drills_down_and_locks(client, cast, month):
    await _computed(client)
    review = await client.get(f"/payroll/{NOV}")
    assert "张伟" in review.text and "¥24.50" in review.text and "已计算，待审核" in review.text
    detail = await client.get(f"/payroll/{NOV}/{cast.worker}")
    report_id = str(month["report"].id)
    assert f"/pieces/reports/{report_id}" in detail.text and "合格 98 件" in detail.text
    assert "王建国" in detail.text  # who confirmed the count
    assert "(office)" in detail.text  # the punch behind the day
    locked = await post_form(client, f"/payroll/{NOV}/lock", {})
    assert locked.status_code in (200, 303)
    assert (await PayPeriod.objects().get(PayPeriod.month == NOV).run()).status == "locked"
    again = await post_form(client, f"/payroll/{NOV}/compute", {})
    assert again.status_code == 422 and "本月已锁定" in again.text


async def test_the_payslip_is_chinese_and_its_pdf_carries_the_worker_s_name(client, cast, month):
    await _computed(client)
    page = await client.get(f"/payroll/{NOV}/{cast.worker}/payslip")
    assert page.status_code == 200 and "2026-11 工资条" in page.text and "实发工资" in page.text
    pdf = await client.get(f"/payroll/{NOV}/{cast.worker}/payslip.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "张伟" in text and "实发工资" in text


async def test_the_excel_sheet_has_the_ledger_columns(client, cast, month):
    await _computed(client)
    response = await client.get(f"/payroll/{NOV}/payroll.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    for column in (
        "用人单位",
        "工资所属期",
        "发放日期",
        "姓名",
        "身份证号",
        "工作时长（小时）",
        "应发工资",
        "实发工资",
        "员工签名",
    ):
        assert column in headers
    row = {header: cell.value for header, cell in zip(headers, sheet[2], strict=False)}
    assert row["姓名"] == "张伟" and row["实发工资"] == 24.5 and row["工资所属期"] == NOV
    assert row["身份证号"] is None  # hired before floorhr: no ID number on file, HR fills it in


async def test_the_ledger_shows_the_id_number_from_onboarding_and_the_export_is_audited(client, cast, month, settings):
    invite = await make_invite(cast, settings)
    await OnboardingFlow.insert(
        OnboardingFlow(
            id=uuid.uuid4(),
            invite=invite,
            started_at=utcnow(),
            step="done",
            employee=cast.worker,
            id_cipher=Vault(settings.secret_key).encrypt(VALID_ID),
            id_masked="110105********002X",
        )
    ).run()
    await _computed(client)
    response = await client.get(f"/payroll/{NOV}/payroll.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = {header.value: cell.value for header, cell in zip(sheet[1], sheet[2], strict=False)}
    assert row["姓名"] == "张伟" and row["身份证号"] == VALID_ID
    logged = await AuditLog.select().where(AuditLog.action == "payroll.ledger_export").run()
    assert [(entry["entity_id"], entry["actor"]) for entry in logged] == [(NOV, "hr")]


async def test_a_bad_pay_setting_is_refused_and_saves_nothing(client, cast, month):
    await sign_in(client, "hr")
    await client.get(f"/payroll/{NOV}/{cast.worker}")
    response = await post_form(client, f"/payroll/{NOV}/{cast.worker}/pay", {"scheme": "time", "monthly": ""})
    assert response.status_code == 422 and "计时员工须填写月基本工资" in response.text
    assert await PaySetting.count().run() == 0
    ok = await post_form(client, f"/payroll/{NOV}/{cast.worker}/pay", {"scheme": "time", "monthly": "3000"})
    assert ok.status_code in (200, 303)
    assert (await PaySetting.objects().get(PaySetting.employee == cast.worker).run()).monthly_base_fen == 300000


async def test_the_command_line_exports_the_month_as_csv_with_code_and_net_fen(client, cast, month, settings):
    await _computed(client)
    env = {**os.environ, "FLOORHR_DATABASE_URL": settings.database_url, "FLOORHR_DATA_DIR": str(settings.data_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "export", "payroll", "--month", NOV],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.lstrip("\ufeff"))))
    assert [(r["employee_code"], r["net_fen"]) for r in rows] == [("W0001", "2450")]
    bad = subprocess.run(
        [sys.executable, "-m", "app.cli", "export", "payroll", "--month", "11/2026"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode != 0 and "YYYY-MM" in bad.stderr


async def test_the_person_s_page_shows_lines_whose_labels_hold_a_percent_sign(client, cast, month):
    """Rest-day pieces (200%) and a damage deduction (20%) are labelled with a percent sign: the page shows them."""
    order = await make_work_order("WO-REST", department_id=cast.line_a)
    fold = await make_operation(order, "OP20", "装箱", 10)
    await confirm(await make_report(cast.worker, fold, date(2026, 11, 7), 50), "adjust", segment="rest_day")
    await set_plant_number(inputs.DEFECT_PERCENT_KEY, 100, SYSTEM)  # the 2 defects of 3 November are deducted
    await _computed(client)
    page = await client.get(f"/payroll/{NOV}/{cast.worker}")
    assert page.status_code == 200
    assert "计件工资，休息日（200%）" in page.text and "损失赔偿扣款（不超过 20%，且不低于最低工资）" in page.text


HOSTILE_NAME = '=HYPERLINK("http://evil.example","工资条")'


async def test_a_hostile_name_stays_text_in_the_ledger_and_the_payroll_csv(client, cast, month):
    from app.people.tables import Employee

    await Employee.update({Employee.name: HOSTILE_NAME}).where(Employee.id == cast.worker).run()
    await _computed(client)
    sheet = load_workbook(io.BytesIO((await client.get(f"/payroll/{NOV}/payroll.xlsx")).content)).active
    names = [cell for cell in sheet["E"][1:] if cell.value == HOSTILE_NAME]
    assert names and all(cell.data_type == "s" for cell in names)  # text, not a formula Excel would run
    assert sheet.cell(row=2, column=len(list(sheet[1])) - 1).data_type == "n"  # the net pay stays a number


async def test_an_empty_month_says_what_to_do_next(client, cast):
    await sign_in(client, "hr")
    await client.get(f"/payroll/{NOV}")
    await post_form(client, f"/payroll/{NOV}/compute", {})
    page = (await client.get(f"/payroll/{NOV}")).text
    assert 'id="no-pay-scheme"' in page and "没有设置工资方案" in page  # the cast has no pay settings
    assert 'id="no-pay-lines"' in page and 'href="/pieces/confirm"' in page
