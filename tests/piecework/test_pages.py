"""Piecework pages through HTTP: HR's catalogue, the kiosk report, the supervisor's tablet, and who may open what."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.audit.service import SYSTEM
from app.badges import service as badges
from app.piecework.tables import Operation, PieceConfirmation, PieceRate, PieceReport, WorkOrder
from tests.attendance.factories import PLANT
from tests.attendance.test_kiosk_pages import activate
from tests.cast import csrf_token, htmx_target, post_form, sign_in
from tests.piecework.factories import make_operation, make_report, make_work_order

PENDING = htmx_target("pending-list")
STEP = htmx_target("pieces-step")


@pytest.fixture
async def shop(cast):
    order = await make_work_order(department_id=cast.line_a)
    return {
        "order": order,
        "fold": await make_operation(order, "OP10", "折弯", 25, standard_per_hour=60),
        "weld": await make_operation(order, "OP20", "焊接", 80, certificate_kind="welder"),
    }


@pytest.mark.parametrize("username, status", [("hr", 200), ("sup-a", 403)])
async def test_only_hr_manages_work_orders_and_rates(client, cast, shop, username, status):
    await sign_in(client, username)
    assert (await client.get("/pieces/orders")).status_code == status
    response = await client.post(
        f"/pieces/orders/{shop['order']}/operations/{shop['fold']}/rate",
        data={"rate": "0.30", "effective_from": "2026-11-16", "_csrf_token": csrf_token(client)},
        follow_redirects=False,
    )
    assert response.status_code == (303 if status == 200 else 403)
    rates = (
        await PieceRate.select(PieceRate.fen_per_piece)
        .where(PieceRate.operation == shop["fold"])
        .order_by(PieceRate.effective_from)
        .run()
    )
    assert [r["fen_per_piece"] for r in rates] == ([25, 30] if status == 200 else [25])


async def test_hr_adds_a_work_order_and_an_operation_and_a_rate_change_keeps_the_history(client, cast):
    await sign_in(client, "hr")
    await client.get("/pieces/orders")
    await post_form(client, "/pieces/orders", {"code": "WO-77", "product": "风扇叶", "planned_quantity": "5000"})
    order = await WorkOrder.objects().get(WorkOrder.code == "WO-77").run()
    added = await post_form(
        client,
        f"/pieces/orders/{order.id}/operations",
        {
            "code": "OP1",
            "name": "去毛刺",
            "standard_per_hour": "90",
            "rate": "0.12",
            "effective_from": "2026-11-01",
            "certificate_kind": "",
            "banned_for_minors": "on",
        },
    )
    assert added.status_code == 200 and "去毛刺" in added.text
    operation = await Operation.objects().get(Operation.code == "OP1").run()
    assert operation.banned_for_minors and operation.standard_per_hour == 90
    await post_form(
        client,
        f"/pieces/orders/{order.id}/operations/{operation.id}/rate",
        {"rate": "0.15", "effective_from": "2026-11-16"},
    )
    page = await client.get(f"/pieces/orders/{order.id}")
    assert "¥0.12" in page.text and "¥0.15" in page.text


async def test_an_operation_names_the_course_that_teaches_it_and_an_unknown_course_is_refused(client, cast):
    from app.timeutil import utcnow
    from app.training.tables import Course

    course = Course(title="去毛刺工艺", kind="professional", created_at=utcnow(), updated_at=utcnow())
    await course.save().run()
    await sign_in(client, "hr")
    await post_form(client, "/pieces/orders", {"code": "WO-78", "product": "风扇叶"})
    order = await WorkOrder.objects().get(WorkOrder.code == "WO-78").run()
    form = {"code": "OP2", "name": "去毛刺", "rate": "0.12", "effective_from": "2026-11-01"}
    refused = await post_form(client, f"/pieces/orders/{order.id}/operations", {**form, "course_id": "99999"})
    assert refused.status_code == 422 and "请选择讲授此工序的课程" in refused.text
    assert not await Operation.exists().where(Operation.code == "OP2").run()
    added = await post_form(client, f"/pieces/orders/{order.id}/operations", {**form, "course_id": str(course.id)})
    assert added.status_code == 200 and "讲授课程 去毛刺工艺" in added.text
    assert (await Operation.objects().get(Operation.code == "OP2").run()).course == course.id


@pytest.mark.parametrize(
    "rate, day, message",
    [
        ("0.125", "2026-11-01", "最多两位小数"),
        ("-1", "2026-11-01", "最多两位小数"),
        ("0.20", "11/01/2026", "YYYY-MM-DD"),
        ("0.30", "2026-01-01", "已有费率"),  # the factory's rate already takes effect that day
    ],
)
async def test_a_bad_rate_is_refused_with_a_message_and_changes_nothing(client, cast, shop, rate, day, message):
    await sign_in(client, "hr")
    await client.get("/pieces/orders")
    response = await post_form(
        client, f"/pieces/orders/{shop['order']}/operations/{shop['fold']}/rate", {"rate": rate, "effective_from": day}
    )
    assert response.status_code == 422 and message in response.text
    assert await PieceRate.count().where(PieceRate.operation == shop["fold"]).run() == 1


async def test_a_worker_reports_at_the_kiosk_and_may_not_pick_an_operation_without_its_certificate(
    client, cast, settings, shop
):
    badge = (await badges.issue_badge(cast.worker, settings.secret_key, SYSTEM)).payload
    await activate(client)
    operations = await post_form(client, "/kiosk/pieces", {"badge": badge}, headers=STEP)
    assert "<html" not in operations.text and "张伟" in operations.text and "折弯" in operations.text
    assert "需要有效的证书" in operations.text
    refused = await post_form(
        client,
        "/kiosk/pieces/report",
        {"badge": badge, "operation_id": str(shop["weld"]), "quantity": "10", "defects": "0"},
        headers=STEP,
    )
    assert refused.status_code == 422 and await PieceReport.count().run() == 0
    bad = await post_form(
        client,
        "/kiosk/pieces/report",
        {"badge": badge, "operation_id": str(shop["fold"]), "quantity": "-3", "defects": "0"},
        headers=STEP,
    )
    assert bad.status_code == 422 and "整数" in bad.text and await PieceReport.count().run() == 0
    done = await post_form(
        client,
        "/kiosk/pieces/report",
        {"badge": badge, "operation_id": str(shop["fold"]), "quantity": "120", "defects": "2"},
        headers=STEP,
    )
    assert done.status_code == 200 and "已上报" in done.text
    stored = await PieceReport.select().run()
    assert [(r["quantity"], r["defects"], r["employee"]) for r in stored] == [(120, 2, cast.worker)]


async def test_an_unknown_badge_reports_nothing(client, cast, shop):
    await activate(client)
    response = await post_form(
        client,
        "/kiosk/pieces/report",
        {"badge": "FHR1.X.1.AAAA", "operation_id": str(shop["fold"]), "quantity": "5"},
        headers=STEP,
    )
    assert response.status_code == 422 and await PieceReport.count().run() == 0


async def test_the_tablet_shows_only_the_team_and_decides_with_fragments(client, cast, shop):
    today = datetime.now(PLANT).date()
    one, two, three = [await make_report(cast.worker, shop["fold"], today, q) for q in (100, 110, 120)]
    await sign_in(client, "sup-b")
    assert "张伟" not in (await client.get("/pieces/confirm")).text
    refused = await post_form(
        client,
        "/pieces/confirm/decide",
        {"report_id": str(one.id), "action": "confirm", "segment": "normal"},
        headers=PENDING,
    )
    assert refused.status_code == 422 and "不是您班组" in refused.text
    await sign_in(client, "sup-a")
    page = await client.get("/pieces/confirm")
    assert page.status_code == 200 and "张伟" in page.text
    done = await post_form(
        client,
        "/pieces/confirm/decide",
        {"report_id": str(one.id), "action": "confirm", "segment": "workday_overtime"},
        headers=PENDING,
    )
    assert done.status_code == 200 and "<html" not in done.text and "已确认" in done.text
    no_reason = await post_form(
        client,
        "/pieces/confirm/decide",
        {"report_id": str(two.id), "action": "reject", "segment": "normal", "reason": ""},
        headers=PENDING,
    )
    assert no_reason.status_code == 422 and "原因" in no_reason.text
    await post_form(
        client,
        "/pieces/confirm/decide",
        {
            "report_id": str(two.id),
            "action": "adjust",
            "quantity": "105",
            "defects": "1",
            "segment": "normal",
            "reason": "复点",
        },
        headers=PENDING,
    )
    everything = await post_form(client, "/pieces/confirm/all", {"report_id": str(three.id)}, headers=PENDING)
    assert "没有需要确认的" in everything.text
    rows = {r["report"]: r for r in await PieceConfirmation.select().run()}
    assert rows[one.id]["segment"] == "workday_overtime" and rows[two.id]["quantity"] == 105
    assert rows[three.id]["action"] == "confirm" and len(rows) == 3


async def test_a_worker_may_not_open_the_tablet_and_hr_sees_reports_and_conflicts(client, cast, shop):
    from tests.cast import make_user

    await make_user("clerk", "trainer")
    await sign_in(client, "clerk")
    assert (await client.get("/pieces/confirm")).status_code == 403
    assert (await client.get("/pieces/reports")).status_code == 403
    report = await make_report(cast.worker, shop["fold"], date(2026, 11, 3), 70)
    await sign_in(client, "hr")
    listing = await client.get("/pieces/reports?month=2026-11")
    assert listing.status_code == 200 and "张伟" in listing.text and "待确认" in listing.text
    detail = await client.get(f"/pieces/reports/{report.id}")
    assert detail.status_code == 200 and "70" in detail.text
