"""HR manages an employee's badges and cards from their page, and prints badge sheets."""

from __future__ import annotations

from app.audit.tables import AuditLog
from app.badges.sheet import qr_svg
from app.badges.tables import Credential, KioskPin
from app.people.tables import Employee
from tests.cast import htmx_target, make_employee, post_form, sign_in

FRAGMENT = htmx_target("credentials")


async def test_the_employee_page_loads_the_credentials_fragment(client, cast):
    await sign_in(client, "hr")
    page = await client.get(f"/people/{cast.worker}")
    assert f'hx-get="/people/{cast.worker}/credentials"' in page.text
    fragment = await client.get(f"/people/{cast.worker}/credentials", headers=FRAGMENT)
    assert "<html" not in fragment.text and "还没有工牌或卡" in fragment.text and "发放工牌" in fragment.text


async def test_hr_issues_then_reprints_a_badge_and_the_first_is_revoked(client, cast):
    await sign_in(client, "hr")
    issued = await post_form(client, f"/people/{cast.worker}/credentials/badge", {}, headers=FRAGMENT)
    assert "<html" not in issued.text and "FHR1.W0001.1" in issued.text and "补办工牌" in issued.text
    await post_form(client, f"/people/{cast.worker}/credentials/badge", {}, headers=FRAGMENT)
    rows = await Credential.select().order_by(Credential.serial).run()
    assert [(r["serial"], r["revoked_reason"]) for r in rows] == [(1, "reprinted"), (2, "")]
    actions = [r["action"] for r in await AuditLog.select(AuditLog.action).run()]
    assert "badge.issue" in actions and "badge.reprint" in actions


async def test_hr_registers_a_card_and_the_same_card_cannot_go_to_someone_else(client, cast):
    await sign_in(client, "hr")
    done = await post_form(
        client, f"/people/{cast.worker}/credentials/card", {"kind": "rfid", "number": "0012345678"}, headers=FRAGMENT
    )
    assert done.status_code == 200 and "0012345678" in done.text and "RFID 卡" in done.text
    taken = await post_form(
        client,
        f"/people/{cast.supervisor_a}/credentials/card",
        {"kind": "barcode", "number": "0012345678"},
        headers=FRAGMENT,
    )
    assert taken.status_code == 422 and "此卡已登记过" in taken.text
    bad = await post_form(
        client, f"/people/{cast.worker}/credentials/card", {"kind": "rfid", "number": "12"}, headers=FRAGMENT
    )
    assert bad.status_code == 422 and "卡号为 4 到 32 位" in bad.text
    assert await Credential.count().run() == 1


async def test_hr_revokes_a_card(client, cast):
    await sign_in(client, "hr")
    await post_form(client, f"/people/{cast.worker}/credentials/card", {"kind": "rfid", "number": "0012345678"})
    card = await Credential.select(Credential.id).first().run()
    response = await post_form(client, f"/people/{cast.worker}/credentials/{card['id']}/revoke", {}, headers=FRAGMENT)
    assert "已停用" in response.text
    assert (await Credential.select(Credential.revoked_reason).first().run())["revoked_reason"] == "revoked"


async def test_hr_sets_a_kiosk_pin_where_the_plant_asks_for_one(client, cast):
    await sign_in(client, "hr")
    await post_form(client, "/kiosks/pin", {"required": "on"})
    short = await post_form(client, f"/people/{cast.worker}/credentials/pin", {"pin": "12"}, headers=FRAGMENT)
    assert short.status_code == 422 and "4 到 6 位数字" in short.text
    await post_form(client, f"/people/{cast.worker}/credentials/pin", {"pin": "2468"}, headers=FRAGMENT)
    row = await KioskPin.select().first().run()
    assert row["employee"] == cast.worker and row["pin_hash"].startswith("$argon2") and "2468" not in row["pin_hash"]


async def test_a_badge_sheet_prints_the_qr_code_of_the_current_badge(client, cast, settings):
    await sign_in(client, "hr")
    await post_form(client, f"/people/{cast.worker}/credentials/badge", {})
    from app.badges.service import current_badge

    payload = (await current_badge(cast.worker, settings.secret_key)).payload
    sheet = await client.get("/badges/sheet", params={"employee": cast.worker})
    assert "张伟" in sheet.text and "W0001" in sheet.text and "装配A线" in sheet.text
    assert qr_svg(payload) in sheet.text


async def test_a_department_sheet_offers_badges_for_those_without_one(client, cast):
    await make_employee("L0001", "离职者", cast.line_a, status="left")
    await sign_in(client, "hr")
    sheet = await client.get("/badges/sheet", params={"department": cast.line_a})
    assert "王建国" in sheet.text and "张伟" in sheet.text and "离职者" not in sheet.text
    assert "为 2 名没有工牌的人发放工牌" in sheet.text
    await post_form(client, "/badges/issue", {"department": str(cast.line_a)})
    issued = await Credential.select(Credential.employee.employee_code).run()
    assert sorted(r["employee.employee_code"] for r in issued) == ["S0001", "W0001"]


async def test_supervisors_may_not_touch_badges(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get(f"/people/{cast.worker}/credentials")).status_code == 403
    assert (await post_form(client, f"/people/{cast.worker}/credentials/badge", {})).status_code == 403
    assert await Credential.count().run() == 0 and await Employee.count().run() == 3
