"""Leave in the month's pay: personal leave deducted at monthly ÷ 21.75, sick pay at the plant's share with the 80%
floor, paid leave of piece-rate workers at their average pay, 调休 banked from a rest day no longer paid at 200%."""

from __future__ import annotations

from datetime import date

import pytest

from app.attendance.tables import AttendanceDay
from app.audit.service import SYSTEM
from app.errors import Refused
from app.leave import rules
from app.leave import service as leave_service
from app.leave.requests import RequestInput, request_leave
from app.payroll import inputs, service
from app.payroll.pay_settings import set_pay, set_plant_number
from app.payroll.tables import PayLine, PayPeriod
from tests.attendance.factories import PLANT
from tests.leave.factories import line_a_on_day_shift, years_worked

MONTHLY = 435_000  # 4,350.00 yuan: 200.00 a day, 25.00 an hour


@pytest.fixture
async def time_rate(cast):
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 8)
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 250_000, SYSTEM)
    await set_pay(cast.worker, "time", "4350", "", SYSTEM)


async def leave(cast, type_code: str, first: date, last: date, **more) -> None:
    await request_leave(RequestInput(cast.worker, type_code, first, last, **more), "record", SYSTEM)


async def amounts(cast, month: str = "2026-11") -> dict[str, int]:
    await service.compute_month(month, PLANT, SYSTEM, refresh_attendance=False)
    period = await PayPeriod.select().where(PayPeriod.month == month).first().run()
    line = (
        await PayLine.select()
        .where((PayLine.period == period["id"]) & (PayLine.employee == cast.worker))
        .first()
        .output(load_json=True)
        .run()
    )
    return {item["code"]: item["amount_fen"] for item in line["lines"]}


def test_a_month_of_leave_is_paid_by_type():
    pay = rules.month_leave_pay(
        {"annual": 4, "personal": 2, "sick": 2}, {"annual": 100, "personal": 0, "sick": 60}, True, MONTHLY, 250_000
    )
    assert (pay.unpaid_halves, pay.paid_halves) == (4, 4)
    assert [(line.code, line.amount_fen) for line in pay.lines] == [("leave.annual", 0), ("leave.sick", 12_000)]
    piece = rules.month_leave_pay(
        {"annual": 2, "personal": 2, "lieu": 2}, {"annual": 100, "personal": 0, "lieu": 100}, False, MONTHLY, 0
    )  # a piece worker's rest-day pieces were paid at 200% already
    assert [(line.code, line.amount_fen, line.counts_for_minimum_wage) for line in piece.lines] == [
        ("leave.annual", 20_000, True)
    ]


async def test_personal_leave_is_deducted_at_the_monthly_wage_over_21_75_a_day(cast, time_rate):
    await leave(cast, "personal", date(2026, 11, 9), date(2026, 11, 10))
    assert (await amounts(cast))["base"] == MONTHLY - 2 * 20_000


async def test_annual_leave_keeps_the_whole_monthly_wage(cast, time_rate):
    await leave(cast, "annual", date(2026, 11, 9), date(2026, 11, 10))
    assert await amounts(cast) == {"base": MONTHLY, "earning.leave.annual": 0}  # shown, paid by the base


async def test_sick_leave_is_paid_at_the_plants_share_but_not_below_80_percent_of_the_minimum_wage(cast, time_rate):
    await leave(cast, "sick", date(2026, 11, 9), date(2026, 11, 9), half_last=True)
    lines = await amounts(cast)
    assert lines["base"] == MONTHLY - 10_000  # half a day off the base
    assert lines["earning.leave.sick"] == 6_000  # 60% of 100.00 (above 80% of 2,500 ÷ 21.75 ÷ 2 = 45.98)
    await set_pay(cast.worker, "time", "2000", "", SYSTEM)
    lines = await amounts(cast)
    assert lines["earning.leave.sick"] == 4_598  # the floor: 2,500 × 80% ÷ 21.75 ÷ 2 = 45.977…


async def test_a_leave_across_the_month_end_is_paid_in_each_month_for_its_own_days(cast, time_rate):
    await leave(cast, "personal", date(2026, 11, 30), date(2026, 12, 2))  # Mon 30 Nov | Tue 1, Wed 2 Dec
    assert (await amounts(cast, "2026-11"))["base"] == MONTHLY - 20_000
    assert (await amounts(cast, "2026-12"))["base"] == MONTHLY - 40_000


