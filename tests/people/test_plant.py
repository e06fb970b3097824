"""The Plant page: HR names the employer (contracts, ledger, certificates) and the badge pick-up place."""

from __future__ import annotations

import pytest

from app.audit.tables import AuditLog
from app.onboarding import induction, signing
from app.payroll import queries as payroll
from app.people.tables import PlantSetting
from tests.cast import post_form, sign_in

NAME = "苏州华美精密制造有限公司"


async def test_hr_names_the_employer_and_contracts_payslips_and_the_kiosk_use_it(client, cast):
    assert await signing.company_name() == "本公司"  # until HR names it
    await sign_in(client, "hr")
    page = await client.get("/plant")
    assert page.status_code == 200 and "用人单位名称" in page.text and "新员工领取工牌的地点" in page.text
    saved = await post_form(client, "/plant", {"plant_name": f"  {NAME} ", "badge_pickup": "二号门人事窗口"})
    assert saved.status_code == 200 and str(saved.url).endswith("/plant?saved=1")  # back on the page
    assert "已保存" in saved.text and f'value="{NAME}"' in saved.text
    assert await signing.company_name() == NAME
    assert await payroll.plant_name() == NAME
    assert await induction.pickup_place() == "二号门人事窗口"
    rows = await PlantSetting.select().where(PlantSetting.key.is_in(["plant_name", "onboarding_badge_pickup"])).run()
    assert len(rows) == 2 and all(row["change_no"] > 0 for row in rows)  # kiosk nodes pull them
    logged = (
        await AuditLog.select(AuditLog.entity_id, AuditLog.actor).where(AuditLog.action == "plant_setting.update").run()
    )
    assert sorted(row["entity_id"] for row in logged) == ["onboarding_badge_pickup", "plant_name"]
    unchanged = await post_form(client, "/plant", {"plant_name": NAME, "badge_pickup": "二号门人事窗口"})
    assert unchanged.status_code == 200
    assert await AuditLog.count().where(AuditLog.action == "plant_setting.update").run() == 2  # nothing new to log


async def test_an_empty_or_overlong_name_is_refused_and_changes_nothing(client, cast):
    await sign_in(client, "hr")
    await post_form(client, "/plant", {"plant_name": NAME, "badge_pickup": ""})
    empty = await post_form(client, "/plant", {"plant_name": " ", "badge_pickup": "一楼"})
    assert empty.status_code == 422 and "请填写劳动合同上的用人单位名称" in empty.text and "未保存" in empty.text
    long = await post_form(client, "/plant", {"plant_name": "厂" * 101, "badge_pickup": ""})
    assert long.status_code == 422 and "最多 100 个字符" in long.text
    assert await signing.company_name() == NAME and await induction.pickup_place() == ""


async def test_a_supervisor_may_not_change_the_plant(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get("/plant")).status_code == 403
    refused = await post_form(client, "/plant", {"plant_name": "别的公司", "badge_pickup": ""})
    assert refused.status_code == 403 and await PlantSetting.count().run() == 0


@pytest.mark.parametrize(
    "pay_day, status", [("15", 200), ("31", 200), ("", 200), ("0", 422), ("32", 422), ("十五", 422), ("9" * 30, 422)]
)
async def test_the_employer_s_contract_details_and_a_pay_day_from_1_to_31(client, cast, pay_day, status):
    from app.people import plant_settings

    await sign_in(client, "hr")
    response = await post_form(
        client,
        "/plant",
        {"plant_name": NAME, "employer_address": "苏州市星湖街1号", "legal_representative": "李明", "pay_day": pay_day},
    )
    assert response.status_code == status
    if status == 200:
        assert await plant_settings.read_text(plant_settings.PAY_DAY) == pay_day
        assert await plant_settings.read_text(plant_settings.LEGAL_REPRESENTATIVE) == "李明"
    else:
        assert "1 至 31" in response.text and await plant_settings.read_text(plant_settings.PAY_DAY) == ""


async def test_the_new_employee_form_suggests_the_next_code_of_the_plant_s_pattern(client, cast):
    await sign_in(client, "hr")
    assert 'value="S0003"' in (await client.get("/people/new")).text  # the cast's codes: S0001, S0002, W0001
    refused = await post_form(client, "/plant", {"plant_name": "某厂", "code_pattern": "W##"})
    assert refused.status_code == 422 and "3 到 8 个 #" in refused.text
    await post_form(client, "/plant", {"plant_name": "某厂", "code_pattern": "w####"})
    assert 'value="W0002"' in (await client.get("/people/new")).text
