"""Net pay through the computed month: contributions, cumulative tax, other deductions, adjustments, openings."""

from __future__ import annotations

from datetime import date

import pytest

from app.audit.service import SYSTEM
from app.contributions import service as contributions
from app.contributions.rules import Item, Version
from app.forms import Month
from app.payroll import inputs, service
from app.payroll.pay_settings import set_pay, set_plant_number
from app.payroll.tables import PayLine, PayPeriod
from app.people import plant_settings
from app.tax import service as tax
from app.tax.tables import TaxMonth
from tests.attendance.factories import PLANT
from tests.piecework.factories import confirm, make_operation, make_report, make_work_order

WIDE = dict(floor_fen=0, ceiling_fen=10**9, fund_floor_fen=0, fund_ceiling_fen=10**9)
VECTOR = (
    Item("pension", 16000, 8000),
    Item("medical", 8000, 2000),
    Item("unemployment", 500, 500),
    Item("injury", 400, 0),
    Item("housing_fund", 7000, 7000),
)


async def _enrol(employee: int, base_fen: int, items, start: str = "2026-01") -> None:
    scheme = await contributions.add_scheme(f"city-{employee}-{base_fen}", SYSTEM)
    await contributions.save_version(scheme, Month.parse("2026-01"), Version(items=tuple(items), **WIDE), SYSTEM)
    await contributions.enrol(employee, scheme, base_fen, "last year's average wage", Month.parse(start), SYSTEM)


async def _compute(month: str):
    return await service.compute_month(month, PLANT, SYSTEM, refresh_attendance=False)


async def _line(employee: int, month: str) -> dict:
    period = await PayPeriod.select().where(PayPeriod.month == month).first().run()
    return (
        await PayLine.select()
        .where((PayLine.period == period["id"]) & (PayLine.employee == employee))
        .first()
        .output(load_json=True)
        .run()
    )


@pytest.fixture
async def sta_worker(cast):
    """The STA's example: 30,000 a month, 4,500 social insurance and fund, 2,000 declared deductions."""
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await set_pay(cast.worker, "time", "30000", "", SYSTEM)
    await _enrol(cast.worker, 30_000_00, [Item("pension", 16000, 15000)])
    await tax.declare(cast.worker, "child_education", 2_000_00, Month.parse("2026-01"), SYSTEM)
    return cast.worker


async def test_the_sta_example_comes_out_to_the_fen_month_by_month(sta_worker):
    for month, withheld in (("2026-01", 555_00), ("2026-02", 625_00), ("2026-03", 1_850_00)):
        await _compute(month)
        line = await _line(sta_worker, month)
        assert (line["contributions_fen"], line["tax_fen"]) == (4_500_00, withheld)
        assert line["net_fen"] == 30_000_00 - 4_500_00 - withheld
        assert line["deductions_fen"] == 4_500_00 + withheld


async def test_recomputing_a_month_never_changes_what_another_month_withheld(sta_worker):
    for month in ("2026-01", "2026-02", "2026-01"):
        await _compute(month)
    rows = await TaxMonth.select(TaxMonth.month, TaxMonth.tax_fen).order_by(TaxMonth.month).run()
    assert [(r["month"], r["tax_fen"]) for r in rows] == [("2026-01", 555_00), ("2026-02", 625_00)]


async def test_a_locked_month_changed_later_is_adjusted_next_month_and_tax_stays_cumulative(sta_worker):
    await _compute("2026-01")
    await service.lock_month("2026-01", SYSTEM)
    await set_pay(sta_worker, "time", "33000", "", SYSTEM)  # January's wage was 33,000 after all
    await _compute("2026-02")
    february = await _line(sta_worker, "2026-02")
    assert february["adjustment_fen"] == 3_000_00
    # the year to date is now 33,000 + 33,000 of pay: (66,000 − 2×5,000 − 2×4,500 − 2×2,000) × 10% − 2,520
    # = 1,780 to date, less January's 555 withheld
    assert february["tax_fen"] == 1_780_00 - 555_00
    assert february["net_fen"] == 33_000_00 + 3_000_00 - 4_500_00 - (1_780_00 - 555_00)
    january = await _line(sta_worker, "2026-01")
    assert (january["tax_fen"], january["net_fen"]) == (555_00, 30_000_00 - 4_500_00 - 555_00)