async def test_rest_day_overtime_banked_as_time_off_in_lieu_is_not_paid_at_200_percent_then_spent(cast, time_rate):
    saturday = date(2026, 11, 7)
    await AttendanceDay.insert(
        AttendanceDay(
            employee=cast.worker,
            work_date=saturday,
            worked_minutes=480,
            overtime_minutes=480,
            overtime_kind="rest_day",
            status="present",
            computed_at=service.utcnow(),
        )
    ).run()
    assert (await amounts(cast))["overtime.rest_day"] == 400_00  # 8 h × 25.00 × 200%
    await leave_service.bank_lieu(cast.worker, saturday, 300, SYSTEM)
    assert (await amounts(cast))["overtime.rest_day"] == 150_00  # only 3 h still paid
    with pytest.raises(Refused):  # never more than the day's overtime
        await leave_service.bank_lieu(cast.worker, saturday, 240, SYSTEM)
    await leave(cast, "lieu", date(2026, 11, 12), date(2026, 11, 12), half_last=True)  # 4 of the 5 hours spent
    from app.leave.balances import of_person

    assert (await of_person(cast.worker, 2026)).lieu_minutes == 60
    with pytest.raises(Refused):
        await leave(cast, "lieu", date(2026, 11, 13), date(2026, 11, 13), half_last=True)  # 4 h asked, 1 h left
    lines = await amounts(cast)
    assert lines["base"] == MONTHLY and lines["overtime.rest_day"] == 150_00  # the day off is paid once, normally
    assert lines["earning.leave.lieu"] == 0


async def test_holiday_overtime_cannot_be_banked(cast, time_rate):
    await AttendanceDay.insert(
        AttendanceDay(
            employee=cast.worker,
            work_date=date(2026, 10, 1),
            worked_minutes=480,
            overtime_minutes=480,
            overtime_kind="holiday",
            status="present",
            computed_at=service.utcnow(),
        )
    ).run()
    with pytest.raises(Refused):
        await leave_service.bank_lieu(cast.worker, date(2026, 10, 1), 60, SYSTEM)


async def test_a_piece_rate_worker_s_annual_leave_is_paid_at_the_average_of_the_last_months_without_overtime(cast):
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 8)
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await set_pay(cast.worker, "piece", "", "", SYSTEM)
    for month, normal in (("2026-09", 400_000), ("2026-10", 470_000)):
        first = date(2026, int(month[5:]), 1)
        period = (
            await PayPeriod.insert(PayPeriod(month=month, first_day=first, last_day=first, status="locked"))
            .returning(PayPeriod.id)
            .run()
        )
        lines = [
            {"code": "piece.normal", "kind": "earning", "amount_fen": normal, "counts_for_minimum_wage": True},
            {"code": "piece.rest_day", "kind": "earning", "amount_fen": 99_999, "counts_for_minimum_wage": False},
        ]
        await PayLine.insert(
            PayLine(
                period=period[0]["id"],
                employee=cast.worker,
                scheme="piece",
                gross_fen=0,
                deductions_fen=0,
                net_fen=0,
                lines=lines,
                computed_at=service.utcnow(),
            )
        ).run()
    await leave(cast, "annual", date(2026, 11, 9), date(2026, 11, 9))
    # (4,000 + 4,700) ÷ 2 = 4,350 a month, ÷ 21.75 = 200.00 a day; the rest-day pieces are overtime, left out
    assert (await amounts(cast))["earning.leave.annual"] == 20_000


async def test_an_exit_pays_the_untaken_annual_leave_at_300_percent_in_the_last_month(client, cast):
    # RULES.md: leaves on 2026-04-30 with 15 days' entitlement and 3 taken → floor(120/365 × 15) − 3 = 1 day owed
    from app.people.tables import Employee

    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 20)
    await set_plant_number(inputs.MINIMUM_WAGE_KEY, 0, SYSTEM)
    await set_pay(cast.worker, "time", "4350", "", SYSTEM)
    await leave(cast, "annual", date(2026, 3, 2), date(2026, 3, 4))
    await Employee.update({Employee.last_day: date(2026, 4, 30)}).where(Employee.id == cast.worker).run()
    lines = await amounts(cast, "2026-04")
    assert lines["earning.leave.untaken_annual"] == 40_000  # 1 day × 200.00 × 200% (the other 100% is in April's pay)
    from tests.cast import sign_in

    await sign_in(client, "hr")
    page = await client.get(f"/leave/people/{cast.worker}")
    assert 'id="owed-at-exit">1<' in page.text
