"""Approvals: the chain from the organisation, overdue after the plant's limit on the approver's pages and HR's
dashboard, HR's settings; kinds are known only by the registry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.approvals import registry, rules
from app.approvals.rules import Step
from app.people import plant_settings
from tests.cast import post_form, sign_in
from tests.leave.factories import head_of_line_a, line_a_on_day_shift, years_worked

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "days, head, requester, chain",
    [
        (1, 7, 3, [Step("dept_head", 7)]),
        (3, 7, 3, [Step("dept_head", 7)]),  # 3 days is not above 3
        (3.5, 7, 3, [Step("dept_head", 7), Step("hr")]),  # above the plant's number: HR after the head
        (1, None, 3, [Step("hr")]),  # no head: HR
        (1, 7, 7, [Step("hr")]),  # the head's own leave: HR
    ],
)
def test_the_chain_comes_from_the_organisation(days, head, requester, chain):
    from fractions import Fraction

    assert rules.chain(Fraction(days), 3, head, requester) == chain


@pytest.mark.parametrize("hours, overdue", [(23, False), (24, False), (25, True)])
def test_a_step_is_overdue_after_the_plant_s_limit(hours, overdue):
    assert rules.is_overdue(NOW - timedelta(hours=hours), NOW, 24) is overdue


def test_only_the_step_s_approver_or_hr_decides():
    assert rules.may_decide(Step("dept_head", 7), ("dept_head",), 7)
    assert not rules.may_decide(Step("dept_head", 7), ("dept_head",), 8)
    assert not rules.may_decide(Step("hr"), ("dept_head", "supervisor"), 7)
    assert rules.may_decide(Step("dept_head", 7), ("hr",), None)


def test_a_kind_registers_itself_and_approvals_imports_none():
    import ast
    from pathlib import Path

    for path in Path("app/approvals").glob("*.py"):
        imported = [node.module for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.ImportFrom)]
        assert not [
            name for name in imported if name and name.startswith(("app.leave", "app.attendance", "app.payroll"))
        ], path
    import app.main  # noqa: F401 - the app wires every capability, and each registers its kinds

    assert registry.kind("leave") is not None


async def test_a_request_waiting_over_24_hours_is_overdue_for_the_head_and_on_hr_s_dashboard(client, cast, clock):
    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 8)
    await head_of_line_a(cast)
    await sign_in(client, "sup-a")
    await post_form(
        client,
        "/leave",
        {"employee_id": str(cast.worker), "type_code": "annual", "first": "2026-12-01", "last": "2026-12-01"},
    )
    await client.post("/logout", data={"_csrf_token": client.cookies.get("floorhr_csrf")})
    await sign_in(client, "head-a")
    home = (await client.get("/")).text
    assert "1 条申请等待审批" in home and "逾期" not in home  # the head's home page: what waits for them
    clock.shift(timedelta(hours=25))
    await sign_in(client, "head-a")
    assert "1 条申请审批已逾期" in (await client.get("/")).text
    assert "逾期待审批：1 条" in (await client.get("/approvals")).text
    await client.post("/logout", data={"_csrf_token": client.cookies.get("floorhr_csrf")})
    await sign_in(client, "hr")
    assert "1 条申请审批已逾期" in (await client.get("/")).text  # HR's to-do
    assert "逾期：1 条" in (await client.get("/reports")).text  # and the dashboard
    await post_form(client, "/approvals/settings", {"hr_above_days": "5", "overdue_hours": "48"})
    assert await plant_settings.read("approvals_overdue_hours") == 48
    assert "逾期：0 条" in (await client.get("/reports")).text
    bad = await post_form(client, "/approvals/settings", {"hr_above_days": "-1", "overdue_hours": "48"})
    assert bad.status_code == 422


async def test_the_head_approves_ticked_requests_at_once_and_one_decided_meanwhile_is_left_alone(client, cast):
    from app.approvals.tables import ApprovalItem

    await line_a_on_day_shift(cast)
    await years_worked(cast.worker, 8)
    await head_of_line_a(cast)
    await sign_in(client, "sup-a")
    for day in ("2026-12-01", "2026-12-02", "2026-12-03"):
        await post_form(
            client, "/leave", {"employee_id": str(cast.worker), "type_code": "annual", "first": day, "last": day}
        )
    await client.post("/logout", data={"_csrf_token": client.cookies.get("floorhr_csrf")})
    await sign_in(client, "head-a")
    ids = [row["id"] for row in await ApprovalItem.select(ApprovalItem.id).order_by(ApprovalItem.id).run()]
    inbox = await client.get("/approvals")
    assert "批准所勾选的申请" in inbox.text and f'value="{ids[0]}" form="bulk-approve"' in inbox.text

    nothing = await post_form(client, "/approvals/bulk", {})
    assert nothing.status_code == 422 and "请先勾选" in nothing.text
    await post_form(client, f"/approvals/{ids[2]}/reject", {"reason": "那天要盘点"})  # decided meanwhile
    csrf = client.cookies.get("floorhr_csrf")
    answer = await client.post("/approvals/bulk", data={"item": [str(i) for i in ids], "_csrf_token": csrf})
    assert answer.status_code == 409 and "1 条" in answer.text
    statuses = [row["status"] for row in await ApprovalItem.select(ApprovalItem.status).order_by(ApprovalItem.id).run()]
    assert statuses == ["approved", "approved", "rejected"]  # the rejection stands
