"""Opening balances with when each person's unbroken run of work began (连续工作起始日): checked row by row, shown in the
preview, imported with the rest or not at all; the 12 consecutive months then decide annual leave."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import Workbook

from app.leave import opening
from app.leave.balances import of_person
from app.leave.tables import LeavePerson
from tests.cast import post_form, sign_in
from tests.leave.factories import line_a_on_day_shift, years_worked

TODAY = date(2026, 11, 25)
HEADER = ["工号", "工作年限", "连续工作起始日"]


@pytest.mark.parametrize(
    ("cell", "since", "problem"),
    [
        ("2020-03-01", date(2020, 3, 1), False),
        ("2020/3/1", date(2020, 3, 1), False),
        (datetime(2021, 7, 1), date(2021, 7, 1), False),  # an Excel date cell
        (date(2021, 7, 1), date(2021, 7, 1), False),
        ("", None, False),  # not known: the years worked decide alone
        ("2020-13-01", None, True),
        ("last spring", None, True),
        ("2026-11-26", None, True),  # after today
        ("1949-12-31", None, True),
        (45000, None, True),  # an Excel serial number without a date format
    ],
)
def test_the_run_of_work_column_is_read_as_a_date_no_later_than_today(cell, since, problem):
    found = opening.parse([HEADER, ["W0001", "8", cell]], TODAY)
    row = found.rows[0]
    assert row.continuous_since == since and (opening.BAD_SINCE in row.problems) is problem
    assert found.ok is not problem


@pytest.fixture
async def plant(cast):
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 8)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


async def _check(client, content: bytes, name: str = "opening.xlsx"):
    token = {"_csrf_token": client.cookies.get("floorhr_csrf")}
    return await client.post("/leave/opening", data=token, files={"file": (name, content, "application/octet-stream")})


async def test_hr_imports_the_run_of_work_from_excel_and_annual_leave_waits_for_12_months(client, cast, plant):
    await sign_in(client, "hr")
    assert (await of_person(cast.worker, 2026)).annual_halves == 10  # 8 years worked, no break known: 5 days
    bad = await _check(client, "工号,工作年限,连续工作起始日\nW0001,8,2026-02-30\n".encode(), "opening.csv")
    assert bad.status_code == 422 and "连续工作起始日须为日期" in bad.text and 'id="import-opening"' not in bad.text
    assert await LeavePerson.count().where(LeavePerson.continuous_since.is_not_null()).run() == 0
    checked = await _check(client, _xlsx([HEADER, ["W0001", 8, datetime(2026, 3, 1)]]))
    assert checked.status_code == 200 and "2026-03-01" in checked.text and 'id="import-opening"' in checked.text
    saved = checked.text.split('name="token" value="')[1].split('"')[0]
    await post_form(client, "/leave/opening", {"token": saved, "commit": "1"})
    balance = await of_person(cast.worker, 2026)
    assert balance.continuous_since == date(2026, 3, 1) and balance.years_worked == 8
    assert balance.annual_halves == 0  # a run begun on 2026-03-01 reaches 12 months in 2027
    assert (await of_person(cast.worker, 2027)).annual_halves == 2 * 4  # floor(306/365 × 5) from 2027-03-01
