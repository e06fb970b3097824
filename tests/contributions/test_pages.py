"""HR's social insurance pages: schemes and versions through the forms, refusals, the not-enrolled warning."""

from __future__ import annotations

from app.contributions.tables import Scheme, SchemeVersion
from tests.cast import post_form, sign_in


async def _scheme(client) -> int:
    await sign_in(client, "hr")
    await client.get("/contributions")
    response = await post_form(client, "/contributions/schemes", {"name": "苏州"})
    assert response.status_code in (200, 303)
    return (await Scheme.objects().get(Scheme.name == "苏州").run()).id


VERSION = {
    "effective_from": "2026-07",
    "floor": "4494",
    "ceiling": "24042",
    "fund_floor": "2490",
    "fund_ceiling": "30000",
    "pension_employer": "16",
    "pension_worker": "8",
    "medical_employer": "7",
    "medical_worker": "2",
    "serious_illness_worker_fixed": "5",
    "unemployment_employer": "0.5",
    "unemployment_worker": "0.5",
    "unemployment_rounding": "10",
    "housing_fund_employer": "7",
    "housing_fund_worker": "7",
}


async def test_hr_adds_a_scheme_and_a_dated_version_with_rates_and_rounding(client, cast):
    scheme = await _scheme(client)
    response = await post_form(client, f"/contributions/schemes/{scheme}/versions", VERSION)
    assert response.status_code in (200, 303)
    row = await SchemeVersion.select().where(SchemeVersion.scheme == scheme).first().output(load_json=True).run()
    assert (row["effective_from"], row["floor_fen"], row["fund_ceiling_fen"]) == ("2026-07", 4_494_00, 30_000_00)
    items = {item["code"]: item for item in row["items"]}
    assert (items["pension"]["employer_rate"], items["unemployment"]["worker_rate"]) == (16000, 500)
    assert (items["unemployment"]["rounding"], items["serious_illness"]["worker_fixed_fen"]) == (10, 5_00)
    page = await client.get(f"/contributions/schemes/{scheme}")
    assert page.status_code == 200 and "2026-07" in page.text and "16% / 8%" in page.text


async def test_a_floor_above_its_ceiling_is_refused_in_chinese_and_nothing_is_saved(client, cast):
    scheme = await _scheme(client)
    response = await post_form(client, f"/contributions/schemes/{scheme}/versions", {**VERSION, "floor": "30000"})
    assert response.status_code == 422 and "下限不能高于上限" in response.text
    bad_rate = await post_form(client, f"/contributions/schemes/{scheme}/versions", {**VERSION, "pension_worker": "八"})
    assert bad_rate.status_code == 422
    assert await SchemeVersion.count().run() == 0


async def test_the_warning_lists_the_worker_started_long_ago_and_not_enrolled(client, cast):
    await sign_in(client, "hr")
    page = await client.get("/contributions")
    assert page.status_code == 200 and "张伟" in page.text and 'name="waive' not in page.text


async def test_a_supervisor_cannot_open_the_schemes(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get("/contributions")).status_code == 403


async def test_every_net_pay_page_answers_in_both_languages(client, cast):
    scheme = await _scheme(client)
    pages = [
        "/contributions",
        f"/contributions/schemes/{scheme}",
        "/netpay",
        f"/netpay/people/{cast.worker}",
        "/netpay/2026-11",
        "/netpay/questions",
        "/tax/import",
        "/tax/import?kind=deductions",
    ]
    for language, word in (("zh_CN", "社保"), ("en", "Social insurance")):
        await client.get(f"/lang/{language}", headers={"referer": "http://floorhr.test/contributions"})
        for page in pages:
            response = await client.get(page)
            assert response.status_code == 200, (language, page)
            assert word in response.text, (language, page)
    refused = await post_form(client, f"/contributions/schemes/{scheme}/versions", {**VERSION, "floor": "30000"})
    assert refused.status_code == 422 and "A floor must not be above its ceiling." in refused.text
    assert (await client.get("/netpay/2026-13")).status_code == 422