async def test_an_opening_balance_makes_the_first_month_here_right(cast):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await set_pay(cast.worker, "time", "10000", "", SYSTEM)
    await _enrol(cast.worker, 10_000_00, [Item("pension", 0, 20000)])
    await tax.set_opening(
        cast.worker,
        Month.parse("2026-10"),
        10,
        {"income_fen": 100_000_00, "contributions_fen": 20_000_00, "withheld_fen": 900_00},
        SYSTEM,
    )
    await _compute("2026-11")
    # (110,000 − 11 × 5,000 − 22,000) × 3% = 990 to date, 900 withheld by the old system
    assert (await _line(cast.worker, "2026-11"))["tax_fen"] == 90_00


async def test_a_deduction_declared_from_july_counts_from_july(cast):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await set_pay(cast.worker, "time", "10000", "", SYSTEM)
    await tax.declare(cast.worker, "infant_care", 2_000_00, Month.parse("2026-07"), SYSTEM)
    taxes = []
    for month in ("2026-06", "2026-07"):
        await service.compute_month(month, PLANT, SYSTEM, refresh_attendance=False)
        taxes.append((await _line(cast.worker, month))["tax_fen"])
    # June is the first month computed here: 10,000 − 5,000 = 5,000 × 3% = 150; July: (20,000 − 10,000 − 2,000)
    # × 3% = 240 to date, 90 this month
    assert taxes == [150_00, 90_00]


@pytest.mark.parametrize(
    "after_contributions, gross, net",
    [(False, 2_490_00, 2_490_00 - 1_050_00), (True, 2_490_00 + 1_050_00, 2_490_00)],
    ids=["contributions count toward the minimum", "pay after them must reach the minimum"],
)
async def test_the_province_decides_if_contributions_count_toward_the_minimum_wage(
    cast, after_contributions, gross, net
):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 2_490_00, SYSTEM)
    await plant_settings.write(inputs.MINIMUM_AFTER_CONTRIBUTIONS_KEY, after_contributions, SYSTEM)
    await _enrol(cast.worker, 6_000_00, VECTOR, start="2026-11")
    fold = await make_operation(await make_work_order(), "OP10", "折弯", 25, effective_from=date(2026, 1, 1))
    await confirm(await make_report(cast.worker, fold, date(2026, 11, 3), 40))
    await _compute("2026-11")
    line = await _line(cast.worker, "2026-11")
    assert (line["gross_fen"], line["contributions_fen"], line["tax_fen"], line["net_fen"]) == (gross, 1_050_00, 0, net)
    assert line["employer_contributions_fen"] == 960_00 + 480_00 + 30_00 + 24_00 + 420_00


async def test_the_not_enrolled_warning_lists_people_started_over_30_days_ago(cast):
    overdue = await contributions.not_enrolled(date(2026, 11, 25))
    assert cast.worker in [row.employee_id for row in overdue]
    await _enrol(cast.worker, 6_000_00, VECTOR, start="2026-11")
    assert cast.worker not in [row.employee_id for row in await contributions.not_enrolled(date(2026, 11, 25))]


async def test_the_excel_payroll_sheet_has_contributions_and_tax_columns(sta_worker):
    import io

    from openpyxl import load_workbook

    from app.i18n import gettext
    from app.payroll import export, queries
    from app.payroll.payslip import slip_view

    await _compute("2026-01")
    views = [slip_view(row, "厂", "2026-01") for row in await queries.lines("2026-01")]
    sheet = load_workbook(io.BytesIO(export.payroll_xlsx(views, "", {}, {}))).active
    row = {header.value: cell.value for header, cell in zip(sheet[1], sheet[2])}
    assert row[gettext("Social insurance and housing fund (worker)")] == 4500
    assert row[gettext("Income tax")] == 555
    assert row[gettext("Net pay")] == 30000 - 4500 - 555
    assert "contributions_fen" in export.payroll_csv(views, {}).splitlines()[0]


