"""The audit log viewer: HR filters by who, table and record, and plant-local date range."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.audit.tables import AuditLog
from tests.cast import htmx_target, sign_in

SHANGHAI_MIDNIGHT_MAR_2 = datetime(2026, 3, 1, 16, 0, tzinfo=UTC)  # 2 March 00:00 in Shanghai


async def _entry(actor: str, entity: str, entity_id: str, at: datetime, action: str = "employee.update") -> None:
    await (
        AuditLog(
            at=at,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before={"phone": "1"},
            after={"phone": "2"},
        )
        .save()
        .run()
    )


async def _history() -> None:
    await _entry("zhang-hr", "employee", "7", SHANGHAI_MIDNIGHT_MAR_2 - timedelta(minutes=1))  # 1 March, 23:59
    await _entry("zhang-hr", "employee", "8", SHANGHAI_MIDNIGHT_MAR_2)  # 2 March, 00:00
    await _entry("li-admin", "user", "7", SHANGHAI_MIDNIGHT_MAR_2 + timedelta(days=1), action="user.create")


def _records(html: str) -> list[tuple[str, str, str]]:
    """(who, table, record) per row of the audit table."""
    import re

    rows = re.findall(
        r'<tr><td>[^<]*</td><td>([^<]*)</td>\s*<td title="[^"]*">[^<]*</td>'
        r'<td data-entity="([^"]*)">[^<]* ([^<]*)</td>',
        html,
    )
    return [tuple(row) for row in rows]


async def test_filters_by_who_table_record_and_local_days(client, cast):
    await _history()
    await sign_in(client, "hr")
    by_actor = _records((await client.get("/audit?actor=zhang")).text)
    assert sorted(by_actor) == [("zhang-hr", "employee", "7"), ("zhang-hr", "employee", "8")]
    by_record = _records((await client.get("/audit?entity=employee&entity_id=7")).text)
    assert by_record == [("zhang-hr", "employee", "7")]  # not the user with id 7
    by_day = _records((await client.get("/audit?date_from=2026-03-02&date_to=2026-03-02")).text)
    assert by_day == [("zhang-hr", "employee", "8")]  # the plant's 2 March, not UTC's
    newest_first = _records((await client.get("/audit?date_from=2026-03-01&date_to=2026-03-03")).text)
    assert [row[2] for row in newest_first] == ["7", "8", "7"] and newest_first[0][1] == "user"


async def test_htmx_filter_swaps_only_the_table(client, cast):
    await _history()
    await sign_in(client, "hr")
    response = await client.get("/audit?actor=li", headers=htmx_target("audit-table"))
    assert "<html" not in response.text and _records(response.text) == [("li-admin", "user", "7")]


async def test_a_bad_date_says_so_and_does_not_filter(client, cast):
    await _history()
    await sign_in(client, "hr")
    response = await client.get("/audit?date_from=2026-13-01")
    assert response.status_code == 422 and "YYYY-MM-DD" in response.text and len(_records(response.text)) >= 3


async def test_supervisors_cannot_read_the_audit_log(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get("/audit")).status_code == 403


def test_an_entry_reads_in_chinese_with_each_changed_field_named():
    from app.audit.presentation import action_text, changes
    from app.i18n import using_language

    with using_language("zh_CN"):
        assert action_text("employee.update", "employee") == "员工 · 修改"
        assert action_text("create", "operation") == "工序 · 添加"
        assert action_text("something.new", "thing") == "something.new"  # unknown: shown as stored, never hidden
        found = changes({"gender": "M", "phone": "138"}, {"gender": "F", "phone": "138", "status": "active"})
    assert [(c.field, c.before, c.after) for c in found] == [("性别", "男", "女"), ("状态", "", "在职")]


async def test_the_audit_page_shows_the_action_and_the_changed_fields_in_chinese(client, cast):
    from app.audit import service as audit
    from tests.cast import sign_in

    await audit.record(
        audit.Actor(name="zhang-hr"),
        "employee.update",
        "employee",
        cast.worker,
        before={"gender": "M"},
        after={"gender": "F"},
    )
    await sign_in(client, "hr")
    page = (await client.get("/audit")).text
    assert "员工 · 修改" in page and "<strong>性别</strong>: <del>男</del> → 女" in page
    assert "employee.update</td>" not in page
    person = (await client.get(f"/people/{cast.worker}")).text
    assert "<strong>性别</strong>: <del>男</del> → 女" in person


def test_every_action_the_code_records_has_a_label():
    """A new audit action without a label would show as a raw code: name it in app/audit/presentation.py."""
    import re

    from app.audit.presentation import ENTITIES, VERBS
    from app.web import TEMPLATES_DIR

    app_dir = TEMPLATES_DIR.parent / "app"
    codes = {
        match.group(1)
        for path in app_dir.rglob("*.py")
        for match in re.finditer(r'record\(\s*[^,()]+,\s*"([a-z_]+(?:\.[a-z_]+)?)"', path.read_text(encoding="utf-8"))
    }
    assert len(codes) > 50
    unlabelled = [
        code
        for code in sorted(codes)
        if code.rpartition(".")[2] not in VERBS or (code.rpartition(".")[0] or "employee") not in ENTITIES
    ]
    assert unlabelled == []
