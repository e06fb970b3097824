"""A base or rate changed for a locked month becomes next month's 补缴/退还 line; advances come back from net pay."""

from __future__ import annotations

import pytest

from app.audit.service import SYSTEM
from app.contributions import service as contributions
from app.contributions.rules import Item, Version
from app.errors import Refused
from app.forms import Month
from app.payroll import advances, backpay, service
from app.payroll.tables import PayAdjustment
from app.people import plant_settings
from app.tax.tables import TaxMonth
from tests.cast import post_form, sign_in
from tests.payroll.test_net import WIDE, _compute, _line, sta_worker  # noqa: F401 (fixture)


async def _scheme_of(employee: int) -> int:
    return (await contributions.enrolments_of(employee))[0]["scheme"]


async def _locked(*months: str) -> None:
    for month in months:
        await _compute(month)
        await service.lock_month(month, SYSTEM)


def _backpay(line: dict) -> dict:
    return next(item for item in line["lines"] if item["code"] == backpay.CODE)


async def test_a_higher_base_for_locked_months_is_a_back_payment_in_the_next_open_month(sta_worker):
    await _locked("2026-01", "2026-02")
    scheme = await _scheme_of(sta_worker)
    reason = "2025 average wage published: 32,000"
    await contributions.enrol(sta_worker, scheme, 32_000_00, reason, Month.parse("2026-01"), SYSTEM)
    for _ in range(2):  # computing the open month again never charges twice
        await _compute("2026-03")
        march = await _line(sta_worker, "2026-03")
        item = _backpay(march)
        # January and February: 32,000 × 15% = 4,800 each instead of 4,500: 600 from the worker; employer
        # 32,000 × 16% = 5,120 instead of 4,800: 640 owed to the bureau
        assert (item["kind"], item["amount_fen"], item["month"]) == ("deduction", 600_00, "2026-01–2026-02")
        assert [t[1:5] for t in item["trace"]] == [
            ["2026-01", 300_00, 320_00, reason],
            ["2026-02", 300_00, 320_00, reason],
        ]
        assert march["contributions_fen"] == 4_800_00 + 600_00
        assert march["employer_contributions_fen"] == 5_120_00 + 640_00
        # the back-payment is March's special deduction: (90,000 − 15,000 − (4,500 + 4,500 + 5,400) − 6,000)
        # = 54,600 × 10% − 2,520 = 2,940 to date, less 555 + 625 withheld = 1,760
        assert march["tax_fen"] == 1_760_00
        assert march["net_fen"] == 30_000_00 - 5_400_00 - 1_760_00
    for month, withheld in (("2026-01", 555_00), ("2026-02", 625_00)):  # the locked months never change
        line = await _line(sta_worker, month)
        assert (line["contributions_fen"], line["tax_fen"]) == (4_500_00, withheld)
    rows = await PayAdjustment.select().where(PayAdjustment.kind == backpay.KIND).run()
    assert sorted((r["source_month"], r["amount_fen"], r["employer_fen"]) for r in rows) == [
        ("2026-01", 300_00, 320_00),
        ("2026-02", 300_00, 320_00),
    ]
    await service.lock_month("2026-03", SYSTEM)
    await _compute("2026-04")  # settled in March: nothing more
    april = await _line(sta_worker, "2026-04")
    assert not [item for item in april["lines"] if item["code"] == backpay.CODE]
    assert april["contributions_fen"] == 4_800_00
    taxed = await TaxMonth.select(TaxMonth.month, TaxMonth.contributions_fen).order_by(TaxMonth.month).run()
    assert [r["contributions_fen"] for r in taxed] == [4_500_00, 4_500_00, 5_400_00, 4_800_00]


