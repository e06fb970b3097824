"""Recruiting's services on the database: requisitions, candidates found again by ID number, the pipeline, the pool."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.approvals.tables import ApprovalItem
from app.audit.service import Actor
from app.errors import Refused
from app.people.tables import Department
from app.recruiting import candidates, figures, pipeline, pool, requisitions, rules
from app.recruiting.tables import Application, Candidate, Requisition, StageMove
from app.timeutil import utcnow
from tests.conftest import TEST_NOW

TODAY = TEST_NOW.date()  # the tests' clock
SECRET = b"s" * 32
HR = Actor(name="hr", user_id=None)
ADULT = "110105199003070017"
WOMAN = "11010519491231002X"
MINOR = "11010520091201001"  # born 2009-12-01: 16 on the tests' clock (check character added)


class FakeUser:
    def __init__(self, roles, employee_id=None):
        self.roles, self.employee_id = roles, employee_id

    def has_any(self, *roles):
        return "admin" in self.roles or any(role in self.roles for role in roles)


def ric(body17: str) -> str:
    from stdnum.cn import ric as stdnum_ric

    return body17 + stdnum_ric.calc_check_digit(body17 + "0")


async def open_requisition(cast, headcount: int = 2, **values: str) -> int:
    await Department.update({Department.head: cast.supervisor_a}).where(Department.id == cast.line_a).run()
    data = await requisitions.parse(
        {
            "department_id": str(cast.line_a),
            "title": "装配工",
            "headcount": str(headcount),
            "needed_by": (TODAY + timedelta(days=14)).isoformat(),
            "reason": "new_line",
            "requirement_0": "会看图纸",
            "dimension_0": "skills",
            "priority_0": "must",
            "requirement_1": "能站立工作",
            "dimension_1": "physical",
            "priority_1": "should",
            **values,
        },
        TODAY,
    )
    head = FakeUser(("dept_head",), cast.supervisor_a)
    requisition_id = await requisitions.create(data, head, HR)
    return requisition_id


async def add(name: str, number: str, **values) -> candidates.Added:
    data = candidates.parse({"name": name, "id_number": number, "source": "walk_in", "consent": "1", **values})
    return await candidates.add(data, TODAY, SECRET, HR)


async def test_a_department_head_asks_and_hr_approves(cast):
    requisition_id = await open_requisition(cast)
    assert await ApprovalItem.count().where(ApprovalItem.ref == str(requisition_id)) == 1
    await requisitions.decide(requisition_id, True, "", HR)
    row = await requisitions.get(requisition_id)
    assert row["status"] == "open"
    assert [r["requirement"] for r in row["requirements"]] == ["会看图纸", "能站立工作"]
    assert await ApprovalItem.count().where(ApprovalItem.status == "pending") == 0
    table = await requisitions.headcount_by_department()
    assert next(r for r in table if r["id"] == cast.line_a)["asked"] == 2


async def test_a_head_may_not_ask_for_another_department(cast):
    data = await requisitions.parse(
        {
            "department_id": str(cast.line_b),
            "title": "x",
            "headcount": "1",
            "needed_by": "2026-12-31",
            "reason": "growth",
        },
        TODAY,
    )
    with pytest.raises(Refused):
        await requisitions.create(data, FakeUser(("dept_head",), cast.supervisor_a), HR)


async def test_a_refusal_needs_a_reason(cast):
    requisition_id = await open_requisition(cast)
    with pytest.raises(Refused):
        await requisitions.decide(requisition_id, False, " ", HR)
    await requisitions.decide(requisition_id, False, "no budget", HR)
    assert (await requisitions.get(requisition_id))["status"] == "refused"


async def test_the_same_id_number_is_the_same_person(cast):
    first = await add("李四", ADULT, phone="13900001111")
    again = await add("李四", ADULT.lower(), source="referral", referrer="W0001")
    assert again.found_again and again.candidate_id == first.candidate_id
    assert await Candidate.count() == 1
    row = await Candidate.select().first().run()
    assert ADULT not in str(row) and row["id_masked"].endswith("0017")  # encrypted, hashed, masked


async def test_under_16_is_refused_and_16_is_a_minor(cast):
    with pytest.raises(Refused) as refused:
        await add("小明", ric("11010520110301001"))
    assert refused.value.field == "id_number"
    assert await Candidate.count() == 0
    assert (await add("小红", ric(MINOR))).minor


async def test_a_bad_id_number_is_refused_with_the_rules_message(cast):
    with pytest.raises(Refused) as refused:
        await add("王五", "110105199003070018")
    assert refused.value.field == "id_number"


async def test_the_pipeline_moves_with_reasons_and_fills_the_requisition(cast):
    requisition_id = await open_requisition(cast, headcount=1)
    await requisitions.decide(requisition_id, True, "", HR)
    a = (await add("甲", ADULT)).candidate_id
    b = (await add("乙", WOMAN)).candidate_id
    app_a = await pipeline.attach(a, requisition_id, HR, TODAY)
    app_b = await pipeline.attach(b, requisition_id, HR, TODAY)
    with pytest.raises(Refused):
        await pipeline.attach(a, requisition_id, HR, TODAY)
    with pytest.raises(Refused):
        await pipeline.move(app_a, "offer", "", TODAY, HR)  # no skipping the interview
    await pipeline.move(app_a, "interview", "", TODAY, HR)
    await pipeline.score(app_a, {"score_0": "4", "score_1": "5", "verdict": "yes"}, HR)
    with pytest.raises(Refused):
        await pipeline.move(app_b, "rejected", "", TODAY, HR)
    await pipeline.move(app_b, "rejected", "没来面试", TODAY, HR)
    await pipeline.move(app_a, "offer", "", TODAY, HR)
    await pipeline.move(app_a, "hired", "", TODAY, HR)
    assert (await requisitions.get(requisition_id))["status"] == "filled"
    assert await StageMove.count() == 4
    history = await candidates.history(a)
    assert [m["to_stage"] for m in history["applications"][0]["moves"]] == ["interview", "offer", "hired"]
    assert history["applications"][0]["scorecards"][0]["verdict"] == "yes"
    found = await figures.figures(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    assert found.time_to_fill[0]["median_days"] == 0 and found.accepted == 1
    names = [row["name"] for row in await pool.search(pool.Query.parse())]
    assert names == ["乙"]  # the hire left the pool


async def test_the_pool_is_searched_by_tag_and_skill(cast):
    a = (await add("甲", ADULT)).candidate_id
    await add("乙", WOMAN)
    await candidates.set_pool(a, {"tag_potential": "1", "skills": "焊接 叉车", "consent": "1"}, None, HR)
    assert [r["name"] for r in await pool.search(pool.Query.parse("焊接"))] == ["甲"]
    assert [r["name"] for r in await pool.search(pool.Query.parse("", "potential"))] == ["甲"]
    with pytest.raises(Refused):
        await candidates.set_pool(a, {"do_not_rehire": "1"}, None, HR)


async def test_data_past_retention_is_purged(cast):
    a = (await add("甲", ADULT)).candidate_id
    b = (await add("乙", WOMAN, consent="")).candidate_id
    requisition_id = await open_requisition(cast)
    await requisitions.decide(requisition_id, True, "", HR)
    await pipeline.attach(b, requisition_id, HR, TODAY)
    assert await pool.purge(TODAY + timedelta(days=30), HR) == 0  # the last day kept
    assert await pool.purge(TODAY + timedelta(days=40), HR) == 1  # no consent: a month
    assert await Application.count() == 0
    assert await pool.purge(TODAY + timedelta(days=800), HR) == 1  # consent: 24 months by default
    assert await Candidate.count() == 0 and a


async def test_an_earlier_requisition_counts_in_the_figures(cast):
    requisition_id = await open_requisition(cast)
    assert (await figures.figures(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))).pending_requisitions == 1
    assert await Requisition.count() == 1 and requisition_id


async def test_an_earlier_employment_and_why_it_ended_comes_with_the_person(cast, settings):
    import uuid

    from app.ids import new_id
    from app.onboarding.crypto import Vault
    from app.onboarding.tables import OnboardingFlow
    from app.people.tables import Employee, Separation
    from tests.onboarding.factories import make_invite

    invite = await make_invite(cast, settings)
    await OnboardingFlow.insert(
        OnboardingFlow(
            id=new_id(),
            invite=uuid.UUID(invite),
            started_at=utcnow(),
            finished_at=utcnow(),
            id_hash=Vault(settings.secret_key).lookup_hash(ADULT),
            employee=cast.worker,
        )
    ).run()
    await (
        Employee.update({Employee.status: "left", Employee.last_day: date(2026, 6, 30)})
        .where(Employee.id == cast.worker)
        .run()
    )
    await Separation.insert(
        Separation(
            employee=cast.worker,
            reason="dismissal",
            notice_date=date(2026, 6, 1),
            last_day=date(2026, 6, 30),
            note="多次旷工",
            status="left",
            created_at=utcnow(),
        )
    ).run()
    data = candidates.parse({"name": "张伟", "id_number": ADULT, "source": "walk_in"})
    added = await candidates.add(data, TODAY, settings.secret_key, HR)
    earlier = (await candidates.history(added.candidate_id))["earlier"]
    assert earlier["employee_code"] == "W0001" and earlier["exit_reason"] == "dismissal"
    assert earlier["exit_note"] == "多次旷工"
    assert (await Candidate.select(Candidate.earlier_employee).first().run())["earlier_employee"] == cast.worker


async def test_the_figures_count_hires_still_employed_90_days_on_by_source(cast, settings):
    import uuid
    from zoneinfo import ZoneInfo

    from app.ids import new_id
    from app.onboarding.tables import OnboardingFlow
    from tests.onboarding.factories import plant_details

    await plant_details()
    requisition_id = await open_requisition(cast, headcount=1)
    await requisitions.decide(requisition_id, True, "", HR)
    candidate = (await add("甲", ADULT)).candidate_id
    application = await pipeline.attach(candidate, requisition_id, HR, TODAY)
    await pipeline.move(application, "interview", "", TODAY, HR)
    from app.onboarding import invites

    await invites.ensure_default_template()
    template = str((await invites.choices())["templates"][0]["id"])
    values = {"template_id": template, "skill_grade": "1", "term_kind": "fixed", "term_months": "36"}
    values |= {"probation_months": "6", "start_date": "2026-12-01", "expires_on": "2026-12-05", "workplace": "一号厂房"}
    zone = ZoneInfo("Asia/Shanghai")
    invite = await pipeline.make_offer(application, values, TODAY, zone, HR)
    await pipeline.move(application, "hired", "", TODAY, HR)
    await OnboardingFlow.insert(
        OnboardingFlow(id=new_id(), invite=uuid.UUID(invite), started_at=utcnow(), employee=cast.worker)
    ).run()
    found = await figures.figures(zone)
    assert found.sources[0]["measured_90"] == 0  # hired today: not measured yet
    await (
        Application.update({Application.hired_on: TODAY - timedelta(days=100)})
        .where(Application.id == application)
        .run()
    )
    found = await figures.figures(zone)
    assert (found.sources[0]["measured_90"], found.sources[0]["retained_90"]) == (1, 1)
    assert found.offers == 1 and found.accepted == 1


async def test_a_minor_is_refused_for_a_post_banned_for_minors_and_nothing_is_added(cast):
    banned = await open_requisition(cast, adult_only="height")
    open_post = await open_requisition(cast)
    for requisition_id in (banned, open_post):
        await requisitions.decide(requisition_id, True, "", HR)
    assert (await requisitions.get(banned))["adult_only"] == "height"
    data = candidates.parse({"name": "小红", "id_number": ric(MINOR), "source": "walk_in", "consent": "1"})
    with pytest.raises(Refused) as refused:
        await pipeline.add_and_attach(data, banned, TODAY, SECRET, HR)
    assert refused.value.message == rules.MINOR_POST and refused.value.field == "requisition_id"
    assert await Candidate.count() == 0 and await Application.count() == 0  # both or neither
    added = await pipeline.add_and_attach(data, open_post, TODAY, SECRET, HR)  # a post open to minor workers
    assert added.minor and await Application.count() == 1
    with pytest.raises(Refused):  # from the talent pool too
        await pipeline.attach(added.candidate_id, banned, HR, TODAY)
    adult = (await add("甲", ADULT)).candidate_id
    await pipeline.attach(adult, banned, HR, TODAY)
    assert await Application.count().where(Application.requisition == banned) == 1


async def test_a_bad_kind_of_banned_post_is_refused(cast):
    with pytest.raises(Refused) as refused:
        await open_requisition(cast, adult_only="circus")
    assert refused.value.field == "adult_only" and await Requisition.count() == 0


async def test_the_offer_is_refused_when_the_minor_is_under_18_on_its_start_date(cast):
    from zoneinfo import ZoneInfo

    from app.onboarding import invites
    from app.onboarding.tables import Invite
    from tests.onboarding.factories import plant_details

    await plant_details()
    requisition_id = await open_requisition(cast, headcount=1)
    await requisitions.decide(requisition_id, True, "", HR)
    minor = (await add("小红", ric(MINOR))).candidate_id
    application = await pipeline.attach(minor, requisition_id, HR, TODAY)  # not banned when attached
    await pipeline.move(application, "interview", "", TODAY, HR)
    await Requisition.update({Requisition.adult_only: "heavy_lifting"}).where(Requisition.id == requisition_id).run()
    await invites.ensure_default_template()
    template = str((await invites.choices())["templates"][0]["id"])
    values = {"template_id": template, "skill_grade": "1", "term_kind": "fixed", "term_months": "36"}
    values |= {"probation_months": "6", "start_date": "2026-12-10", "expires_on": "2026-12-05", "workplace": "一号厂房"}
    with pytest.raises(Refused) as refused:
        await pipeline.make_offer(application, values, TODAY, ZoneInfo("Asia/Shanghai"), HR)
    assert refused.value.message == rules.MINOR_POST and refused.value.field == "start_date"
    assert await Invite.count() == 0
    assert (await Application.select(Application.stage).first().run())["stage"] == "interview"
