"""Recruiting's pages: a department head asks, HR approves, adds a candidate, moves them, scores, offers; the pool."""

from __future__ import annotations

import pytest

from app.audit.tables import AuditLog
from app.onboarding.tables import Invite, OnboardingFlow, RefusedAttempt
from app.people.tables import Department
from app.recruiting.tables import Application, Candidate, Requisition, Scorecard
from tests.cast import csrf_token, htmx_target, make_user, post_form, sign_in
from tests.onboarding.factories import VALID_ID, activate, id_number, key_in, plant_details, slip, step

ADULT = "110105199003070017"


@pytest.fixture
async def head(cast):
    await Department.update({Department.head: cast.supervisor_a}).where(Department.id == cast.line_a).run()
    await make_user("head-a", "dept_head", cast.supervisor_a)
    return "head-a"


async def ask(client, cast) -> int:
    response = await post_form(
        client,
        "/recruiting/requisitions",
        {
            "department_id": str(cast.line_a),
            "title": "装配工",
            "headcount": "2",
            "needed_by": "2026-12-10",
            "reason": "new_line",
            "duties": "按作业指导书装配电机",
            "requirement_0": "能看懂作业指导书",
            "dimension_0": "skills",
            "priority_0": "must",
        },
    )
    assert response.status_code in (200, 303), response.text
    return (await Requisition.select(Requisition.id).order_by(Requisition.id, ascending=False).first().run())["id"]


async def test_a_head_asks_and_hr_approves(client, cast, head):
    await sign_in(client, head)
    requisition_id = await ask(client, cast)
    page = await client.get(f"/recruiting/requisitions/{requisition_id}")
    assert "装配工" in page.text and "能看懂作业指导书" in page.text
    assert (await client.get("/recruiting/candidates")).status_code == 403  # the pool is HR's
    await client.post("/logout", data={"_csrf_token": csrf_token(client)})
    await sign_in(client, "hr")
    approvals = await client.get("/approvals")
    assert "装配工" in approvals.text  # HR's inbox reminds
    await post_form(client, f"/recruiting/requisitions/{requisition_id}/decide", {"decision": "approve"})
    assert (await Requisition.select(Requisition.status).first().run())["status"] == "open"
    listing = await client.get("/recruiting")
    assert "装配A线" in listing.text and 'id="headcount"' in listing.text


async def test_a_head_of_another_line_is_refused(client, cast, head):
    await sign_in(client, head)
    response = await post_form(
        client,
        "/recruiting/requisitions",
        {
            "department_id": str(cast.line_b),
            "title": "x",
            "headcount": "1",
            "needed_by": "2026-12-10",
            "reason": "growth",
        },
    )
    assert response.status_code == 422 and await Requisition.count() == 0


async def test_bad_input_changes_nothing(client, cast):
    await sign_in(client, "hr")
    response = await post_form(
        client, "/recruiting/requisitions", {"department_id": "x", "title": "", "headcount": "-1", "reason": "?"}
    )
    assert response.status_code == 422 and await Requisition.count() == 0
    response = await post_form(
        client, "/recruiting/candidates/", {"name": "王五", "id_number": "110105199003070018", "source": "walk_in"}
    )
    assert response.status_code == 422 and "不符" in response.text or response.status_code == 422
    assert await Candidate.count() == 0
    assert (await client.get("/recruiting/requisitions/999")).status_code == 404
    assert (
        await client.post("/recruiting/applications/999/move", data={"_csrf_token": csrf_token(client)})
    ).status_code == 404


