"""HR's net-pay pages: the card's forms, the month's government files, the bank file, paying, questions."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from openpyxl import load_workbook
from stdnum import luhn

from app.audit.service import SYSTEM
from app.audit.tables import AuditLog
from app.contributions import service as contributions
from app.contributions.rules import Item, Version
from app.contributions.tables import Enrolment
from app.errors import Refused
from app.forms import Month
from app.onboarding.crypto import Vault
from app.onboarding.tables import OnboardingFlow
from app.payroll import inputs, questions, service
from app.payroll.pay_settings import set_pay, set_plant_number
from app.payroll.tables import PayPeriod, PayQuestion
from app.tax import service as tax
from app.tax.tables import DeclaredDeduction, OpeningBalance
from app.timeutil import utcnow
from tests.attendance.factories import PLANT
from tests.cast import post_form, sign_in
from tests.onboarding.factories import VALID_ID, make_invite

JAN = "2026-01"
CARD = "622202020011234567" + luhn.calc_check_digit("622202020011234567")
WIDE = dict(floor_fen=0, ceiling_fen=10**9, fund_floor_fen=0, fund_ceiling_fen=10**9)


async def _scheme() -> int:
    scheme = await contributions.add_scheme("苏州", SYSTEM)
    items = (Item("pension", 16000, 8000), Item("medical", 8000, 2000), Item("housing_fund", 7000, 7000))
    await contributions.save_version(scheme, Month.parse(JAN), Version(items=items, **WIDE), SYSTEM)
    return scheme


@pytest.fixture
async def january(cast, settings):
    """The worker: 10,000 a month, base 10,000 (1,700 deducted), onboarded with ID and bank card; computed."""
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await set_pay(cast.worker, "time", "10000", "", SYSTEM)
    await set_pay(cast.supervisor_a, "time", "5000", "", SYSTEM)  # no bank card on file
    await contributions.enrol(cast.worker, await _scheme(), 10_000_00, "去年月平均工资", Month.parse(JAN), SYSTEM)
    vault = Vault(settings.secret_key)
    await OnboardingFlow.insert(
        OnboardingFlow(
            id=uuid.uuid4(),
            invite=await make_invite(cast, settings),
            started_at=utcnow(),
            step="done",
            employee=cast.worker,
            id_cipher=vault.encrypt(VALID_ID),
            bank_cipher=vault.encrypt(CARD),
        )
    ).run()
    await service.compute_month(JAN, PLANT, SYSTEM, refresh_attendance=False)
    return cast


async def test_hr_enrols_declares_sets_options_and_an_opening_balance_on_the_card(client, cast):
    scheme = await _scheme()
    await sign_in(client, "hr")
    assert (await client.get(f"/netpay/people/{cast.worker}")).status_code == 200
    url = f"/netpay/people/{cast.worker}"
    for form, data in (
        ("enrol", {"scheme": str(scheme), "base": "6000", "base_reason": "首月工资", "start_month": "2026-11"}),
        ("declare", {"kind": "rent", "amount": "1500", "from_month": "2026-07"}),
        ("options", {"first_job": "on"}),
        ("opening", {"through_month": "2026-10", "months": "10", "income": "80000", "withheld": "300"}),
    ):
        response = await post_form(client, f"{url}/{form}", data)
        assert response.status_code in (200, 303), form
    enrolment = await Enrolment.objects().first().run()
    assert (enrolment.base_fen, enrolment.base_reason, enrolment.start_month) == (6_000_00, "首月工资", "2026-11")
    assert (await DeclaredDeduction.objects().first().run()).monthly_fen == 1_500_00
    opening = await OpeningBalance.objects().first().run()
    assert (opening.income_fen, opening.withheld_fen, opening.months_employed) == (80_000_00, 300_00, 10)
    card = await tax.card(cast.worker, 2026)
    assert card.first_job and not card.sixty_thousand
    page = await client.get(url)
    assert "首月工资" in page.text and "2026-10" in page.text


async def test_a_bad_form_on_the_card_answers_422_and_saves_nothing(client, cast):
    await sign_in(client, "hr")
    await client.get(f"/netpay/people/{cast.worker}")
    response = await post_form(
        client,
        f"/netpay/people/{cast.worker}/enrol",
        {"scheme": str(await _scheme()), "base": "abc", "base_reason": "x", "start_month": "2026-11"},
    )
    assert response.status_code == 422 and "<html" in response.text
    too_much = await post_form(
        client, f"/netpay/people/{cast.worker}/declare", {"kind": "rent", "amount": "5000", "from_month": "2026-07"}
    )
    assert too_much.status_code == 422
    assert await Enrolment.count().run() == 0 and await DeclaredDeduction.count().run() == 0


async def test_the_bureau_sheet_and_the_withholding_declaration_carry_the_months_figures(client, january):
    await sign_in(client, "hr")
    page = await client.get(f"/netpay/{JAN}")
    assert page.status_code == 200 and "1,600.00" in page.text  # pension employer 16% of 10,000
    sheet = load_workbook(io.BytesIO((await client.get(f"/netpay/{JAN}/contributions.xlsx")).content)).active
    row = {h.value: c.value for h, c in zip(sheet[1], sheet[2])}
    assert (row["姓名"], row["证件号码"], row["缴费基数"]) == ("张伟", VALID_ID, 10000)
    assert (row["养老保险单位缴费"], row["养老保险个人缴费"], row["个人合计"]) == (1600, 800, 1700)
    sheet = load_workbook(io.BytesIO((await client.get(f"/netpay/{JAN}/withholding.xlsx")).content)).active
    rows = [{h.value: c.value for h, c in zip(sheet[1], line)} for line in sheet.iter_rows(min_row=2)]
    row = next(row for row in rows if row["*姓名"] == "张伟")
    assert (row["*姓名"], row["*证件号码"], row["本期收入"]) == ("张伟", VALID_ID, 10000)
    assert (row["基本养老保险费"], row["基本医疗保险费"], row["住房公积金"]) == (800, 200, 700)
    logged = [
        e["after"]
        for e in await AuditLog.select().where(AuditLog.action == "payroll.id_export").output(load_json=True).run()
    ]
    assert [entry["file"] for entry in logged] == ["contributions.xlsx", "withholding.xlsx"]


async def test_the_bank_file_pays_valid_cards_in_the_plants_column_order(client, january):
    await sign_in(client, "hr")
    await client.get("/netpay")
    await post_form(client, "/netpay/settings", {"bank_columns": "card,name,amount"})
    response = await client.get(f"/netpay/{JAN}/bank.csv")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    # 10,000 − 1,700 − (10,000 − 5,000 − 1,700) × 3% = 8,201.00; the supervisor has no card and is left out
    assert rows[1:] == [[CARD, "张伟", "8201.00"]]
    sheet = load_workbook(io.BytesIO((await client.get(f"/netpay/{JAN}/bank.xlsx")).content)).active
    assert [c.value for c in sheet[2]] == [CARD, "张伟", "8201.00"]
    bad = await post_form(client, "/netpay/settings", {"bank_columns": "name,iban"})
    assert bad.status_code == 422


async def test_a_pay_date_is_recorded_only_for_a_locked_month(client, january):
    await sign_in(client, "hr")
    await client.get(f"/netpay/{JAN}")
    refused = await post_form(client, f"/netpay/{JAN}/paid", {"paid_on": "2026-02-10"})
    assert refused.status_code == 422
    await service.lock_month(JAN, SYSTEM)
    ok = await post_form(client, f"/netpay/{JAN}/paid", {"paid_on": "2026-02-10"})
    assert ok.status_code in (200, 303)
    period = await PayPeriod.objects().get(PayPeriod.month == JAN).run()
    assert (str(period.paid_on), period.paid_by) == ("2026-02-10", "hr")


async def test_a_workers_question_on_an_item_reaches_hr_and_is_answered(client, january):
    with pytest.raises(Refused, match="no such item"):  # no such line on the January payslip
        await questions.raise_question(january.worker, JAN, "piece.normal", "没有计件")
    await questions.raise_question(january.worker, JAN, "contribution.pension", "养老保险扣多了？")
    await sign_in(client, "hr")
    page = await client.get("/netpay/questions")
    assert "养老保险扣多了？" in page.text
    question = await PayQuestion.objects().first().run()
    await post_form(client, f"/netpay/questions/{question.id}", {"answer": "按基数10000的8%"})
    assert (await PayQuestion.objects().first().run()).answer == "按基数10000的8%"


async def test_the_bonus_comparison_warns_of_the_cliff(client, january):
    await sign_in(client, "hr")
    page = await client.get(f"/netpay/people/{january.worker}", params={"bonus": "36001"})
    assert page.status_code == 200 and 'id="bonus-choice"' in page.text and 'class="warn" role="alert"' in page.text


async def test_a_supervisor_cannot_open_net_pay(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get("/netpay")).status_code == 403
    assert (await client.get(f"/netpay/people/{cast.worker}")).status_code == 403


async def test_the_payslip_explains_each_item_in_plain_chinese_on_the_page_and_in_the_pdf(client, january):
    from pypdf import PdfReader

    await sign_in(client, "hr")
    page = await client.get(f"/payroll/{JAN}/{january.worker}/payslip")
    assert page.status_code == 200
    assert "月工资 ¥10,000.00" in page.text
    assert "缴费基数 ¥10,000.00 × 8%（单位另缴 ¥1,600.00）" in page.text
    assert "应纳税所得额 ¥3,300.00；× 3%" in page.text and "累计应纳税额 ¥99.00" in page.text
    pdf = await client.get(f"/payroll/{JAN}/{january.worker}/payslip.pdf")
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "养老保险" in text and "个人所得税" in text and "缴费基数" in text


async def test_hr_pays_a_year_end_bonus_on_its_own_and_the_declaration_has_its_sheet(client, january):
    from app.tax.tables import YearEndBonus

    await sign_in(client, "hr")
    await client.get(f"/netpay/people/{january.worker}")
    refused = await post_form(
        client, f"/netpay/people/{january.worker}/bonus", {"amount": "36000", "month": JAN, "method": "maybe"}
    )
    assert refused.status_code == 422 and await YearEndBonus.count().run() == 0
    saved = await post_form(
        client, f"/netpay/people/{january.worker}/bonus", {"amount": "36000", "month": JAN, "method": "separate"}
    )
    assert saved.status_code in (200, 303)
    await service.compute_month(JAN, PLANT, SYSTEM, refresh_attendance=False)
    payslip = await client.get(f"/payroll/{JAN}/{january.worker}/payslip")
    assert "全年一次性奖金 ¥36,000.00 单独计税" in payslip.text
    book = load_workbook(io.BytesIO((await client.get(f"/netpay/{JAN}/withholding.xlsx")).content))
    bonus = {h.value: c.value for h, c in zip(book["全年一次性奖金收入"][1], book["全年一次性奖金收入"][2])}
    assert (bonus["*姓名"], bonus["*全年一次性奖金额"]) == ("张伟", 36000)
    wages = [
        {h.value: c.value for h, c in zip(book.worksheets[0][1], line)}
        for line in book.worksheets[0].iter_rows(min_row=2)
    ]
    assert next(row for row in wages if row["*姓名"] == "张伟")["本期收入"] == 10000
