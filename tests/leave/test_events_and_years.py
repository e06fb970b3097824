"""Per-event figures, maternity for women, the 12 consecutive months, a leave across New Year, carry-over with last
year's years worked, and 调休 spent against the rest days it was banked from (RULES.md, "Leave")."""

from __future__ import annotations

from datetime import date

import pytest

from app.attendance.tables import AttendanceDay
from app.audit.service import SYSTEM
from app.errors import Refused
from app.leave import balances, rules
from app.leave import service as leave_service
from app.leave.requests import RequestInput, request_leave
from app.leave.tables import LeavePerson, LeaveRequest, LieuEntry
from app.people import plant_settings
from app.people.tables import Employee
from app.timeutil import utcnow
from tests.leave.factories import line_a_on_day_shift, years_worked

# -- pure rules: table tests ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "figure", "difficult", "babies", "allowed"),
    [
        ("marriage", 3, False, 1, 3),  # national 3 days
        ("marriage", 10, False, 1, 10),  # a province's figure
        ("bereavement", 3, False, 1, 3),  # 1–3 days: the plant's setting
        ("bereavement", 1, False, 1, 1),
        ("paternity", 15, False, 1, 15),  # provincial figure
        ("maternity", 98, False, 1, 98),  # art. 7
        ("maternity", 98, True, 1, 113),  # +15 difficult birth
        ("maternity", 98, False, 2, 113),  # +15 per additional baby
        ("maternity", 98, True, 3, 143),  # both
        ("maternity", 158, False, 1, 158),  # a province adding 60 days
        ("maternity", 158, True, 2, 188),
        ("annual", None, False, 1, None),  # by years worked, not per event
        ("sick", None, False, 1, None),
        ("childcare", 10, False, 1, None),  # per year, checked against the year's others
        ("marriage", None, False, 1, None),  # no figure: no limit
    ],
)
def test_per_event_figures(code, figure, difficult, babies, allowed):
    assert rules.event_days_allowed(code, figure, difficult, babies) == allowed


@pytest.mark.parametrize(
    ("years", "year", "joined", "since", "days"),
    [
        (8, 2026, date(2026, 7, 1), None, 2),  # RULES.md vector: floor(184/365 × 5)
        (12, 2026, date(2026, 7, 1), None, 5),  # RULES.md vector: floor(184/365 × 10)
        (8, 2026, date(2020, 3, 1), date(2020, 3, 1), 5),  # long since 12 months
        (8, 2025, date(2025, 7, 1), date(2025, 7, 1), 0),  # a run begun after a break: not 12 months yet
        (8, 2026, date(2025, 7, 1), date(2025, 7, 1), 2),  # 12 months on 2026-07-01: floor(184/365 × 5)
        (8, 2027, date(2025, 7, 1), date(2025, 7, 1), 5),
        (8, 2026, date(2026, 7, 1), date(2025, 1, 1), 2),  # worked elsewhere without a break: pro-rated by joining
        (1, 2026, date(2025, 3, 1), date(2025, 3, 1), 4),  # 12 months on 2026-03-01: floor(306/365 × 5)
        (0, 2026, date(2026, 1, 1), date(2026, 1, 1), 0),  # a first job
    ],
)
def test_annual_leave_after_12_consecutive_months(years, year, joined, since, days):
    assert rules.annual_leave_for_year(years, year, joined, since) == days


def test_twelve_months_on_a_29_february():
    assert rules.twelve_months_on(date(2024, 2, 29)) == date(2025, 3, 1)
    assert rules.twelve_months_on(None) is None


@pytest.mark.parametrize(
    ("years", "confirmed", "year", "found"),
    [(8, date(2026, 1, 5), 2025, 7), (8, date(2026, 1, 5), 2026, 8), (8, date(2026, 1, 5), 2028, 9)]
    + [(9, date(2025, 6, 1), 2026, 9), (9, date(2025, 6, 1), 2027, 10), (0, date(2026, 6, 1), 2025, 0)]
    + [(8, None, 2020, 8)],
)
def test_years_worked_as_of_each_new_year(years, confirmed, year, found):
    assert rules.years_worked_in(years, confirmed, year) == found


@pytest.mark.parametrize(
    ("halves", "first_year", "first", "last", "year", "found"),
    [
        (6, None, date(2026, 6, 1), date(2026, 6, 3), 2026, 6),
        (6, None, date(2026, 6, 1), date(2026, 6, 3), 2027, 0),
        (6, 4, date(2026, 12, 30), date(2027, 1, 4), 2026, 4),  # 30, 31 December in 2026
        (6, 4, date(2026, 12, 30), date(2027, 1, 4), 2027, 2),  # 4 January in 2027 (1 January a holiday)
        (6, 4, date(2026, 12, 30), date(2027, 1, 4), 2028, 0),
    ],
)
def test_a_leave_across_new_year_counts_in_each_year(halves, first_year, first, last, year, found):
    assert rules.halves_in_year(halves, first_year, first, last, year) == found


