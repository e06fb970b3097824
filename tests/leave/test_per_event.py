"""A per-event leave asked for in several requests: together they stay within the event's figure (RULES.md, "Leave":
marriage, bereavement, paternity and maternity leave are figures per event)."""

from __future__ import annotations

from datetime import date

import pytest

from app.audit.service import SYSTEM
from app.errors import Refused
from app.leave import forms, rules
from app.leave.requests import RequestInput, cancel, request_leave
from app.leave.tables import LeaveRequest
from app.people.tables import Employee
from tests.cast import htmx_target, post_form, sign_in
from tests.leave.factories import head_of_line_a, line_a_on_day_shift, years_worked

D = date


@pytest.mark.parametrize(
    ("code", "leave", "others", "halves"),
    [
        ("marriage", (D(2026, 12, 14), D(2026, 12, 14)), [(D(2026, 12, 7), D(2026, 12, 8), 4)], 4),  # one wedding
        ("marriage", (D(2026, 12, 14), D(2026, 12, 14)), [(D(2027, 2, 20), D(2027, 2, 22), 6)], 0),  # 67 days apart
        ("marriage", (D(2026, 12, 1), D(2026, 12, 1)), [(D(2026, 10, 1), D(2026, 10, 31), 2)], 2),  # 30 days between
        ("marriage", (D(2026, 12, 2), D(2026, 12, 2)), [(D(2026, 10, 1), D(2026, 10, 31), 2)], 0),  # 31 days between
        # a chain: 1 Dec is near 17 Dec only through 9 Dec; all three are one event
        (
            "bereavement",
            (D(2026, 12, 1), D(2026, 12, 1)),
            [(D(2026, 12, 17), D(2026, 12, 17), 2), (D(2026, 12, 9), D(2026, 12, 9), 1)],
            3,
        ),
        ("bereavement", (D(2026, 12, 1), D(2026, 12, 1)), [(D(2026, 12, 9), D(2026, 12, 9), 2)], 2),  # 7 days between
        ("bereavement", (D(2026, 12, 1), D(2026, 12, 1)), [(D(2026, 12, 10), D(2026, 12, 10), 2)], 0),  # 8 days between
        (
            "maternity",
            (D(2027, 1, 1), D(2027, 3, 24)),
            [(D(2026, 12, 17), D(2026, 12, 31), 30)],
            30,
        ),  # before the birth
        (
            "annual",
            (D(2026, 12, 14), D(2026, 12, 14)),
            [(D(2026, 12, 7), D(2026, 12, 8), 4)],
            0,
        ),  # no event: a yearly figure
    ],
)
def test_leave_of_one_event_is_found_among_the_persons_other_requests(code, leave, others, halves):
    found = rules.event_halves(code, rules.Taken(*leave, 2), [rules.Taken(*other) for other in others])
    assert found == halves


@pytest.fixture
async def plant(cast):
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 8)
    await head_of_line_a(cast)


async def ask(cast, code: str, first: date, last: date, source: str = "office"):
    return await request_leave(RequestInput(cast.worker, code, first, last), source, SYSTEM)


async def test_two_requests_for_one_wedding_cannot_together_pass_marriage_leave(cast, plant):
    await ask(cast, "marriage", D(2026, 12, 7), D(2026, 12, 8))  # Monday and Tuesday: 2 of the 3 days
    with pytest.raises(Refused) as refused:  # Monday and Tuesday of the next week: 4 days for one wedding
        await ask(cast, "marriage", D(2026, 12, 14), D(2026, 12, 15))
    assert refused.value.message.startswith("%(type)s is at most %(days)s days for one event: %(taken)s already")
    assert refused.value.params == {"type": "婚假", "days": 3, "taken": "2", "asked": "2"}
    assert await LeaveRequest.count().run() == 1
    await ask(cast, "marriage", D(2026, 12, 14), D(2026, 12, 14))  # the third day is still there
    assert await LeaveRequest.count().run() == 2


async def test_a_recorded_bereavement_leave_counts_and_a_cancelled_one_gives_its_days_back(cast, plant):
    await ask(cast, "bereavement", D(2026, 12, 7), D(2026, 12, 8), source="record")  # approved at once: 2 of 3
    with pytest.raises(Refused):
        await ask(cast, "bereavement", D(2026, 12, 10), D(2026, 12, 11))
    pending = await ask(cast, "bereavement", D(2026, 12, 10), D(2026, 12, 10))  # the third day
    await cancel(pending, SYSTEM, D(2026, 11, 25))
    await ask(cast, "bereavement", D(2026, 12, 11), D(2026, 12, 11))  # cancelled: that day may be asked again
    await ask(cast, "bereavement", D(2027, 3, 1), D(2027, 3, 3))  # months later: another death, its own 3 days
    statuses = [row["status"] for row in await LeaveRequest.select(LeaveRequest.status).run()]
    assert sorted(statuses) == ["approved", "cancelled", "pending", "pending"]


