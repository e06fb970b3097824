"""The probation assessment page: what it brings together, who may rate, and HR's decision."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.ids import new_id
from app.people.tables import Employee
from app.timeutil import local_today, utcnow
from app.training.tables import Course, PracticalSignoff, ProbationAssessment, QuizAttempt, SafetyEducation
from tests.cast import make_employee, post_form, sign_in


@pytest.fixture
async def probationer(cast, settings):
    """Hired two months and three weeks ago on a three-month probation, supervised by line A's supervisor."""
    hired = local_today(settings.zone) - timedelta(days=82)
    return await make_employee(
        "W0400", "吴新", cast.line_a, status="probation", hire_date=hired, supervisor=cast.supervisor_a
    )


async def _welding_theory_passed_practical_failed(employee_id: int, trainer: int) -> None:
    now = utcnow()
    course = Course(title="点焊工艺", kind="professional", pass_mark=80, created_at=now, updated_at=now)
    await course.save().run()
    await QuizAttempt.insert(
        QuizAttempt(
            id=new_id(),
            employee=employee_id,
            course=course.id,
            correct=9,
            total=10,
            percent=90,
            passed=True,
            taken_at=now,
        )
    ).run()
    await PracticalSignoff.insert(
        PracticalSignoff(
            id=new_id(), employee=employee_id, course=course.id, trainer=trainer, signed_at=now, passed=False
        )
    ).run()


async def test_the_page_brings_it_together_and_names_the_department_s_part(client, cast, probationer):
    await _welding_theory_passed_practical_failed(probationer, cast.supervisor_a)
    await sign_in(client, "hr")
    due = (await client.get("/training/probation")).text
    assert "W0400" in due
    page = (await client.get(f"/training/probation/{probationer}")).text
    assert "点焊工艺" in page and "90%" in page and "尚未合格" in page
    assert "实操指导是部门的责任" in page
    assert "三级安全教育（厂级、车间级、班组级）尚未全部完成并签核" in page


async def test_the_supervisor_rates_their_own_probationer_only(client, cast, probationer):
    await sign_in(client, "sup-a")
    response = await post_form(client, f"/training/probation/{probationer}/rating", {"rating": "4", "comment": "踏实"})
    assert response.status_code == 200
    row = await ProbationAssessment.select().first().run()
    assert (row["rating"], row["comment"]) == (4, "踏实")
    await sign_in(client, "sup-b")
    refused = await post_form(client, f"/training/probation/{probationer}/rating", {"rating": "1"})
    assert refused.status_code == 403
    assert (await ProbationAssessment.select().first().run())["rating"] == 4
    decided = await post_form(client, f"/training/probation/{probationer}/decision", {"decision": "confirm"})
    assert decided.status_code == 403


async def test_hr_cannot_confirm_without_safety_education_then_extends_within_the_law(
    client, cast, probationer, settings
):
    await sign_in(client, "hr")
    refused = await post_form(client, f"/training/probation/{probationer}/decision", {"decision": "confirm"})
    assert refused.status_code == 422 and "三级安全教育" in refused.text
    assert (await Employee.select(Employee.status).where(Employee.id == probationer).first().run())[
        "status"
    ] == "probation"
    hired = (await Employee.select(Employee.hire_date).where(Employee.id == probationer).first().run())["hire_date"]
    too_long = hired + timedelta(days=200)
    over = await post_form(
        client, f"/training/probation/{probationer}/decision", {"decision": "extend", "new_end": too_long.isoformat()}
    )
    assert over.status_code == 422 and "不得超过 6 个月" in over.text
    new_end = hired + timedelta(days=150)
    await post_form(
        client, f"/training/probation/{probationer}/decision", {"decision": "extend", "new_end": new_end.isoformat()}
    )
    row = await ProbationAssessment.select().first().run()
    assert (row["decision"], row["probation_end"]) == ("extend", new_end)


async def test_hr_confirms_once_the_safety_education_is_signed_off(client, cast, probationer):
    for level in ("plant", "workshop", "team"):
        await SafetyEducation.insert(
            SafetyEducation(
                employee=probationer, level=level, minutes=480, assigned_at=utcnow(), signed_off_on=date(2026, 9, 10)
            )
        ).run()
    await sign_in(client, "hr")
    response = await post_form(client, f"/training/probation/{probationer}/decision", {"decision": "confirm"})
    assert response.status_code == 200 and '<p id="decision">转正</p>' in response.text
    assert (await Employee.select(Employee.status).where(Employee.id == probationer).first().run())[
        "status"
    ] == "active"
    assert (await ProbationAssessment.select().first().run())["decision"] == "confirm"


async def test_terminating_continues_on_the_exit_form(client, cast, probationer):
    await sign_in(client, "hr")
    response = await post_form(client, f"/training/probation/{probationer}/decision", {"decision": "terminate"})
    assert str(response.url).endswith(f"/people/{probationer}/exit")