def test_sick_calendar_days_inside_a_year():
    assert rules.calendar_days_in_year(date(2026, 12, 20), date(2027, 1, 10), 2026) == 12
    assert rules.calendar_days_in_year(date(2026, 12, 20), date(2027, 1, 10), 2027) == 10


@pytest.mark.parametrize(
    ("banked", "opening", "minutes", "uses"),
    [
        ([(date(2026, 11, 7), 300)], 0, 240, [(date(2026, 11, 7), 240)]),
        (
            [(date(2026, 11, 14), 480), (date(2026, 11, 7), 120)],
            0,
            480,
            [(date(2026, 11, 7), 120), (date(2026, 11, 14), 360)],
        ),
        ([(date(2026, 11, 7), 480)], 120, 240, [(None, 120), (date(2026, 11, 7), 120)]),  # the opening balance first
        ([(date(2026, 11, 7), 0)], 0, 60, None),  # nothing banked: nothing to spend
        ([(date(2026, 11, 7), 120)], 0, 240, None),
    ],
)
def test_time_off_in_lieu_is_spent_against_the_rest_days_it_was_banked_from(banked, opening, minutes, uses):
    found = rules.allocate_lieu(banked, opening, minutes)
    assert (None if found is None else [(use.work_date, use.minutes) for use in found]) == uses


# -- through the requests ------------------------------------------------------------------------


@pytest.fixture
async def plant(cast):
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 8)


async def ask(cast, code: str, first: date, last: date, source: str = "record", **more) -> None:
    await request_leave(RequestInput(cast.worker, code, first, last, **more), source, SYSTEM)


async def test_maternity_leave_is_refused_for_a_man_with_a_clear_message(cast, plant):
    with pytest.raises(Refused) as refused:
        await ask(cast, "maternity", date(2026, 12, 1), date(2027, 3, 8), source="office")
    assert refused.value.message.startswith("Maternity leave is for women workers")
    assert refused.value.params["name"] and refused.value.field == "type_code"
    await Employee.update({Employee.gender: "F"}).where(Employee.id == cast.worker).run()
    await ask(cast, "maternity", date(2026, 12, 1), date(2027, 3, 8), source="office")
    assert await LeaveRequest.count().run() == 1


async def test_maternity_leave_longer_than_its_births_allow_is_refused(cast, plant):
    await Employee.update({Employee.gender: "F"}).where(Employee.id == cast.worker).run()
    with pytest.raises(Refused) as refused:  # 99 calendar days for one baby, a normal birth
        await ask(cast, "maternity", date(2026, 12, 1), date(2027, 3, 9), source="office")
    assert refused.value.message.startswith("%(type)s is at most") and refused.value.params["days"] == 98
    await ask(cast, "maternity", date(2026, 12, 1), date(2027, 3, 9), source="office", difficult=True)  # 113 allowed


async def test_marriage_and_bereavement_leave_are_checked_against_their_figures(cast, plant):
    with pytest.raises(Refused) as refused:  # Monday to Thursday: 4 working days, 3 allowed
        await ask(cast, "marriage", date(2026, 12, 7), date(2026, 12, 10))
    assert refused.value.params == {"type": "婚假", "days": 3, "asked": "4"}
    await ask(cast, "marriage", date(2026, 12, 7), date(2026, 12, 9))  # 3 working days
    with pytest.raises(Refused):
        await ask(cast, "bereavement", date(2026, 12, 14), date(2026, 12, 17))
    await ask(cast, "bereavement", date(2026, 12, 11), date(2026, 12, 15))  # Fri, Mon, Tue: the weekend not counted


async def test_childcare_leave_is_at_most_its_figure_in_a_year(cast, plant):
    await ask(cast, "childcare", date(2026, 11, 2), date(2026, 11, 13))  # 10 working days
    with pytest.raises(Refused) as refused:
        await ask(cast, "childcare", date(2026, 12, 1), date(2026, 12, 1), source="office")
    assert refused.value.params["left"] == "0" and refused.value.params["year"] == 2026
    await ask(cast, "childcare", date(2027, 1, 4), date(2027, 1, 4))  # next year's figure


