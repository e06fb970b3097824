"""Leave counts on the plant's date, not the machine's: at 00:30 in Shanghai it is still yesterday in UTC, and the
medical period and the opening balances' dates follow the plant (the tests' clock, in the plant's zone)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.leave.tables import LeavePerson
from app.people.tables import Employee
from tests.cast import sign_in
from tests.leave.factories import line_a_on_day_shift, years_worked

# 00:30 on 25 November at the plant (Asia/Shanghai), on a machine whose own zone is UTC: still the 24th there.
# time-machine takes the machine's zone from the moment's (ZoneInfo("UTC")); the plant's zone stays the settings'.
MACHINE_EVENING = datetime(2026, 11, 24, 16, 30, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def machine_in_utc(clock):
    """The clock just after the plant's midnight, the machine in UTC: its date.today() is the day before the plant's."""
    clock.move_to(MACHINE_EVENING)
    assert date.today() == date(2026, 11, 24)


async def test_the_medical_period_counts_years_here_to_the_plant_s_date(client, cast, machine_in_utc):
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 8)  # under 10 years in all: 3 months under 5 years here, 6 from 5
    await Employee.update({Employee.hire_date: date(2021, 11, 25)}).where(Employee.id == cast.worker).run()
    await sign_in(client, "hr")
    page = await client.get(f"/leave/people/{cast.worker}")
    assert 'id="medical-months">6<' in page.text  # 5 years here on the plant's 25 November (4 on the machine's 24th)


async def test_opening_balances_are_confirmed_on_the_plant_s_date(client, cast, machine_in_utc):
    await line_a_on_day_shift(cast)
    await sign_in(client, "hr")
    token = {"_csrf_token": client.cookies.get("floorhr_csrf")}
    content = "工号,工作年限,连续工作起始日\nW0001,8,2026-11-25\n".encode()  # began today: not after the plant's today
    checked = await client.post("/leave/opening", data=token, files={"file": ("opening.csv", content, "text/csv")})
    assert checked.status_code == 200 and 'id="import-opening"' in checked.text
    saved = checked.text.split('name="token" value="')[1].split('"')[0]
    await client.post("/leave/opening", data={**token, "token": saved, "commit": "1"})
    row = await LeavePerson.select().where(LeavePerson.employee == cast.worker).first().run()
    assert (row["years_confirmed_on"], row["continuous_since"]) == (date(2026, 11, 25), date(2026, 11, 25))
