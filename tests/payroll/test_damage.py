"""Damage claims: recorded by HR, taken from pay within the 20% cap month by month, never twice."""

from __future__ import annotations

from datetime import date

import pytest

from app.audit.service import SYSTEM
from app.payroll import damage, inputs, service
from app.payroll.pay_settings import set_plant_number
from app.payroll.tables import DamageClaim, PayLine, PayPeriod
from tests.attendance.factories import PLANT
from tests.cast import post_form, sign_in
from tests.piecework.factories import confirm, make_operation, make_report, make_work_order


@pytest.fixture
async def fold(cast):
    order = await make_work_order(department_id=cast.line_a)
    return await make_operation(order, "OP10", "折弯", 25, effective_from=date(2026, 1, 1))


async def _month(month: str) -> None:
    await service.compute_month(month, PLANT, SYSTEM, refresh_attendance=False)


async def _line(employee: int, month: str) -> dict:
    period = await PayPeriod.select().where(PayPeriod.month == month).first().run()
    line = (
        await PayLine.select()
        .where((PayLine.period == period["id"]) & (PayLine.employee == employee))
        .first()
        .output(load_json=True)
        .run()
    )
    return {item["code"]: item["amount_fen"] for item in line["lines"]} | {"net": line["net_fen"]}


async def test_a_claim_is_taken_within_the_cap_month_by_month_and_never_twice(cast, fold):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    for month in (10, 11, 12):  # ¥250 of pieces each month
        await confirm(await make_report(cast.worker, fold, date(2026, month, 10), 1000))
    claim = await damage.add_claim(
        cast.worker, {"claimed_on": "2026-10-15", "amount": "100", "cause": "模具崩角"}, SYSTEM
    )
    await _month("2026-10")
    await _month("2026-10")  # computed again before the lock: still one deduction
    assert await _line(cast.worker, "2026-10") == {"piece.normal": 25000, "deduction.damage": 5000, "net": 20000}
    await service.lock_month("2026-10", SYSTEM)
    late = await make_report(cast.worker, fold, date(2026, 10, 31), 40)  # October changes after its lock
    await confirm(late)
    await _month("2026-11")
    november = await _line(cast.worker, "2026-11")
    # The late pieces are paid (¥10) and October's deduction is not taken again; November takes the rest.
    assert november == {"piece.normal": 25000, "deduction.damage": 5000, "adjustment.2026-10": 1000, "net": 21000}
    await service.lock_month("2026-11", SYSTEM)
    await _month("2026-12")
    assert await _line(cast.worker, "2026-12") == {"piece.normal": 25000, "net": 25000}  # paid off
    [view] = await damage.claims_of(cast.worker)
    assert (view.id, view.amount_fen, view.taken_fen, view.balance_fen) == (claim, 10000, 10000, 0)


async def test_a_claim_never_takes_pay_below_the_minimum_wage(cast, fold):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 2_490_00, SYSTEM)
    await confirm(await make_report(cast.worker, fold, date(2026, 11, 10), 10_400))  # ¥2,600 of pieces
    await damage.add_claim(cast.worker, {"claimed_on": "2026-11-02", "amount": "500", "cause": "叉车撞坏货架"}, SYSTEM)
    await _month("2026-11")
    assert await _line(cast.worker, "2026-11") == {
        "piece.normal": 2_600_00,
        "deduction.damage": 110_00,
        "net": 2_490_00,
    }


async def test_hr_records_and_withdraws_a_claim_on_the_person_s_pay_page(client, cast, fold):
    await sign_in(client, "hr")
    page = await client.get(f"/payroll/2026-11/{cast.worker}")
    assert page.status_code == 200 and "损失赔偿" in page.text and "暂无损失赔偿" in page.text
    for form, message in [
        ({"claimed_on": "2026-11-02", "amount": "abc", "cause": "模具"}, "请以元为单位填写应赔偿金额"),
        ({"claimed_on": "2026-11-02", "amount": "0", "cause": "模具"}, "须大于零"),
        ({"claimed_on": "2026-11-02", "amount": "80", "cause": " "}, "请说明损坏了什么"),
        ({"claimed_on": "11/02", "amount": "80", "cause": "模具"}, "YYYY-MM-DD"),
    ]:
        refused = await post_form(client, f"/payroll/2026-11/{cast.worker}/damage", form)
        assert refused.status_code == 422 and message in refused.text and "未保存" in refused.text
    assert await DamageClaim.count().run() == 0
    added = await post_form(
        client,
        f"/payroll/2026-11/{cast.worker}/damage",
        {"claimed_on": "2026-11-02", "amount": "80.50", "cause": "模具崩角"},
    )
    assert added.status_code == 200 and "模具崩角" in added.text and "¥80.50" in added.text
    claim = (await DamageClaim.select().first().run())["id"]
    withdrawn = await post_form(client, f"/payroll/2026-11/{cast.worker}/damage/{claim}/withdraw", {})
    assert withdrawn.status_code == 200 and "已撤回" in withdrawn.text
    assert (await DamageClaim.select().first().run())["withdrawn_at"] is not None


async def test_a_claim_pay_was_taken_for_cannot_be_withdrawn(client, cast, fold):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await confirm(await make_report(cast.worker, fold, date(2026, 11, 10), 1000))
    claim = await damage.add_claim(cast.worker, {"claimed_on": "2026-11-02", "amount": "30", "cause": "刀具"}, SYSTEM)
    await _month("2026-11")
    await service.lock_month("2026-11", SYSTEM)
    await sign_in(client, "hr")
    refused = await post_form(client, f"/payroll/2026-11/{cast.worker}/damage/{claim}/withdraw", {})
    assert refused.status_code == 422 and "不能撤销" in refused.text
    assert (await DamageClaim.select().first().run())["withdrawn_at"] is None


async def test_a_supervisor_may_not_record_a_claim(client, cast, fold):
    await sign_in(client, "sup-a")
    refused = await post_form(
        client, f"/payroll/2026-11/{cast.worker}/damage", {"claimed_on": "2026-11-02", "amount": "80", "cause": "模具"}
    )
    assert refused.status_code == 403 and await DamageClaim.count().run() == 0
