"""Numbers typed or sent in other scripts' digits ("²", "①", Arabic-Indic) are refused or ignored, never a 500:
str.isdigit() says yes to them and int() then raises (app.forms.parse_int is the one parser)."""

from __future__ import annotations

import pytest

from app.attendance.tables import Shift
from tests.cast import post_form, sign_in

ODD = ("²", "①", "١٢", "9" * 20)


@pytest.mark.parametrize("odd", ODD)
async def test_hr_forms_refuse_odd_digits_with_a_message_and_store_nothing(client, cast, odd):
    await sign_in(client, "hr")
    shift = {"code": "Z", "name": "测试班", "start": "08:00", "end": "17:00", "grace_late_minutes": odd}
    answer = await post_form(client, "/attendance/shifts", shift)
    assert answer.status_code == 422 and await Shift.count().where(Shift.code == "Z").run() == 0
    assert (await post_form(client, "/attendance/shifts/overtime-unit", {"unit": odd})).status_code < 500
    grid = {"day": "2026-11-24", f"code_{odd}": "W0001", f"in_{odd}": "08:00", "reason": "忘打卡"}
    assert (await post_form(client, "/attendance/manual/preview", grid)).status_code < 500
    assert (await client.get(f"/attendance/calendar?year={odd}")).status_code < 500
