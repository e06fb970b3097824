"""A worker's safety archive, certificates with reminders, the skills matrix, and the probation gate."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.ids import new_id
from app.people.lifecycle import service as lifecycle
from app.people.tables import Department
from app.timeutil import local_today, utcnow
from app.training import rules
from app.training.tables import Certificate, Course, PracticalSignoff, QuizAttempt, SafetyEducation
from tests.cast import make_employee, make_user, post_form, sign_in


def today(settings) -> date:
    return local_today(settings.zone)


@pytest.mark.parametrize(
    "records, sector, complete, missing",
    [
        ([], "general", False, ("plant", "workshop", "team")),
        ([("plant", 480, True), ("workshop", 480, True), ("team", 480, False)], "general", False, ("team",)),
        ([("plant", 480, True), ("workshop", 480, True), ("team", 480, True)], "general", True, ()),
        ([("plant", 480, True), ("workshop", 480, True), ("team", 240, True)], "general", False, ()),  # 20 h < 24 h
        ([("plant", 1440, True), ("workshop", 1440, True), ("team", 1440, True)], "high_risk", True, ()),
        ([("plant", 480, True), ("workshop", 480, True), ("team", 480, True)], "high_risk", False, ()),  # 24 h < 72 h
    ],
)
def test_safety_education_status(records, sector, complete, missing):
    status = rules.safety_status([rules.SafetyRecord(*record) for record in records], sector)
    assert (status.complete, status.missing) == (complete, missing)


@pytest.mark.parametrize(
    "expires, state",
    [
        (date(2026, 12, 31), "valid"),
        (date(2026, 12, 22), "expiring"),
        (date(2026, 11, 22), "expiring"),
        (date(2026, 11, 21), "expired"),
        (None, "valid"),
    ],
)
def test_certificate_state_on_22_november(expires, state):
    assert rules.certificate_state(expires, date(2026, 11, 22)) == state


@pytest.mark.parametrize(
    "last, due, overdue",
    [
        (None, None, False),
        (date(2025, 11, 23), date(2026, 11, 23), False),
        (date(2025, 11, 21), date(2026, 11, 21), True),
        (date(2024, 2, 29), date(2025, 2, 28), True),
    ],
)
def test_the_yearly_refresher(last, due, overdue):
    assert rules.refresher_due(last, date(2026, 11, 22)) == (due, overdue)


def test_no_special_operation_certificate_before_18():
    problems = rules.certificate_problems("welder", "T123", date(2026, 1, 1), date(2032, 1, 1), date(2008, 6, 1))
    assert problems == {"issued_on": "A special-operation certificate is only issued to people of 18 or older."}


async def test_hr_signs_the_three_levels_off_and_then_the_probationer_can_be_confirmed(client, cast, settings):
    probationer = await make_employee("W0300", "周新", cast.line_a, status="probation")
    await sign_in(client, "hr")
    assert await lifecycle.confirmation_blockers(probationer) == [rules.SAFETY_INCOMPLETE]
    on = today(settings).isoformat()
    for level in ("plant", "workshop", "team"):
        response = await post_form(
            client,
            f"/training/people/{probationer}/safety",
            {"level": level, "hours": "8", "on": on, "instructor": "王安全"},
        )
        assert response.status_code == 200
    page = (await client.get(f"/training/people/{probationer}")).text
    assert "已完成：已签核 24 学时" in page and "王安全" in page
    assert await lifecycle.confirmation_blockers(probationer) == []
    confirmed = await post_form(client, f"/people/{probationer}/confirm", {"effective_date": on})
    assert confirmed.status_code == 200


async def test_a_bad_safety_sign_off_says_why_and_records_nothing(client, cast, settings):
    await sign_in(client, "hr")
    future = (today(settings) + timedelta(days=3)).isoformat()
    response = await post_form(
        client,
        f"/training/people/{cast.worker}/safety",
        {"level": "plant", "hours": "0", "on": future, "instructor": ""},
    )
    assert response.status_code == 422
    assert "请输入学时" in response.text and "日期不能晚于今天" in response.text and "请输入授课人" in response.text
    assert await SafetyEducation.count().run() == 0


async def test_certificates_and_the_30_day_reminder(client, cast, settings):
    await sign_in(client, "hr")
    soon = (today(settings) + timedelta(days=20)).isoformat()
    later = (today(settings) + timedelta(days=400)).isoformat()
    await post_form(
        client,
        f"/training/people/{cast.worker}/certificates",
        {"kind": "forklift", "number": "T3201001", "issued_on": "2021-01-10", "expires_on": soon},
    )
    await post_form(
        client,
        f"/training/people/{cast.supervisor_a}/certificates",
        {"kind": "electrician", "number": "T3201002", "issued_on": "2021-01-10", "expires_on": later},
    )
    bad = await post_form(
        client,
        f"/training/people/{cast.worker}/certificates",
        {"kind": "welder", "number": "", "issued_on": "2021-01-10", "expires_on": "2020-01-01"},
    )
    assert bad.status_code == 422 and "请输入证书编号" in bad.text
    assert await Certificate.count().run() == 2
    page = (await client.get("/training/expiring")).text
    assert "T3201001" in page and "T3201002" not in page


@pytest.fixture
async def head(cast):
    await Department.update({Department.head: cast.supervisor_a}).where(Department.id == cast.line_a).run()
    await make_user("head-a", "dept_head", cast.supervisor_a)


async def test_the_skills_matrix_shows_theory_trained_and_certificates(client, cast, settings, head):
    now = utcnow()
    course = Course(title="点焊工艺", kind="professional", department=cast.line_a, created_at=now, updated_at=now)
    await course.save().run()
    other = await make_employee("W0002", "李娜", cast.line_a)
    await QuizAttempt.insert(
        QuizAttempt(
            id=new_id(),
            employee=cast.worker,
            course=course.id,
            correct=1,
            total=1,
            percent=100,
            passed=True,
            taken_at=now,
        ),
        QuizAttempt(
            id=new_id(), employee=other, course=course.id, correct=1, total=1, percent=100, passed=True, taken_at=now
        ),
    ).run()
    await PracticalSignoff.insert(
        PracticalSignoff(id=new_id(), employee=cast.worker, course=course.id, trainer=cast.supervisor_a, signed_at=now)
    ).run()
    await Certificate.insert(
        Certificate(
            employee=cast.worker,
            kind="welder",
            number="T1",
            expires_on=today(settings) - timedelta(days=1),
            recorded_at=now,
        )
    ).run()
    await sign_in(client, "head-a")
    page = (await client.get("/training/matrix")).text
    worker_row = page.split("W0001")[1].split("</tr>")[0]
    other_row = page.split("W0002")[1].split("</tr>")[0]
    assert 'class="skill-trained">已培训' in worker_row and 'class="skill-expired"' in worker_row
    assert 'class="skill-theory">理论已通过' in other_row
    assert "S0002" not in page  # line B's people are not this head's


async def test_who_may_open_the_training_record_pages(client, cast, head):
    await sign_in(client, "head-a")
    assert (await client.get(f"/training/people/{cast.worker}")).status_code == 200
    assert (await client.get(f"/training/people/{cast.supervisor_b}")).status_code == 403
    await sign_in(client, "sup-a")
    for path in (f"/training/people/{cast.worker}", "/training/matrix", "/training/expiring"):
        assert (await client.get(path)).status_code == 403


async def test_training_coverage_by_department_and_course_with_an_excel_copy(client, cast, head):
    import io

    from openpyxl import load_workbook

    now = utcnow()
    general = Course(title="安全生产规章", kind="general", created_at=now, updated_at=now)
    await general.save().run()
    await make_employee("W0002", "李娜", cast.line_a)
    await PracticalSignoff.insert(
        PracticalSignoff(
            id=new_id(), employee=cast.worker, course=general.id, trainer=cast.supervisor_a, signed_at=now
        ),
        PracticalSignoff(
            id=new_id(), employee=cast.worker, course=general.id, trainer=cast.supervisor_a, signed_at=now, passed=False
        ),
    ).run()
    await sign_in(client, "hr")
    page = (await client.get("/training/coverage")).text
    line_a = page.split("装配A线")[1].split("</tr>")[0]  # S0001, W0001, W0002: one of three trained
    assert '<td class="num">3</td>' in line_a and '<td class="num">1</td>' in line_a and "33" in line_a
    sheet = load_workbook(io.BytesIO((await client.get("/training/coverage?format=xlsx")).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("课程", "部门", "人数", "理论已通过", "已培训", "覆盖率")
    assert ("安全生产规章", "装配A线", 3, 0, 1, 33) in rows
    await sign_in(client, "head-a")
    assert "装配B线" not in (await client.get("/training/coverage")).text