async def test_annual_leave_across_new_year_counts_against_each_year(cast, plant):
    await ask(cast, "annual", date(2026, 12, 14), date(2026, 12, 17))  # 4 of 2026's 5 days
    # 31 December in 2026 (its last day left), 4 and 5 January (and 1 January unless a holiday) in 2027: accepted,
    # where counting the whole leave in 2026 would refuse it
    await ask(cast, "annual", date(2026, 12, 31), date(2027, 1, 5))
    row = await LeaveRequest.select().where(LeaveRequest.first_day == date(2026, 12, 31)).first().run()
    assert row["halves_first_year"] == 2 and row["halves"] >= 6
    assert (await balances.of_person(cast.worker, 2026)).annual_taken_halves == 10
    assert (await balances.of_person(cast.worker, 2027)).annual_taken_halves == row["halves"] - 2
    with pytest.raises(Refused) as refused:
        await ask(cast, "annual", date(2026, 12, 21), date(2026, 12, 21), source="office")
    assert refused.value.message.startswith("Not enough annual leave") and refused.value.params["days"] == "0"


async def test_last_years_days_carry_over_counted_with_last_years_years_worked(cast, plant):
    # 10 years confirmed on 2026-01-05: 9 in 2025 (5 days), 10 in 2026 (10 days)
    await LeavePerson.update({LeavePerson.years_worked: 10}).where(LeavePerson.employee == cast.worker).run()
    await plant_settings.write(balances.CARRY_OVER_KEY, 5, SYSTEM)
    await ask(cast, "annual", date(2025, 6, 2), date(2025, 6, 3))  # 2 of 2025's 5 days
    balance = await balances.of_person(cast.worker, 2026)
    assert balance.carried_halves == 6  # 3 days left of 5 (not of 10)
    assert balance.annual_halves == 20 + 6


async def test_twelve_consecutive_months_come_from_the_run_of_work(cast, plant):
    await Employee.update({Employee.hire_date: date(2025, 7, 1)}).where(Employee.id == cast.worker).run()
    await (
        LeavePerson.update({LeavePerson.continuous_since: date(2025, 7, 1)})
        .where(LeavePerson.employee == cast.worker)
        .run()
    )
    assert (await balances.of_person(cast.worker, 2025)).annual_halves == 0
    assert (await balances.of_person(cast.worker, 2026)).annual_halves == 4  # floor(184/365 × 5) = 2 days


async def test_time_off_in_lieu_spent_is_recorded_against_the_rest_day_it_replaces(cast, plant):
    for saturday in (date(2026, 11, 7), date(2026, 11, 14)):
        await AttendanceDay.insert(
            AttendanceDay(
                employee=cast.worker,
                work_date=saturday,
                worked_minutes=240,
                overtime_minutes=240,
                overtime_kind="rest_day",
                status="present",
                computed_at=utcnow(),
            )
        ).run()
        await leave_service.bank_lieu(cast.worker, saturday, 240, SYSTEM)
    with pytest.raises(Refused):  # a day without recorded overtime earns nothing
        await leave_service.bank_lieu(cast.worker, date(2026, 11, 21), 60, SYSTEM)
    await ask(cast, "lieu", date(2026, 11, 19), date(2026, 11, 19), half_last=True)  # 4 h: all of 7 November
    await ask(cast, "lieu", date(2026, 11, 20), date(2026, 11, 20), half_last=True)  # 4 h: all of 14 November
    spent = await LieuEntry.select(LieuEntry.work_date, LieuEntry.minutes).where(LieuEntry.minutes < 0).run()
    assert sorted((row["work_date"], row["minutes"]) for row in spent) == [
        (date(2026, 11, 7), -240),
        (date(2026, 11, 14), -240),
    ]
    assert (await balances.of_person(cast.worker, 2026)).lieu_minutes == 0


async def test_hr_records_when_the_run_of_work_began_on_the_balance_page(client, cast, plant):
    from tests.cast import post_form, sign_in

    await Employee.update({Employee.hire_date: date(2026, 7, 1)}).where(Employee.id == cast.worker).run()
    await sign_in(client, "hr")
    await client.get(f"/leave/people/{cast.worker}")
    form = {"years_worked": "8", "confirmed_on": "2026-01-05", "continuous_since": "2026-07-01"}
    response = await post_form(client, f"/leave/people/{cast.worker}/years", form)
    assert response.status_code == 200 and "连续工作起始日" in response.text
    assert (await LeavePerson.select().first().run())["continuous_since"] == date(2026, 7, 1)
    assert (await balances.of_person(cast.worker, 2026)).annual_halves == 0  # 12 months only on 2027-07-01
    bad = await post_form(client, f"/leave/people/{cast.worker}/years", {**form, "continuous_since": "2026-02-30"})
    assert bad.status_code == 422
