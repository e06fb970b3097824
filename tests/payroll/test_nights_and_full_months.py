"""Issue 16 through the database: no-shift overnight pairs, a night into a holiday (days, pay, piece segment),
and a month of work earning the whole minimum wage. Expected figures are computed from RULES.md in the test."""

from __future__ import annotations

import math
from datetime import date, timedelta
from fractions import Fraction

import pytest

from app.attendance.days.compute import recompute_days
from app.attendance.tables import AttendanceDay
from app.audit.service import SYSTEM
from app.payroll import inputs, service
from app.payroll.pay_settings import set_pay, set_plant_number
from app.payroll.tables import PayLine, PayPeriod
from app.piecework import reports
from app.piecework.tables import PieceReport
from tests.attendance.factories import PLANT, local, make_calendar_day, make_pattern, make_scan, make_shift, weekdays
from tests.piecework.factories import confirm, make_operation, make_report, make_work_order

TODAY = date(2026, 11, 25)
EVE, NATIONAL_DAY = date(2026, 9, 30), date(2026, 10, 1)  # a Wednesday, then the first day of National Day


async def _day(employee: int, work_date: date) -> dict:
    return (
        await AttendanceDay.select()
        .where((AttendanceDay.employee == employee) & (AttendanceDay.work_date == work_date))
        .first()
        .output(load_json=True)
        .run()
    )


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
async def fold(cast):
    order = await make_work_order(department_id=cast.line_a)
    return await make_operation(order, "OP10", "折弯", 25, effective_from=date(2026, 1, 1))


async def test_a_worker_without_a_shift_in_at_20_and_out_at_04_worked_8_hours_on_the_first_day(cast):
    await make_scan(cast.worker, "2026-03-02 20:00")
    await make_scan(cast.worker, "2026-03-03 04:00")
    await recompute_days([cast.worker], date(2026, 3, 2), date(2026, 3, 3), PLANT, today=TODAY)
    monday, tuesday = await _day(cast.worker, date(2026, 3, 2)), await _day(cast.worker, date(2026, 3, 3))
    assert (monday["status"], monday["worked_minutes"]) == ("present", 8 * 60)
    assert tuesday["status"] == "absent" and tuesday["first_in"] is None


@pytest.fixture
async def night(cast) -> int:
    shift = await make_shift("N", "夜班", "22:00", "06:00", [["02:00", "02:30"]])
    await make_pattern(weekdays(shift), department_id=cast.line_a)
    await make_calendar_day(NATIONAL_DAY, "holiday", "国庆节")
    return shift


async def test_a_night_into_national_day_pays_the_hours_after_midnight_at_300_percent(cast, night, fold):
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await set_pay(cast.worker, "time", "4350", "", SYSTEM)  # 4350 ÷ 21.75 ÷ 8 = ¥25 an hour
    await make_scan(cast.worker, "2026-09-30 21:58")
    await make_scan(cast.worker, "2026-10-01 06:03")
    await recompute_days([cast.worker], date(2026, 9, 1), date(2026, 10, 1), PLANT, today=TODAY)
    day = await _day(cast.worker, EVE)
    after_midnight = 6 * 60 - 30  # 00:00–06:00 less the 02:00 break; 30-minute units
    assert day["status"] == "present" and day["overtime_parts"] == {"holiday": after_midnight}
    assert (await _day(cast.worker, NATIONAL_DAY))["status"] == "holiday"  # the shift belongs to its start day
    await service.compute_month("2026-09", PLANT, SYSTEM, refresh_attendance=False)
    amounts = {item["code"]: item["amount_fen"] for item in (await _line(cast.worker, "2026-09"))["lines"]}
    hourly_fen = Fraction(4350_00) / Fraction(2175, 100) / 8
    assert amounts["overtime.holiday"] == round(hourly_fen * after_midnight / 60 * 3)
    assert "overtime.workday_overtime" not in amounts