async def test_an_exit_and_a_rehire_in_the_same_year_continue_the_cumulative_tax(cast):
    from app.people.tables import Employee

    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await set_pay(cast.worker, "time", "10000", "", SYSTEM)
    for month in ("2026-01", "2026-02"):
        await _compute(month)
    await (
        Employee.update({Employee.status: "left", Employee.last_day: date(2026, 2, 28)})
        .where(Employee.id == cast.worker)
        .run()
    )
    await _compute("2026-03")
    assert await TaxMonth.count().where(TaxMonth.month == "2026-03").run() == 0  # gone: no month withheld
    await (
        Employee.update({Employee.status: "active", Employee.hire_date: date(2026, 5, 1), Employee.last_day: None})
        .where(Employee.id == cast.worker)
        .run()
    )
    await _compute("2026-05")
    # three months employed here this year (January, February, May): (30,000 − 15,000) × 3% = 450 to date,
    # 150 + 150 withheld before
    assert (await _line(cast.worker, "2026-05"))["tax_fen"] == 150_00
    assert (await _line(cast.worker, "2026-05"))["lines"][-1]["trace"][0][-1] == 3


async def test_the_suggested_base_is_last_years_average_or_the_first_full_month(cast):
    from app.payroll import netpay

    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    for month, wage in (("2025-11", "5000"), ("2025-12", "6000")):
        await set_pay(cast.worker, "time", wage, "", SYSTEM)
        await _compute(month)
    assert await netpay.suggested_base(cast.worker, 2026, date(2024, 3, 1)) == 5_500_00
    assert await netpay.suggested_base(cast.worker, 2025, date(2025, 11, 15)) == 6_000_00


async def test_a_scheme_without_a_version_in_force_is_a_problem_not_a_silent_zero(cast):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await set_pay(cast.worker, "time", "10000", "", SYSTEM)
    await _enrol(cast.worker, 10_000_00, VECTOR, start="2025-12")  # its only version starts in January 2026
    result = await _compute("2025-12")
    assert [(p["code"], p["message"]) for p in result.problems] == [
        ("W0001", "The social insurance scheme has no version in force this month.")
    ]


@pytest.mark.parametrize(
    "method, december_tax, bonus_tax",
    [("separate", 90_00 + 1_080_00, 1_080_00), ("combined", 4_680_00 - 990_00, 0)],
    ids=["taxed on its own: 3% of 36,000", "with the wages: the year crosses 36,000"],
)
async def test_a_year_end_bonus_is_paid_with_december_and_taxed_the_way_hr_chose(cast, method, december_tax, bonus_tax):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await set_pay(cast.worker, "time", "10000", "", SYSTEM)
    await _enrol(cast.worker, 10_000_00, [Item("pension", 0, 20000)])
    await tax.set_opening(
        cast.worker,
        Month.parse("2026-11"),
        11,
        {"income_fen": 110_000_00, "contributions_fen": 22_000_00, "withheld_fen": 990_00},
        SYSTEM,
    )
    await tax.set_bonus(cast.worker, Month.parse("2026-12"), 36_000_00, method, SYSTEM)
    await _compute("2026-12")
    line = await _line(cast.worker, "2026-12")
    assert line["gross_fen"] == 10_000_00 + 36_000_00
    # on its own: December's wages 90 as every month, the bonus 1,080. With the wages: (156,000 − 60,000 −
    # 24,000) = 72,000 × 10% − 2,520 = 4,680 to date, less 990 withheld = 3,690
    assert line["tax_fen"] == december_tax
    assert line["net_fen"] == 46_000_00 - 2_000_00 - december_tax
    row = await TaxMonth.objects().get(TaxMonth.month == "2026-12").run()
    assert (row.bonus_tax_fen, row.tax_fen) == (bonus_tax, december_tax - bonus_tax)
