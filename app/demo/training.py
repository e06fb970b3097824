"""The demo plant's training: the plant-level safety course with its quiz, a stamping course taught by the demo's
trainer, quiz attempts and practical sign-offs over the last weeks, three-level safety records, and a few
special-operation certificates (one expiring soon, so the reminders show)."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.auth.tables import User
from app.db.tx import write_transaction
from app.demo.floor import BATCH, workers
from app.ids import new_id
from app.people.tables import Department
from app.piecework.tables import Operation
from app.sync.changes import next_change_no
from app.timeutil import utcnow
from app.training.tables import (
    Certificate,
    Course,
    PracticalSignoff,
    QuizAttempt,
    QuizQuestion,
    SafetyEducation,
    TrainerQualification,
)

QUESTIONS = [
    ("发现设备异常时应该怎么做?", ["立即停机并报告班组长", "继续生产,下班再说", "自己拆开修理"], 0),
    ("进入冲压车间必须佩戴什么?", ["安全帽和防护眼镜", "耳机", "手表"], 0),
    ("灭火器的正确使用顺序是?", ["拔销、握管、对准火焰根部、压把", "压把、拔销、对准火苗顶部", "直接喷向人员"], 0),
    ("发生工伤后第一步应该?", ["报告主管并及时就医", "隐瞒不报", "自行处理后继续工作"], 0),
    ("未成年工可以从事哪项工作?", ["一般辅助工作", "每分钟超过50次的流水线作业", "高处作业"], 0),
]
COURSES = [  # title, kind, department code (None: plant-wide), minutes
    ("厂级安全教育", "general", None, 240),
    ("冲压成型操作规程", "professional", "STAMP", 120),
]


async def _course(title: str, kind: str, department_code: str | None, minutes: int) -> int:
    row = await Course.select(Course.id).where(Course.title == title).first().run()
    if row:
        return row["id"]
    department = None
    if department_code:
        department = (await Department.select(Department.id).where(Department.code == department_code).first().run())[
            "id"
        ]
    now = utcnow()
    course = Course(
        title=title,
        kind=kind,
        department=department,
        minutes=minutes,
        pass_mark=80,
        created_at=now,
        updated_at=now,
        change_no=await next_change_no(),
    )
    await course.save().run()
    for position, (text, choices, answer) in enumerate(QUESTIONS):
        await QuizQuestion.insert(
            QuizQuestion(
                course=course.id,
                position=position,
                text=text,
                choices=json.dumps(choices, ensure_ascii=False),
                answer=answer,
                change_no=await next_change_no(),
            )
        ).run()
    return course.id


def _moment(day: date, zone: ZoneInfo, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


async def add_training(today: date, zone: ZoneInfo) -> None:
    if await QuizAttempt.exists().run():
        return
    safety = await _course(*COURSES[0])
    stamping = await _course(*COURSES[1])
    account = await User.select(User.employee).where(User.username == "peixun").first().run()  # the demo's trainer
    trainer = {"id": account["employee"]} if account and account["employee"] else None
    rng = random.Random(20261206)
    attempts, signoffs, records = [], [], []
    people = await workers()
    for worker in people:
        day = max(worker.hired, today - timedelta(days=rng.randint(3, 80)))
        passed = rng.random() > 0.1
        score = rng.choice((80, 100)) if passed else 60
        attempts.append(
            QuizAttempt(
                id=new_id(),
                employee=worker.id,
                course=safety,
                answers="[]",
                correct=score // 20,
                total=5,
                percent=score,
                passed=passed,
                taken_at=_moment(day, zone, 10),
            )
        )
        for level in ("plant", "workshop", "team"):
            records.append(
                SafetyEducation(
                    employee=worker.id,
                    level=level,
                    minutes=480,
                    assigned_at=_moment(worker.hired, zone, 9),
                    signed_off_on=worker.hired,
                    instructor="安全员",
                )
            )
        if worker.department == "冲压车间" and trainer and worker.id != trainer["id"] and rng.random() < 0.6:
            signoffs.append(
                PracticalSignoff(
                    id=new_id(),
                    employee=worker.id,
                    course=stamping,
                    trainer=trainer["id"],
                    signed_at=_moment(day + timedelta(days=2), zone, 15),
                )
            )
    async with write_transaction():
        for rows in (attempts, signoffs, records):
            for start in range(0, len(rows), BATCH):
                await type(rows[0]).insert(*rows[start : start + BATCH]).run()
        if trainer:
            await TrainerQualification.insert(
                TrainerQualification(
                    course=stamping, trainer=trainer["id"], granted_at=utcnow(), change_no=await next_change_no()
                )
            ).run()
        await Operation.update({Operation.course: stamping}).where(Operation.code == "STP-10").run()
        for index, worker in enumerate(people[:3]):
            expires = today + timedelta(days=(20, 400, 900)[index])  # one within the 30-day reminder
            await Certificate.insert(
                Certificate(
                    employee=worker.id,
                    kind="forklift",
                    number=f"TZ-2024-{index + 1:04d}",
                    issued_on=expires - timedelta(days=365 * 4),
                    expires_on=expires,
                    recorded_at=utcnow(),
                    change_no=await next_change_no(),
                )
            ).run()