async def test_the_whole_path_to_the_onboarding_invite_and_the_kiosk(client, cast, settings):
    await plant_details()
    await sign_in(client, "hr")
    requisition_id = await ask(client, cast)
    await post_form(client, f"/recruiting/requisitions/{requisition_id}/decide", {"decision": "approve"})
    response = await post_form(
        client,
        "/recruiting/candidates/",
        {
            "name": "李四",
            "id_number": ADULT,
            "phone": "13912345678",
            "source": "referral",
            "referrer": "W0001",
            "consent": "1",
            "requisition_id": str(requisition_id),
        },
    )
    assert response.status_code in (200, 303), response.text
    application = await Application.select().first().run()
    moved = await post_form(
        client,
        f"/recruiting/applications/{application['id']}/move",
        {"stage": "interview"},
        headers=htmx_target("board"),
    )
    assert moved.status_code in (200, 201) and moved.headers.get("hx-redirect")
    bad = await post_form(
        client,
        f"/recruiting/applications/{application['id']}/move",
        {"stage": "rejected"},
        headers=htmx_target("board"),
    )
    assert bad.status_code == 422 and "<html" not in bad.text
    await post_form(client, f"/recruiting/applications/{application['id']}/score", {"score_0": "4", "verdict": "yes"})
    assert await Scorecard.count() == 1
    form = await client.get(f"/recruiting/applications/{application['id']}/offer")
    assert 'value="李四"' in form.text
    offered = await post_form(
        client,
        f"/recruiting/applications/{application['id']}/offer",
        {
            "department_id": str(cast.line_b),  # ignored: the requisition's department is carried
            "template_id": "1",
            "skill_grade": "1",
            "term_kind": "fixed",
            "term_months": "36",
            "probation_months": "6",
            "start_date": "2026-12-01",
            "expires_on": "2026-12-05",
            "workplace": "一号厂房",
        },
    )
    assert offered.status_code in (200, 303), offered.text
    invite = await Invite.select().first().run()
    assert invite["candidate"] == "李四" and invite["department"] == cast.line_a
    row = await Application.select().first().run()
    assert row["stage"] == "offer" and row["invite"] == str(invite["id"])
    history = await client.get(f"/recruiting/candidates/{row['candidate']}")
    assert "李四" in history.text and "0017" in history.text and ADULT not in history.text
    assert await AuditLog.count().where(AuditLog.action == "application.move") == 2
    # The invite carries the candidate's phone and ID number: at the kiosk the card must be theirs, and the
    # details step starts with their phone.
    assert invite["phone"] == "13912345678" and invite["id_hash"] and ADULT not in str(invite)
    await activate(client)
    slip_text = await slip(settings, str(invite["id"]))
    someone_else = await key_in(client, slip_text, VALID_ID, name="王芳")
    assert someone_else.status_code == 422 and "不是这份邀请" in someone_else.text
    flow = await OnboardingFlow.select().first().run()
    assert flow["id_cipher"] == "" and flow["phone"] == ""  # nothing of the other card kept
    assert await RefusedAttempt.count().where(RefusedAttempt.invite == invite["id"]) == 1
    theirs = await key_in(client, slip_text, ADULT, name="李四")
    assert theirs.status_code == 200 and 'data-screen="confirm"' in theirs.text
    details = await step(client, "/identity/confirm", slip_text, answer="yes")
    assert 'name="phone"' in details.text and 'value="13912345678"' in details.text  # not typed again


async def test_the_same_id_number_leads_to_the_same_person(client, cast):
    await sign_in(client, "hr")
    for name in ("李四", "李四"):
        await post_form(client, "/recruiting/candidates/", {"name": name, "id_number": ADULT, "source": "walk_in"})
    assert await Candidate.count() == 1


async def test_under_16_is_refused_at_once(client, cast):
    from datetime import date

    await sign_in(client, "hr")
    response = await post_form(
        client,
        "/recruiting/candidates/",
        {"name": "小明", "id_number": id_number(date(2011, 3, 1)), "source": "walk_in"},
    )
    assert response.status_code == 422 and await Candidate.count() == 0


async def test_the_pool_is_searched_as_a_fragment(client, cast):
    await sign_in(client, "hr")
    await post_form(client, "/recruiting/candidates/", {"name": "焊工老王", "id_number": ADULT, "source": "job_fair"})
    candidate = (await Candidate.select(Candidate.id).first().run())["id"]
    await post_form(
        client, f"/recruiting/candidates/{candidate}/pool", {"skills": "氩弧焊", "tag_potential": "1", "consent": "1"}
    )
    found = await client.get("/recruiting/candidates?q=氩弧焊", headers=htmx_target("pool"))
    assert "焊工老王" in found.text and "<html" not in found.text
    none = await client.get("/recruiting/candidates?q=叉车")
    assert "焊工老王" not in none.text
    refused = await post_form(client, f"/recruiting/candidates/{candidate}/pool", {"do_not_rehire": "1"})
    assert refused.status_code == 422


def fair_list(rows: list[list[str]]) -> bytes:
    from app.spreadsheets import xlsx_bytes

    return xlsx_bytes("名单", ["姓名", "身份证号", "手机", "意向岗位"], rows)


