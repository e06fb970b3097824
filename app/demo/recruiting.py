"""The demo plant's recruiting: an open requisition of the stamping shop with candidates at every stage, one
waiting for HR, one filled a month ago (time to fill on the dashboard), and a talent pool of tagged candidates."""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from stdnum.cn import ric

from app.demo.accounts import DEMO
from app.demo.plant import GIVEN, SURNAMES
from app.people.tables import Department, Employee, Position
from app.recruiting import candidates, pipeline, requisitions
from app.recruiting.tables import Application, Candidate, Requisition

REQUIREMENTS = {
    "冲压工": [
        ("skills", "会看图纸，能独立调机", "must"),
        ("experience", "一年以上冲压经验", "should"),
        ("physical", "能站立工作，适应两班倒", "must"),
        ("certificate", "有叉车证", "nice"),
    ],
    "质检员": [("education", "高中或中专以上", "must"), ("skills", "会用卡尺、千分尺", "must")],
    "叉车司机": [("certificate", "叉车证（N1）有效", "must"), ("experience", "两年以上厂内驾驶", "should")],
}
# (stage path, source, tags, skills) for the open requisition's candidates
BOARD = [
    ((), "walk_in", [], "冲压"),
    ((), "job_fair", [], ""),
    (("interview",), "referral", [], "冲压 调机"),
    (("interview",), "agency", [], ""),
    (("interview", "trial"), "walk_in", [], "冲压 模具"),
    (("interview", "trial", "offer"), "referral", [], "冲压"),
    (("interview", "trial", "offer", "hired"), "job_fair", [], "冲压 叉车"),
    (("rejected",), "walk_in", [], ""),
    (("interview", "withdrew"), "agency", [], ""),
]
POOL = [
    ("job_fair", ["potential"], "焊接 氩弧焊", "焊工"),
    ("walk_in", ["urgent"], "叉车", "叉车司机"),
    ("job_fair", ["potential", "urgent"], "数控 CNC", "数控操作工"),
    ("referral", [], "质检 卡尺", "质检员"),
    ("walk_in", [], "装配", "装配工"),
]


def _id_number(rng: random.Random, birth: date) -> str:
    body = f"320506{birth:%Y%m%d}{rng.randint(10, 99)}{rng.randint(0, 9)}"
    return body + ric.calc_check_digit(body + "0")


def _person(rng: random.Random, today: date, minor: bool = False) -> tuple[str, str]:
    gender = rng.choice("MMF")
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN[gender]) for _ in range(rng.choice((1, 2))))
    age_days = rng.randint(16 * 365 + 30, 17 * 365) if minor else rng.randint(19 * 365, 45 * 365)
    return name, _id_number(rng, today - timedelta(days=age_days))


def _at(day: date, zone: ZoneInfo, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), zone)


async def _requisition(department: int, position: int | None, title: str, headcount: int, needed: date) -> int:
    data = requisitions.RequisitionInput(
        department,
        position,
        title,
        headcount,
        f"按作业指导书完成{title}岗位工作，做好交接班和5S。",
        [{"dimension": d, "requirement": r, "priority": p} for d, r, p in REQUIREMENTS[title]],
        needed,
        "new_line" if title != "叉车司机" else "growth",
        None,
    )

    class _HR:  # the demo files as HR would
        employee_id = None

        @staticmethod
        def has_any(*roles: str) -> bool:
            return True

    return await requisitions.create(data, _HR(), DEMO)


async def _candidate(rng, today, secret, source, skills="", posts="", minor=False, referrer="") -> int:
    name, number = _person(rng, today, minor)
    data = candidates.CandidateInput(
        name,
        f"139{rng.randint(10000000, 99999999)}",
        number,
        source,
        "2026 园区春季招聘会" if source == "job_fair" else ("苏州好工作人力资源" if source == "agency" else ""),
        referrer if source == "referral" else "",
        consent=rng.random() < 0.8,
        skills=skills,
        posts=posts,
    )
    return (await candidates.add(data, today, secret, DEMO)).candidate_id


