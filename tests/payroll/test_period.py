"""A month computed from the database: the issue's pay cases through the period, lock and adjustments."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.audit.service import SYSTEM
from app.payroll import inputs, service
from app.payroll.pay_settings import set_pay, set_plant_number
from app.payroll.service import PayrollError
from app.payroll.tables import PayAdjustment, PayLine, PayPeriod
from tests.attendance.factories import PLANT
from tests.piecework.factories import add_grade_factor, add_rate, confirm, make_operation, make_report, make_work_order

NOV = "2026-11"


@pytest.fixture
async def fold(cast):
    order = await make_work_order(department_id=cast.line_a)
    return await make_operation(order, "OP10", "折弯", 25, effective_from=date(2026, 1, 1))


async def _compute(month: str = NOV):
    return await service.compute_month(month, PLANT, SYSTEM, refresh_attendance=False)


async def _line(employee: int, month: str = NOV) -> dict:
    period = await PayPeriod.select().where(PayPeriod.month == month).first().run()
    return (
        await PayLine.select()
        .where((PayLine.period == period["id"]) & (PayLine.employee == employee))
        .first()
        .output(load_json=True)
        .run()
    )


def _amounts(line: dict) -> dict[str, int]:
    return {item["code"]: item["amount_fen"] for item in line["lines"]}


# (case, minimum wage fen, grade percent, defect percent, [(day, quantity, defects, confirmed segment)], lines, net)
CASES = [
    ("pieces in normal hours", 0, 100, 0, [(3, 100, 0, "normal")], {"piece.normal": 2500}, 2500),
    (
        "overtime pieces on a working day: 150%",
        0,
        100,
        0,
        [(3, 100, 0, "workday_overtime")],
        {"piece.workday_overtime": 3750},
        3750,
    ),
    ("pieces on a rest day: 200%", 0, 100, 0, [(7, 100, 0, "rest_day")], {"piece.rest_day": 5000}, 5000),
    ("pieces on a holiday: 300%", 0, 100, 0, [(1, 100, 0, "holiday")], {"piece.holiday": 7500}, 7500),
    (
        "the minimum wage tops normal piece pay up, not counting overtime pieces",
        2_490_00,
        100,
        0,
        [(3, 100, 0, "normal"), (7, 100, 0, "rest_day")],
        {"piece.normal": 2500, "piece.rest_day": 5000, "minimum_wage_topup": 2_490_00 - 2500},
        2_490_00 + 5000,
    ),
    (
        "damage for defects is capped at 20% of the month's wage",
        0,
        100,
        100,
        [(3, 1000, 500, "normal")],
        {"piece.normal": 12500, "deduction.damage": 2500},
        10000,
    ),
    (
        "rounding happens once per line, half up: 3 × 5.5 fen is 17 fen, not 18",
        0,
        110,
        0,
        [(3, 1, 0, "normal"), (4, 1, 0, "normal"), (5, 1, 0, "normal")],
        {"piece.normal": 17},
        17,
    ),
]


@pytest.mark.parametrize("case, minimum, grade, defect_percent, counts, lines, net", CASES, ids=[c[0] for c in CASES])
async def test_pay_cases_through_the_computed_period(
    cast, fold, case, minimum, grade, defect_percent, counts, lines, net
):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, minimum, SYSTEM)
    await set_plant_number(inputs.DEFECT_PERCENT_KEY, defect_percent, SYSTEM)
    if grade != 100:
        await add_grade_factor(2, grade)  # the cast's worker is grade 2
        order = await make_work_order("WO-5")
        fold = await make_operation(order, "OP5", "点胶", 5)
    for day, quantity, defects, segment in counts:
        report = await make_report(cast.worker, fold, date(2026, 11, day), quantity, defects)
        await confirm(report, "adjust" if segment != "normal" else "confirm", segment=segment)
    await _compute()
    line = await _line(cast.worker)
    assert _amounts(line) == lines and line["net_fen"] == net


async def test_a_rate_change_in_the_middle_of_the_month_prices_each_report_by_its_date(cast, fold):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await add_rate(fold, 30, date(2026, 11, 16))
    for day in (10, 15, 16, 20):
        await confirm(await make_report(cast.worker, fold, date(2026, 11, day), 100))
    await _compute()
    line = await _line(cast.worker)
    assert _amounts(line) == {"piece.normal": 2 * 2500 + 2 * 3000}
    groups = sorted((t[1].split(":")[0], t[1].split(":")[1], t[5], t[6]) for t in line["lines"][0]["trace"])
    assert groups == [
        ("2026-11-10..2026-11-15", "2", 25, "2026-01-01"),
        ("2026-11-16..2026-11-20", "2", 30, "2026-11-16"),
    ]


async def test_only_the_first_decision_counts_and_rejected_or_pending_reports_pay_nothing(cast, fold):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    counted = await make_report(cast.worker, fold, date(2026, 11, 3), 100)
    await confirm(counted, "adjust", quantity=80, at=service.utcnow() - timedelta(hours=1))
    await confirm(counted, "confirm", node="kiosk-b")  # later: a conflict, not pay
    await confirm(await make_report(cast.worker, fold, date(2026, 11, 4), 100), "reject")
    await make_report(cast.worker, fold, date(2026, 11, 5), 100)  # pending
    await _compute()
    assert _amounts(await _line(cast.worker)) == {"piece.normal": 80 * 25}


async def test_a_time_rate_worker_gets_the_base_and_overtime_from_attendance_days(cast, fold):
    from app.attendance.tables import AttendanceDay

    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await set_pay(cast.supervisor_a, "time", "4350", "", SYSTEM)
    for day, minutes, kind in ((5, 120, "workday_overtime"), (8, 480, "rest_day")):
        await AttendanceDay.insert(
            AttendanceDay(
                employee=cast.supervisor_a,
                work_date=date(2026, 11, day),
                worked_minutes=480,
                overtime_minutes=minutes,
                overtime_kind=kind,
                status="present",
                computed_at=service.utcnow(),
            )
        ).run()
    await _compute()
    # 4350 yuan ÷ 21.75 ÷ 8 = 25 yuan an hour: 2 h × 150% = 75 yuan; 8 h × 200% = 400 yuan
    assert _amounts(await _line(cast.supervisor_a)) == {
        "base": 4_350_00,
        "overtime.workday_overtime": 75_00,
        "overtime.rest_day": 400_00,
    }


async def test_a_count_without_a_rate_in_force_is_a_problem_and_blocks_the_lock(cast, fold):
    await confirm(await make_report(cast.worker, fold, date(2025, 12, 3), 10))  # before the rate's first day
    result = await service.compute_month("2025-12", PLANT, SYSTEM, refresh_attendance=False)
    assert [p["code"] for p in result.problems] == ["W0001"]
    with pytest.raises(PayrollError, match="could not be computed"):
        await service.lock_month("2025-12", SYSTEM)


async def test_a_locked_month_does_not_change_and_a_late_change_is_adjusted_in_the_next(cast, fold):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await confirm(await make_report(cast.worker, fold, date(2026, 10, 20), 100))
    await service.compute_month("2026-10", PLANT, SYSTEM, refresh_attendance=False)
    await service.lock_month("2026-10", SYSTEM)
    with pytest.raises(PayrollError, match="locked"):
        await service.compute_month("2026-10", PLANT, SYSTEM, refresh_attendance=False)
    late = await make_report(cast.worker, fold, date(2026, 10, 31), 40)  # confirmed after the lock
    await confirm(late)
    await _compute()
    line = await _line(cast.worker)
    assert (await _line(cast.worker, "2026-10"))["net_fen"] == 2500
    assert _amounts(line) == {"adjustment.2026-10": 1000} and line["net_fen"] == 1000
    await _compute()  # recomputing November pays the adjustment once, not twice
    assert (await _line(cast.worker))["net_fen"] == 1000 and await PayAdjustment.count().run() == 1
    await service.lock_month(NOV, SYSTEM)
    await service.compute_month("2026-12", PLANT, SYSTEM, refresh_attendance=False)
    assert await _line(cast.worker, "2026-12") is None  # October's change was paid in November


async def test_a_piece_worker_s_minimum_wage_floor_is_pro_rated_by_the_days_worked(cast, fold):
    from app.attendance.tables import AttendanceDay

    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 2_175_00, SYSTEM)  # ¥2,175: ¥100 a paid day
    for day in range(2, 12):  # worked 10 days, absent on one more
        await AttendanceDay.insert(
            AttendanceDay(
                employee=cast.worker,
                work_date=date(2026, 11, day),
                worked_minutes=480,
                status="present",
                computed_at=service.utcnow(),
            )
        ).run()
    await AttendanceDay.insert(
        AttendanceDay(
            employee=cast.worker,
            work_date=date(2026, 11, 12),
            worked_minutes=0,
            status="absent",
            computed_at=service.utcnow(),
        )
    ).run()
    await confirm(await make_report(cast.worker, fold, date(2026, 11, 3), 100))
    await _compute()
    line = await _line(cast.worker)
    assert line["minimum_wage_floor_fen"] == 10 * 100_00
    assert _amounts(line) == {"piece.normal": 2500, "minimum_wage_topup": 10 * 100_00 - 2500}