async def test_the_office_form_refuses_the_second_request_in_chinese_and_saves_nothing(client, cast, plant):
    await sign_in(client, "sup-a")
    form = {"employee_id": str(cast.worker), "type_code": "marriage", "event_date": "2026-12-05"}
    await post_form(client, "/leave", {**form, "first": "2026-12-07", "last": "2026-12-09"})
    response = await post_form(
        client, "/leave", {**form, "first": "2026-12-14", "last": "2026-12-14"}, headers=htmx_target("leave-form")
    )
    assert response.status_code == 422 and "<html" not in response.text
    assert "婚假每次最多 3 天：本次事由已申请 3 天，所选日期共 1 天。" in response.text
    assert await LeaveRequest.count().run() == 1


# -- maternity leave after a miscarriage (Special Rules art. 7: 15 days before 4 months of pregnancy, 42 from 4) ----


@pytest.mark.parametrize(
    ("figure", "months", "allowed"),
    [
        (98, 1, 15),
        (98, 3, 15),  # before 4 months
        (98, 4, 42),  # from 4 months
        (98, 7, 42),
        (158, 3, 15),  # a province's longer maternity leave is for a birth: a miscarriage keeps the national days
        (158, None, 158),  # a birth
    ],
)
def test_a_miscarriage_allows_15_or_42_days_by_the_months_of_pregnancy(figure, months, allowed):
    assert rules.event_days_allowed("maternity", figure, pregnancy_months=months) == allowed


@pytest.mark.parametrize(
    ("months", "last"),
    [("3", D(2026, 12, 15)), ("4", D(2027, 1, 11)), ("", D(2027, 3, 8))],  # 15, 42, 98 calendar days from 1 December
)
def test_an_empty_last_day_runs_the_miscarriage_days_from_the_first(months, last):
    data = forms.parse_request(
        {
            "type_code": "maternity",
            "first": "2026-12-01",
            "last": "",
            "pregnancy_months": months,
            "event_date": "2026-12-01",
        },
        employee_id=1,
    )
    assert data.last == last and data.pregnancy_months == (int(months) if months else None)


@pytest.mark.parametrize("months", ["0", "11", "abc", "3.5"])
def test_months_of_pregnancy_outside_1_to_10_are_refused_on_their_field(months):
    with pytest.raises(Refused) as refused:
        forms.parse_request({"type_code": "maternity", "first": "2026-12-01", "pregnancy_months": months}, 1)
    assert refused.value.field == "pregnancy_months"


def test_months_of_pregnancy_mean_nothing_for_another_type():
    data = forms.parse_request({"type_code": "sick", "first": "2026-12-01", "pregnancy_months": "abc"}, 1)
    assert data.pregnancy_months is None


async def test_a_miscarriage_before_4_months_is_refused_a_16th_day(cast, plant):
    await Employee.update({Employee.gender: "F"}).where(Employee.id == cast.worker).run()
    early = RequestInput(cast.worker, "maternity", D(2026, 12, 1), D(2026, 12, 16), pregnancy_months=3)
    with pytest.raises(Refused) as refused:
        await request_leave(early, "office", SYSTEM)
    assert refused.value.params["days"] == 15 and refused.value.params["asked"] == "16"
    later = RequestInput(cast.worker, "maternity", D(2026, 12, 1), D(2027, 1, 11), pregnancy_months=4)
    await request_leave(later, "office", SYSTEM)  # 42 calendar days at 4 months
    assert (await LeaveRequest.select(LeaveRequest.halves).first().run())["halves"] == 84


async def test_the_office_form_counts_a_miscarriage_at_5_months_as_42_days(client, cast, plant):
    await Employee.update({Employee.gender: "F"}).where(Employee.id == cast.worker).run()
    await sign_in(client, "hr")
    form = {
        "employee_id": str(cast.worker),
        "type_code": "maternity",
        "first": "2026-12-01",
        "last": "",
        "event_date": "2026-11-30",
    }
    bad = await post_form(client, "/leave", {**form, "pregnancy_months": "12"}, headers=htmx_target("leave-form"))
    assert bad.status_code == 422 and "<html" not in bad.text and 'id="pregnancy_months-error"' in bad.text
    assert await LeaveRequest.count().run() == 0
    await post_form(client, "/leave", {**form, "pregnancy_months": "5"})
    row = await LeaveRequest.select(LeaveRequest.last_day, LeaveRequest.halves).first().run()
    assert (row["last_day"], row["halves"]) == (D(2027, 1, 11), 84)