async def _backdate(requisition_id: int, asked: date, approved: date, zone: ZoneInfo) -> None:
    await (
        Requisition.update({Requisition.created_at: _at(asked, zone), Requisition.decided_at: _at(approved, zone, 15)})
        .where(Requisition.id == requisition_id)
        .run()
    )


async def add_recruiting(today: date, zone: ZoneInfo, secret: bytes) -> int:
    """Idempotent: nothing when a requisition exists. Returns how many candidates were added."""
    if await Requisition.exists().run():
        return 0
    rng = random.Random(20261205)
    departments = {
        row["code"]: row["id"] for row in await Department.select(Department.id, Department.code).run() if row["code"]
    }
    if "STAMP" not in departments:
        return 0
    positions = {row["name"]: row["id"] for row in await Position.select(Position.id, Position.name).run()}
    referrer = await Employee.select(Employee.employee_code).where(Employee.status == "active").first().run()
    referrer_code = referrer["employee_code"] if referrer else ""
    # A forklift driver found a month ago: the dashboard's time to fill.
    filled = await _requisition(departments["STAMP"], None, "叉车司机", 1, today - timedelta(days=25))
    await requisitions.decide(filled, True, "", DEMO)
    driver = await _candidate(rng, today, secret, "referral", "叉车", "叉车司机", referrer=referrer_code)
    application = await pipeline.attach(driver, filled, DEMO, today)
    for stage in ("interview", "offer", "hired"):
        await pipeline.move(application, stage, "", today, DEMO)
    await _backdate(filled, today - timedelta(days=50), today - timedelta(days=48), zone)
    await (
        Application.update({Application.hired_on: today - timedelta(days=30)})
        .where(Application.id == application)
        .run()
    )
    # The stamping shop's open requisition, with a card at every stage.
    open_one = await _requisition(
        departments["STAMP"], positions.get("冲压工"), "冲压工", 3, today + timedelta(days=10)
    )
    await requisitions.decide(open_one, True, "", DEMO)
    await _backdate(open_one, today - timedelta(days=12), today - timedelta(days=11), zone)
    added = 1
    for path, source, _tags, skills in BOARD:
        candidate = await _candidate(rng, today, secret, source, skills, "冲压工", referrer=referrer_code)
        added += 1
        application = await pipeline.attach(candidate, open_one, DEMO, today)
        for stage in path:
            reason = {"rejected": "面试未到", "withdrew": "已去其他工厂"}.get(stage, "")
            await pipeline.move(application, stage, reason, today, DEMO)
        if "interview" in path:
            scores = {f"score_{i}": str(rng.randint(3, 5)) for i in range(len(REQUIREMENTS["冲压工"]))}
            await pipeline.score(application, {**scores, "verdict": "yes" if "trial" in path else "maybe"}, DEMO)
    # Waiting for HR: quality control asks for an inspector.
    if "QC" in departments:
        await _requisition(departments["QC"], positions.get("质检员"), "质检员", 1, today + timedelta(days=20))
    # The talent pool: tagged, one minor, one not to rehire.
    for source, tags, skills, posts in POOL:
        candidate = await _candidate(rng, today, secret, source, skills, posts, referrer=referrer_code)
        added += 1
        await Candidate.update({Candidate.tags: json.dumps(tags)}).where(Candidate.id == candidate).run()
    await _candidate(rng, today, secret, "job_fair", "", "包装工", minor=True)
    unwanted = await _candidate(rng, today, secret, "walk_in", "装配", "装配工")
    await (
        Candidate.update({Candidate.do_not_rehire: True, Candidate.do_not_rehire_reason: "试岗期间多次旷工"})
        .where(Candidate.id == unwanted)
        .run()
    )
    await _searchable()
    return added + 2


async def _searchable() -> None:
    """Tags were set directly above: refresh each candidate's search text as the pool form would."""
    for row in await Candidate.select(
        Candidate.id, Candidate.name, Candidate.skills, Candidate.posts, Candidate.tags
    ).run():
        tags = json.loads(row["tags"]) if isinstance(row["tags"], str) else row["tags"]
        text = candidates.search_text(row["name"], row["skills"], row["posts"], tags)
        await Candidate.update({Candidate.search_text: text}).where(Candidate.id == row["id"]).run()
