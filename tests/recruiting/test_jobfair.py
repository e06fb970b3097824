"""The job-fair import: a row-by-row preview, then every row in one transaction, or none."""

from __future__ import annotations

import pytest
from stdnum.cn import ric

from app.audit.tables import AuditLog
from app.db.engine import current_engine
from app.recruiting.tables import Candidate
from tests.cast import csrf_token, htmx_target, post_form, sign_in

HEADER = "姓名,身份证号,手机,意向岗位,技能\n"


def number(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def fair_list(*names: str) -> bytes:
    rows = [
        f"{name},{number(f'110105199003{index + 1:02d}{index:03d}')},1390000{index:04d},焊工,焊接"
        for index, name in enumerate(names)
    ]
    return (HEADER + "\n".join(rows) + "\n").encode()


@pytest.fixture
async def row_failing_at_write():
    """A row the database refuses as it is written (the preview cannot see it): a trigger on candidate, as a
    constraint or a lost connection would, for the name 坏行. Dropped after the test (PostgreSQL's tables are
    truncated between tests, not dropped)."""
    engine = current_engine()
    if engine.engine_type == "sqlite":
        await engine.run_ddl(
            "CREATE TRIGGER refuse_bad_row BEFORE INSERT ON candidate WHEN NEW.name = '坏行' "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
        yield
        await engine.run_ddl("DROP TRIGGER refuse_bad_row")
        return
    await engine.run_ddl(
        "CREATE FUNCTION refuse_bad_row() RETURNS trigger AS $$ BEGIN IF NEW.name = '坏行' THEN "
        "RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"
    )
    await engine.run_ddl(
        "CREATE TRIGGER refuse_bad_row BEFORE INSERT ON candidate FOR EACH ROW EXECUTE FUNCTION refuse_bad_row()"
    )
    yield
    await engine.run_ddl("DROP TRIGGER refuse_bad_row ON candidate")
    await engine.run_ddl("DROP FUNCTION refuse_bad_row()")


async def preview(client, content: bytes) -> str:
    response = await client.post(
        "/recruiting/import/preview",
        files={"file": ("招聘会.csv", content)},
        data={"_csrf_token": csrf_token(client), "fair_name": "春季招聘会", "consent": "1"},
        headers=htmx_target("import-preview"),
    )
    assert response.status_code == 200 and "<html" not in response.text
    return response.text


async def test_hr_previews_the_list_row_by_row_then_imports_every_row(client, cast):
    await sign_in(client, "hr")
    page = await preview(client, fair_list("张三", "李四", "王五"))
    assert page.count("data-line=") == 3 and "field-error" not in page
    assert await Candidate.count() == 0  # the preview writes nothing
    token = page.split('name="token" value="')[1].split('"')[0]
    done = await post_form(
        client, "/recruiting/import/commit", {"token": token, "fair_name": "春季招聘会", "consent": "1"}
    )
    assert done.status_code in (200, 303)
    rows = await Candidate.select(Candidate.name, Candidate.source, Candidate.source_note).order_by(Candidate.id).run()
    assert [(r["name"], r["source"], r["source_note"]) for r in rows] == [
        ("张三", "job_fair", "春季招聘会"),
        ("李四", "job_fair", "春季招聘会"),
        ("王五", "job_fair", "春季招聘会"),
    ]


async def test_a_row_failing_half_way_leaves_nothing_imported(client, cast, row_failing_at_write):
    await sign_in(client, "hr")
    page = await preview(client, fair_list("张三", "李四", "坏行", "王五"))
    assert "field-error" not in page  # nothing the preview can see
    token = page.split('name="token" value="')[1].split('"')[0]
    response = await post_form(
        client, "/recruiting/import/commit", {"token": token, "fair_name": "春季招聘会", "consent": "1"}
    )
    assert response.status_code == 422 and "<html" in response.text  # the page, not a server error
    assert 'data-line="4"' in response.text and "field-error" in response.text  # the row that failed, named
    assert await Candidate.count() == 0  # 张三 and 李四, written before it, undone
    assert await AuditLog.count().where(AuditLog.action == "candidate.create") == 0
