"""The planner's settings page (HR): minimum rest and goal weights, validated, audited, read by the planner."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from app.audit.tables import AuditLog
from app.people import plant_settings
from app.planning import inputs, rules
from tests.cast import csrf_token, make_user, sign_in

DEFAULTS = {"cover": "1000", "keep": "30", "stable": "10", "fair": "5", "preference": "4", "overtime": "1"}


async def _post(client, data: dict):
    return await client.post(
        "/planning/settings", data={**data, "_csrf_token": csrf_token(client)}, follow_redirects=False
    )


async def test_hr_sets_the_minimum_rest_and_weights_and_the_planner_uses_them(client, cast):
    await sign_in(client, "hr")
    page = await client.get("/planning/settings")
    assert page.status_code == 200 and 'value="11"' in page.text and "排班目标的权重" in page.text
    saved = await _post(client, {**DEFAULTS, "rest_hours": "12", "rest_minutes": "30", "preference": "40"})
    assert saved.status_code == 303
    problem = await inputs.load_problem([cast.line_a], date(2026, 11, 30), date(2026, 12, 6), ZoneInfo("UTC"))
    assert problem.minimum_rest == 750
    assert problem.weights == rules.Weights(preference=40)
    actions = [row["entity_id"] for row in await AuditLog.select().where(AuditLog.entity == "plant_setting").run()]
    assert sorted(actions) == sorted([inputs.MINIMUM_REST_KEY, inputs.WEIGHTS_KEY])
    again = await _post(client, {**DEFAULTS, "rest_hours": "12", "rest_minutes": "30", "preference": "40"})
    assert again.status_code == 303
    assert await AuditLog.count().where(AuditLog.entity == "plant_setting").run() == 2, "nothing changed: no entry"


async def test_bad_settings_are_refused_in_chinese_and_nothing_changes(client, cast):
    await sign_in(client, "hr")
    cases = [
        ({**DEFAULTS, "rest_hours": "5"}, "6 到 24 小时"),
        ({**DEFAULTS, "rest_hours": "24", "rest_minutes": "30"}, "6 到 24 小时"),
        ({**DEFAULTS, "rest_hours": "11", "cover": "50"}, "50"),  # 30 + 10 + 5 + 4 + 1 = 50 others: not more
        ({**DEFAULTS, "rest_hours": "11", "keep": "-3"}, ""),
        ({**DEFAULTS, "rest_hours": "abc"}, ""),
        ({**DEFAULTS, "rest_hours": "11", "fair": "9" * 40}, ""),
    ]
    for form, said in cases:
        response = await _post(client, form)
        assert response.status_code == 422 and said in response.text, form
    refused = await _post(client, {**DEFAULTS, "rest_hours": "11", "cover": "50"})
    assert "补满岗位的权重必须大于其他各项权重之和" in refused.text
    assert await plant_settings.read(inputs.WEIGHTS_KEY) is None
    assert await plant_settings.read(inputs.MINIMUM_REST_KEY) is None


async def test_only_hr_changes_the_planner_settings(client, cast):
    await make_user("head-b", "dept_head", cast.supervisor_b)
    await sign_in(client, "head-b")
    assert (await client.get("/planning/settings")).status_code in (401, 403)
    assert (await _post(client, {**DEFAULTS, "rest_hours": "8"})).status_code in (401, 403)
    assert await plant_settings.read(inputs.MINIMUM_REST_KEY) is None
