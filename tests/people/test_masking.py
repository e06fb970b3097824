"""Personal data masked by role: HR sees the full phone and birth date, a supervisor or head masked."""

from __future__ import annotations

from datetime import date

import pytest

from app.people import masking
from app.people.tables import Department
from tests.cast import make_employee, make_user, sign_in


@pytest.mark.parametrize(
    "phone,shown",
    [("13800138000", "138****8000"), ("+8613800138000", "+86*******8000"), ("5551234", "*****34"), ("", "")],
)
def test_phone_masking_keeps_only_the_ends(phone, shown):
    assert masking.mask_phone(phone) == shown


def test_hr_sees_everything_and_others_see_the_birth_year_only():
    assert masking.personal_fields("13800138000", date(1990, 5, 17), ("hr",)) == {
        "phone": "13800138000",
        "birth_date": "1990-05-17",
    }
    assert masking.personal_fields("13800138000", date(1990, 5, 17), ("supervisor",)) == {
        "phone": "138****8000",
        "birth_date": "1990-**-**",
    }


async def test_hr_sees_the_full_phone_on_the_employee_page_and_card(client, cast):
    await sign_in(client, "hr")
    assert "13800138000" in (await client.get(f"/people/{cast.worker}")).text
    card = (await client.get(f"/staff/{cast.worker}")).text
    assert 'id="phone">13800138000<' in card and 'id="birth-date">1990-05-17<' in card


async def test_a_supervisor_sees_their_worker_masked_and_not_the_hr_page(client, cast):
    await sign_in(client, "sup-a")
    card = await client.get(f"/staff/{cast.worker}")
    assert card.status_code == 200 and 'id="phone">138****8000<' in card.text and "13800138000" not in card.text
    assert 'id="birth-date">1990-**-**<' in card.text and "05-17" not in card.text
    assert (await client.get(f"/people/{cast.worker}")).status_code == 403


async def test_a_supervisor_cannot_look_up_another_departments_people(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get(f"/staff/{cast.supervisor_b}")).status_code == 403


async def test_a_department_head_sees_people_of_the_department_masked(client, cast):
    head = await make_employee("H0001", "部门长", cast.line_b)
    await Department.update({Department.head: head}).where(Department.id == cast.line_b).run()
    await make_user("head-b", "dept_head", head)
    await sign_in(client, "head-b")
    card = await client.get(f"/staff/{cast.supervisor_b}")
    assert card.status_code == 200 and 'id="phone">138****8000<' in card.text
    assert (await client.get(f"/staff/{cast.worker}")).status_code == 403  # line A is not theirs
