"""Every leave and approvals page answers each role in both languages, never with a 500; HTMX gets fragments."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from app.leave.tables import LeaveRequest
from tests.cast import htmx_target, post_form, sign_in
from tests.leave.factories import head_of_line_a, line_a_on_day_shift, years_worked

PAGES = {
    "hr": ["/leave", "/leave/types", "/leave/balances", "/approvals", "/leave/people/{worker}"],
    "sup-a": ["/leave", "/approvals", "/leave/people/{worker}"],
    "head-a": ["/leave", "/approvals", "/leave/people/{worker}"],
}


@pytest.fixture
async def plant(cast):
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 12)
    await head_of_line_a(cast)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("username", sorted(PAGES))
async def test_every_page_answers_each_role_in_both_languages(client, cast, plant, username, language):
    await sign_in(client, username)
    await post_form(
        client,
        "/leave",
        {"employee_id": str(cast.worker), "type_code": "annual", "first": "2026-12-01", "last": "2026-12-01"},
    )
    client.cookies.set("floorhr_lang", language)
    request = await LeaveRequest.select(LeaveRequest.id).first().run()
    for page in PAGES[username] + [f"/leave/requests/{request['id']}"]:
        response = await client.get(page.format(worker=cast.worker))
        assert response.status_code == 200, (page, response.text[-500:])
    english = (await client.get("/leave")).text
    assert ("Enter leave for a worker" in english) is (language == "en")


async def test_a_supervisor_of_line_b_cannot_see_line_a_s_leave(client, cast, plant):
    await sign_in(client, "sup-b")
    assert (await client.get(f"/leave/people/{cast.worker}")).status_code == 404
    response = await post_form(
        client,
        "/leave",
        {"employee_id": str(cast.worker), "type_code": "annual", "first": "2026-12-01", "last": "2026-12-01"},
    )
    assert response.status_code == 403 and await LeaveRequest.count().run() == 0


async def test_bad_input_answers_422_with_the_message_and_the_form_fragment(client, cast, plant):
    await sign_in(client, "hr")
    response = await post_form(
        client,
        "/leave",
        {"employee_id": str(cast.worker), "type_code": "annual", "first": "12/1/2026"},
        headers=htmx_target("leave-form"),
    )
    assert response.status_code == 422 and "<html" not in response.text and "YYYY-MM-DD" in response.text
    types = await post_form(client, "/leave/types/sick", {"paid_percent": "150", "unit": "working"})
    assert types.status_code == 422 and "0 到 100" in types.text


async def test_hr_sets_the_province_figures_and_exports_every_balance(client, cast, plant):
    await sign_in(client, "hr")
    await post_form(
        client,
        "/leave/types/marriage",
        {"paid_percent": "100", "unit": "calendar", "days": "13", "evidence": "1", "active": "1"},
    )
    page = await client.get("/leave/types")
    assert 'value="13"' in page.text
    export = await client.get("/leave/balances.xlsx?year=2026")
    sheet = load_workbook(BytesIO(export.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["W0001"][4] == 10 and sheet.cell(1, 1).value == "员工编号"


async def test_opening_balances_are_imported_only_when_every_row_is_right(client, cast, plant):
    from app.leave.balances import of_person

    await sign_in(client, "hr")
    token = {"_csrf_token": client.cookies.get("floorhr_csrf")}
    bad = "工号,工作年限,年休假已休,调休\nW0001,12,2.5,7.5\nNOPE,3,1,0\nS0001,x,0.3,\n".encode()
    preview = await client.post("/leave/opening", data=token, files={"file": ("opening.csv", bad, "text/csv")})
    assert preview.status_code == 422 and "没有此工号的员工" in preview.text and "须为整天或半天" in preview.text
    assert 'id="import-opening"' not in preview.text
    good = "工号,工作年限,年休假已休,调休\nW0001,12,2.5,7.5\n".encode()
    checked = await client.post("/leave/opening", data=token, files={"file": ("opening.csv", good, "text/csv")})
    assert checked.status_code == 200 and 'id="import-opening"' in checked.text
    saved = checked.text.split('name="token" value="')[1].split('"')[0]
    await post_form(client, "/leave/opening", {"token": saved, "commit": "1"})
    balance = await of_person(cast.worker, 2026)
    assert (balance.years_worked, balance.annual_taken_halves, balance.lieu_minutes) == (12, 5, 450)


async def test_hr_lets_unused_annual_leave_carry_over_and_the_medical_period_shows(client, cast, plant):
    from datetime import date

    from app.audit.service import SYSTEM
    from app.leave.requests import RequestInput, request_leave

    await request_leave(RequestInput(cast.worker, "annual", date(2025, 6, 2), date(2025, 6, 4)), "record", SYSTEM)
    await sign_in(client, "hr")
    before = await client.get(f"/leave/people/{cast.worker}")
    assert 'id="annual-left">10<' in before.text and 'id="medical-months">6<' in before.text  # 12 years, 2 here
    await post_form(client, "/leave/types/carry-over", {"days": "5"})
    after = await client.get(f"/leave/people/{cast.worker}")
    assert 'id="annual-left">15<' in after.text  # 2025: 10 − 3 = 7 left, 5 of them carried into 2026
    assert (await post_form(client, "/leave/types/carry-over", {"days": "99"})).status_code == 422