@pytest.mark.parametrize(
    "reported_at, work_date, segment",
    [
        ("2026-09-30 23:00", EVE, "normal"),  # before midnight: the working day's shift
        ("2026-10-01 03:00", EVE, "holiday"),  # after midnight on National Day: holiday pieces (300%)
        ("2026-10-02 03:00", NATIONAL_DAY, "workday_overtime"),  # after midnight on the working day after it: not
    ],
)
async def test_pieces_made_after_midnight_follow_the_holiday_on_either_side(
    cast, night, fold, reported_at, work_date, segment
):
    start = work_date.isoformat()
    await make_scan(cast.worker, f"{start} 21:58")
    report = await reports.report_at_kiosk(cast.worker, fold, 50, 0, "office", PLANT, now=local(reported_at))
    stored = await PieceReport.objects().get(PieceReport.id == report.id).run()
    assert (stored.work_date, stored.segment) == (work_date, segment)


OCTOBER_2026 = (
    {date(2026, 10, d): "holiday" for d in (1, 2, 3)}
    | {date(2026, 10, d): "rest" for d in (4, 5, 6, 7)}
    | {date(2026, 10, 10): "workday"}
)  # the State Council's notice


def _scheduled_working_days() -> list[date]:
    days = [date(2026, 10, 1) + timedelta(n) for n in range(31)]
    return [d for d in days if OCTOBER_2026.get(d, "workday" if d.isoweekday() <= 5 else "rest") == "workday"]


@pytest.mark.parametrize(
    "skipped, paid_days",
    [
        pytest.param(0, None, id="every_scheduled_day_worked_earns_the_whole_minimum"),
        pytest.param(1, 18 - 1 + 3, id="one_working_day_missed_is_pro_rated_by_paid_days"),
    ],
)
async def test_a_full_month_of_work_earns_the_full_minimum_wage(cast, fold, skipped, paid_days):
    assert len(_scheduled_working_days()) == 18  # + 3 statutory holidays = 21 paid days
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 2_490_00, SYSTEM)
    shift = await make_shift("D", "早班", "08:00", "17:00", [["12:00", "13:00"]])
    await make_pattern(weekdays(shift), department_id=cast.line_a)
    for day, kind in OCTOBER_2026.items():
        await make_calendar_day(day, kind, "国庆节")
    for day in _scheduled_working_days()[skipped:]:
        await make_scan(cast.worker, f"{day} 07:55")
        await make_scan(cast.worker, f"{day} 17:05")
    await confirm(await make_report(cast.worker, fold, date(2026, 10, 8), 100))  # 100 × 25 fen
    await recompute_days(None, date(2026, 10, 1), date(2026, 10, 31), PLANT, today=TODAY)
    await service.compute_month("2026-10", PLANT, SYSTEM, refresh_attendance=False)
    line = await _line(cast.worker, "2026-10")
    floor = 2_490_00 if paid_days is None else math.ceil(Fraction(2_490_00 * paid_days) / Fraction(2175, 100))
    assert line["minimum_wage_floor_fen"] == floor
    assert {i["code"]: i["amount_fen"] for i in line["lines"]}["minimum_wage_topup"] == floor - 2500


async def test_two_days_of_approved_annual_leave_still_count_as_a_full_month(cast, fold):
    """RULES.md, Pay: paid leave counts as worked, so the whole monthly minimum is owed, not a pro-rated one."""
    from app.leave.requests import RequestInput, request_leave
    from app.leave.tables import LeavePerson

    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 2_490_00, SYSTEM)
    shift = await make_shift("D", "早班", "08:00", "17:00", [["12:00", "13:00"]])
    await make_pattern(weekdays(shift), department_id=cast.line_a)
    for day, kind in OCTOBER_2026.items():
        await make_calendar_day(day, kind, "国庆节")
    await LeavePerson.insert(
        LeavePerson(employee=cast.worker, years_worked=8, years_confirmed_on=date(2026, 1, 1))
    ).run()
    leave_days = _scheduled_working_days()[-2:]
    for day in _scheduled_working_days()[:-2]:
        await make_scan(cast.worker, f"{day} 07:55")
        await make_scan(cast.worker, f"{day} 17:05")
    await request_leave(RequestInput(cast.worker, "annual", leave_days[0], leave_days[1]), "record", SYSTEM, zone=PLANT)
    await confirm(await make_report(cast.worker, fold, date(2026, 10, 8), 100))
    await recompute_days(None, date(2026, 10, 1), date(2026, 10, 31), PLANT, today=TODAY)
    await service.compute_month("2026-10", PLANT, SYSTEM, refresh_attendance=False)
    line = await _line(cast.worker, "2026-10")
    assert line["minimum_wage_floor_fen"] == 2_490_00