async def test_a_lower_base_or_rate_for_a_locked_month_is_refunded_with_the_reason(sta_worker):
    await _locked("2026-01", "2026-02")
    scheme = await _scheme_of(sta_worker)
    await contributions.enrol(sta_worker, scheme, 20_000_00, "base corrected", Month.parse("2026-02"), SYSTEM)
    await _compute("2026-03")
    item = _backpay(await _line(sta_worker, "2026-03"))
    # February: 20,000 × 15% = 3,000 instead of 4,500: 1,500 back to the worker (employer 3,200 vs 4,800)
    assert (item["kind"], item["amount_fen"], item["month"]) == ("earning", 1_500_00, "2026-02")
    assert item["trace"] == [
        ["backpay", "2026-02", -1_500_00, -1_600_00, "base corrected", {"pension": [-1_600_00, -1_500_00]}]
    ]
    await service.lock_month("2026-03", SYSTEM)
    # the city's rate for the whole year changes after March is locked: 14% for the worker
    await contributions.save_version(
        scheme, Month.parse("2026-01"), Version(items=(Item("pension", 16000, 14000),), **WIDE), SYSTEM
    )
    await _compute("2026-04")
    item = _backpay(await _line(sta_worker, "2026-04"))
    # January 30,000 × 1% less = 300; February and March 20,000 × 1% = 200 each: 700 back, reason the rates
    assert (item["kind"], item["amount_fen"], item["month"]) == ("earning", 700_00, "2026-01–2026-03")
    assert [t[4] for t in item["trace"]] == [backpay.RATES_CHANGED] * 3


async def test_an_advance_comes_back_after_tax_and_what_net_pay_cannot_cover_carries_over(sta_worker):
    await advances.add(sta_worker, {"paid_on": "2026-01-10", "amount": "2000", "note": "rent deposit"}, SYSTEM)
    await advances.add(sta_worker, {"paid_on": "2026-01-20", "amount": "30000", "note": "family emergency"}, SYSTEM)
    await _compute("2026-01")
    january = await _line(sta_worker, "2026-01")
    # net before advances 30,000 − 4,500 − 555 = 24,945: 2,000 then 22,945 of the 30,000; tax unchanged
    assert (january["tax_fen"], january["advance_fen"], january["net_fen"]) == (555_00, 24_945_00, 0)
    item = next(item for item in january["lines"] if item["code"] == advances.CODE)
    assert [t[3:] for t in item["trace"]] == [[2_000_00, 2_000_00], [30_000_00, 22_945_00]]
    await service.lock_month("2026-01", SYSTEM)
    views = await advances.advances_of(sta_worker)
    with pytest.raises(Refused):
        await advances.withdraw(sta_worker, views[1].id, SYSTEM)
    assert [v.balance_fen for v in views] == [0, 7_055_00]
    for _ in range(2):
        await _compute("2026-02")
        february = await _line(sta_worker, "2026-02")
        assert (february["advance_fen"], february["net_fen"]) == (7_055_00, 30_000_00 - 4_500_00 - 625_00 - 7_055_00)
        assert february["deductions_fen"] == 4_500_00 + 625_00 + 7_055_00


async def test_an_advance_not_yet_taken_may_be_withdrawn_and_bad_input_is_refused(sta_worker):
    advance = await advances.add(sta_worker, {"paid_on": "2026-01-10", "amount": "500"}, SYSTEM)
    for values in ({"paid_on": "", "amount": "5"}, {"paid_on": "2026-01-10", "amount": "-5"}, {"paid_on": "x"}):
        with pytest.raises(Refused):
            await advances.add(sta_worker, values, SYSTEM)
    await advances.withdraw(sta_worker, advance, SYSTEM)
    await _compute("2026-01")
    assert (await _line(sta_worker, "2026-01"))["advance_fen"] == 0


async def test_the_plant_may_leave_every_worker_some_net_pay_when_advances_come_back(client, sta_worker):
    await sign_in(client, "hr")
    await client.get("/netpay")
    bad = await post_form(client, "/netpay/settings", {"bank_columns": "name,card,amount", "advance_keep": "-5"})
    assert bad.status_code == 422 and await plant_settings.read(advances.KEEP_KEY) is None
    saved = await post_form(client, "/netpay/settings", {"bank_columns": "name,card,amount", "advance_keep": "1000"})
    assert saved.status_code in (200, 303) and await plant_settings.read(advances.KEEP_KEY) == 1_000_00
    await advances.add(sta_worker, {"paid_on": "2026-01-05", "amount": "30000"}, SYSTEM)
    await _compute("2026-01")
    january = await _line(sta_worker, "2026-01")
    # 24,945 after tax: 23,945 taken back, 1,000 left to the worker, 6,055 still owed
    assert (january["advance_fen"], january["net_fen"]) == (23_945_00, 1_000_00)