async def test_a_job_fair_list_is_previewed_row_by_row_then_imported(client, cast, settings):
    from datetime import date

    await sign_in(client, "hr")
    await post_form(client, "/recruiting/candidates/", {"name": "李四", "id_number": ADULT, "source": "walk_in"})
    bad = fair_list(
        [
            ["王五", "110105199003070018", "13912345678", "装配工"],  # wrong check character
            ["李四", ADULT, "", "质检"],  # already in the pool
            ["小明", id_number(date(2011, 3, 1)), "", ""],  # under 16
        ]
    )
    files = {"file": ("名单.xlsx", bad, "application/octet-stream")}
    preview = await client.post(
        "/recruiting/import/preview",
        data={"_csrf_token": csrf_token(client), "fair_name": "春季招聘会"},
        files=files,
        headers=htmx_target("import-preview"),
    )
    assert preview.status_code in (200, 201) and "<html" not in preview.text
    assert preview.text.count("row-error") == 2 and 'id="import-all"' not in preview.text
    good = fair_list([["王五", id_number(date(1995, 6, 1)), "13912345678", "装配工"], ["李四", ADULT, "", "质检"]])
    preview = await client.post(
        "/recruiting/import/preview",
        data={"_csrf_token": csrf_token(client), "fair_name": "春季招聘会", "consent": "1"},
        files={"file": ("名单.xlsx", good, "application/octet-stream")},
    )
    token = preview.text.split('name="token" value="')[1].split('"')[0]
    done = await post_form(
        client, "/recruiting/import/commit", {"token": token, "fair_name": "春季招聘会", "consent": "1"}
    )
    assert done.status_code in (200, 303), done.text
    rows = await Candidate.select(Candidate.name, Candidate.source, Candidate.source_note).order_by(Candidate.id).run()
    assert [(r["name"], r["source"]) for r in rows] == [("李四", "walk_in"), ("王五", "job_fair")]
    assert rows[1]["source_note"] == "春季招聘会"


async def test_hr_sets_the_retention_and_the_dashboard_shows_time_to_fill(client, cast):
    from app.recruiting import candidates as candidate_service

    await sign_in(client, "hr")
    refused = await post_form(client, "/recruiting/candidates/retention", {"retention_months": "99"})
    assert refused.status_code == 422
    await post_form(client, "/recruiting/candidates/retention", {"retention_months": "12"})
    assert await candidate_service.retention_months() == 12
    requisition_id = await ask(client, cast)
    await post_form(client, f"/recruiting/requisitions/{requisition_id}/decide", {"decision": "approve"})
    await post_form(
        client,
        "/recruiting/candidates/",
        {"name": "李四", "id_number": ADULT, "source": "walk_in", "requisition_id": str(requisition_id)},
    )
    application = (await Application.select(Application.id).first().run())["id"]
    for stage in ("interview", "offer", "hired"):
        await post_form(client, f"/recruiting/applications/{application}/move", {"stage": stage})
    dashboard = await client.get("/reports")
    assert 'id="report-time_to_fill"' in dashboard.text and "装配工" in dashboard.text
    assert "现场应聘" in dashboard.text  # source of hire


async def test_a_post_banned_for_minors_refuses_a_minor_on_the_page_and_keeps_nothing(client, cast, head):
    from datetime import date

    await sign_in(client, head)
    form = await client.get("/recruiting/requisitions/new")
    assert 'name="adult_only"' in form.text and "高处作业" in form.text
    response = await post_form(
        client,
        "/recruiting/requisitions",
        {
            "department_id": str(cast.line_a),
            "title": "登高电工",
            "headcount": "1",
            "needed_by": "2026-12-10",
            "reason": "growth",
            "adult_only": "height",
        },
    )
    assert response.status_code in (200, 303), response.text
    requisition_id = (await Requisition.select(Requisition.id).first().run())["id"]
    page = await client.get(f"/recruiting/requisitions/{requisition_id}")
    assert 'id="adult-only"' in page.text and "高处作业" in page.text
    await client.post("/logout", data={"_csrf_token": csrf_token(client)})
    await sign_in(client, "hr")
    await post_form(client, f"/recruiting/requisitions/{requisition_id}/decide", {"decision": "approve"})
    minor = id_number(date(2009, 12, 1))  # 17 on the date needed
    response = await post_form(
        client,
        "/recruiting/candidates/",
        {"name": "小红", "id_number": minor, "source": "walk_in", "requisition_id": str(requisition_id)},
    )
    assert response.status_code == 422 and "未满18周岁" in response.text
    assert await Candidate.count() == 0 and await Application.count() == 0
