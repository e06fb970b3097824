"""HR corrects or deletes a safety incident (audited); once a closed period counted it, both are refused in Chinese
and nothing changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.appraisal import periods, results
from app.appraisal.tables import SafetyIncident, SafetyIncidentPerson
from app.audit.service import SYSTEM
from app.audit.tables import AuditLog
from tests.appraisal.factories import OCTOBER, line_a_scheme, worked_days
from tests.attendance.factories import PLANT
from tests.cast import post_form, sign_in

MONTH_END = (OCTOBER + timedelta(days=31)).replace(day=1) - timedelta(days=1)  # the month before the tests' clock
INCIDENT = {
    "occurred_on": (OCTOBER + timedelta(days=13)).isoformat(),
    "people": "W0001",
    "severity": "serious",
    "summary": "冲床夹伤左手",
}


async def _recorded(client) -> int:
    await sign_in(client, "hr")
    assert (await post_form(client, "/appraisal/safety", INCIDENT)).status_code == 200
    return (await SafetyIncident.select().first().run())["id"]


async def _closed_october_counting_safety(cast) -> None:
    scheme_id = await line_a_scheme(cast, weight_lateness="0", weight_safety="10", penalty_safety="20")
    await worked_days(cast.worker, OCTOBER, 20)
    period_id = await periods.open_period(scheme_id, f"{OCTOBER:%Y-%m}", PLANT, SYSTEM)
    await periods.fill(period_id, PLANT, SYSTEM)
    for person in (cast.worker, cast.supervisor_a):
        await periods.enter_scores(period_id, person, {"score_supervisor": "80"}, PLANT, SYSTEM)
    await results.close(period_id, PLANT, SYSTEM)


async def test_hr_corrects_an_incident_and_the_audit_log_names_it(client, cast):
    incident = await _recorded(client)
    page = await client.get("/appraisal/safety")
    assert f'href="/appraisal/safety/{incident}"' in page.text
    form = await client.get(f"/appraisal/safety/{incident}")
    assert form.status_code == 200 and 'value="W0001"' in form.text and "冲床夹伤左手" in form.text
    changed = {**INCIDENT, "severity": "minor", "people": "W0001 S0001", "summary": "冲床擦伤，已包扎"}
    assert (await post_form(client, f"/appraisal/safety/{incident}", changed)).status_code == 200
    row = await SafetyIncident.select().where(SafetyIncident.id == incident).first().run()
    assert (row["severity"], row["summary"]) == ("minor", "冲床擦伤，已包扎")
    assert {r["employee"] for r in await SafetyIncidentPerson.select().run()} == {cast.worker, cast.supervisor_a}
    log = (await client.get("/audit")).text
    assert "安全事故 · 修改" in log


async def test_hr_deletes_an_incident_recorded_by_mistake(client, cast):
    incident = await _recorded(client)
    assert (await post_form(client, f"/appraisal/safety/{incident}/delete", {})).status_code == 200
    assert await SafetyIncident.count().run() == 0 and await SafetyIncidentPerson.count().run() == 0
    entry = await AuditLog.select().where(AuditLog.action == "safety_incident.delete").first().run()
    assert entry is not None
    assert (await client.get(f"/appraisal/safety/{incident}")).status_code == 404
    assert (await post_form(client, f"/appraisal/safety/{incident}/delete", {})).status_code == 404


@pytest.mark.parametrize("action", ["edit", "delete", "move_in"])
async def test_an_incident_a_closed_period_counted_can_no_longer_change(client, cast, action):
    incident = await _recorded(client)
    if action == "move_in":  # a November incident moved into the closed October is refused too
        await (
            SafetyIncident.update({SafetyIncident.occurred_on: MONTH_END + timedelta(days=2)})
            .where(SafetyIncident.id > 0)
            .run()
        )
    await _closed_october_counting_safety(cast)
    if action == "delete":
        response = await post_form(client, f"/appraisal/safety/{incident}/delete", {})
    else:
        response = await post_form(client, f"/appraisal/safety/{incident}", {**INCIDENT, "severity": "minor"})
    assert response.status_code == 422
    assert f"已结束的考核期（{OCTOBER} – {MONTH_END}）" in response.text and "不能再修改或删除" in response.text
    row = await SafetyIncident.select().first().run()
    assert row["severity"] == "serious"
    assert await SafetyIncidentPerson.count().run() == 1


async def test_only_hr_corrects_or_deletes_incidents(client, cast):
    incident = await _recorded(client)
    await post_form(client, "/logout", {})
    await sign_in(client, "sup-a")
    assert (await client.get(f"/appraisal/safety/{incident}")).status_code == 403
    assert (await post_form(client, f"/appraisal/safety/{incident}/delete", {})).status_code == 403
    assert await SafetyIncident.count().run() == 1


async def test_a_bad_correction_is_refused_in_chinese_and_nothing_changes(client, cast):
    incident = await _recorded(client)
    response = await post_form(client, f"/appraisal/safety/{incident}", {**INCIDENT, "people": "W9999"})
    assert response.status_code == 422 and "没有工号为 W9999 的员工" in response.text
    assert {r["employee"] for r in await SafetyIncidentPerson.select().run()} == {cast.worker}
