"""The safety step: the plant-level induction course (pages and a quiz, 80% to pass), then the badge.

Reuses training's course, study and quiz machinery; a pass records the plant level of the three-level
safety education, and the finish issues the badge, starts probation and assigns workshop and team levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from app.audit import service as audit
from app.badges import service as badges
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.onboarding import induction_settings
from app.onboarding import rules as onboarding_rules
from app.onboarding.facts import payload_of
from app.onboarding.flow import CONFIRM_FIRST, Flow, advance
from app.onboarding.store import PlantLevel, store_finished
from app.people import plant_settings
from app.people.tables import Employee
from app.sync import outbox
from app.sync.changes import next_change_no
from app.timeutil import as_utc, utcnow
from app.training import materials as training_materials
from app.training import rules as training_rules
from app.training import service as training
from app.training.tables import Course, QuizQuestion

COURSE_SETTING = "onboarding_safety_course"
INSTRUCTOR = "入职自助终端"  # stored on the safety record as who taught it
COURSE_TITLE = "厂级安全教育（入职）"
PAGES = (
    "欢迎加入！进入车间前，请认真阅读以下安全须知。安全生产，人人有责。",
    "一、劳动防护：进入车间必须穿戴工作服、安全鞋；在冲压、焊接等岗位按规定佩戴防护眼镜、耳塞和手套。长发必须盘起。",
    "二、设备安全：未经培训和授权，不得操作任何设备。设备运转时不得将手伸入危险区域；维修时必须停机、断电、挂牌上锁。",
    "三、消防安全：车间内严禁吸烟。熟悉灭火器位置和使用方法：拔掉保险销，对准火焰根部，压下压把。安全出口和消防通道不得堵塞。",
    "四、事故报告：发生事故或发现隐患，立即停止作业，报告班组长；有人受伤时先保护现场、拨打120，不得隐瞒。",
)
QUESTIONS = (
    ("设备运转时，可以把手伸进去清理铁屑吗？", ["可以，小心一点就行", "不可以，必须先停机断电"], 1),
    ("使用灭火器时应对准哪里？", ["火焰根部", "火焰顶部"], 0),
    ("未经培训可以操作冲床吗？", ["可以", "不可以"], 1),
    ("发现安全隐患应该怎么做？", ["立即报告班组长", "下班后再说"], 0),
    ("安全出口可以临时堆放物料吗？", ["可以", "不可以"], 1),
)


async def course_id() -> int:
    """The induction course: HR may edit it on the training pages; the first use creates it with default pages."""
    known = await plant_settings.read(COURSE_SETTING)
    if isinstance(known, int) and await Course.exists().where(Course.id == known).run():
        return known
    async with write_transaction():
        now = utcnow()
        held = onboarding_rules.course_minutes(sum(len(page) for page in PAGES), len(QUESTIONS))  # not 4 class hours
        course = Course(
            title=COURSE_TITLE,
            kind="general",
            description="\n\n".join(PAGES),
            minutes=held,
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
                    choices=choices,
                    answer=answer,
                    change_no=await next_change_no(),
                )
            ).run()
        await plant_settings.write(COURSE_SETTING, course.id, audit.SYSTEM)
    return course.id


@dataclass(frozen=True)
class Induction:
    course: dict[str, Any]
    pages: list[str]
    materials: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    settings: induction_settings.InductionSettings


async def induction() -> Induction:
    course = await training.get_course(await course_id())
    pages = [page.strip() for page in (course["description"] or "").split("\n\n") if page.strip()]
    return Induction(
        course,
        pages,
        await training_materials.materials(course["id"]),
        await training.questions(course["id"]),
        await induction_settings.current(),
    )


READ_LONGER = N_("Please read the pages a little longer: the quiz opens in %(seconds)s seconds.")
WAIT_TO_RETRY = N_("The next try opens at %(time)s. Read the pages again meanwhile.")


async def quiz_refusal(flow: Flow, now: datetime, zone: ZoneInfo) -> Refused | None:
    """Why the quiz may not open yet (HR's induction settings), or None: the pages read for the minimum time since
    the step began or since they were opened again, and after a fail the wait over."""
    held = await induction()
    course = held.course["id"]
    last = await training.last_attempt(flow.employee, course) if flow.employee else None
    if last and not last["passed"] and held.settings.retry_wait_minutes:
        opens = onboarding_rules.retry_opens_at(as_utc(last["taken_at"]), held.settings.retry_wait_minutes)
        if now < opens:
            return Refused(WAIT_TO_RETRY, time=opens.astimezone(zone).strftime("%H:%M"))
    started = flow.steps.get("safety", {}).get("started")
    read_since = as_utc(datetime.fromisoformat(started)) if started else now
    if flow.employee:
        visit = await training.last_study(flow.employee, course)
        read_since = max(read_since, as_utc(visit)) if visit else read_since
    left = onboarding_rules.reading_seconds_left(read_since, now, len(held.pages), held.settings.read_seconds_per_page)
    return Refused(READ_LONGER, seconds=left) if left else None


async def read_again(flow: Flow) -> None:
    """After a fail the worker reads the pages again; that opens the next try (training.may_attempt)."""
    if flow.step == "safety" and flow.employee:
        await training.record_study(flow.employee, await course_id())


async def may_retry(flow: Flow) -> bool:
    return await training.may_attempt(flow.employee, await course_id())


async def take_quiz(flow: Flow, answers: list[int | None]) -> training_rules.QuizScore | str:
    """The quiz scored and recorded; the message when it may not be taken now."""
    if flow.step != "safety":
        return CONFIRM_FIRST
    try:
        return await training.take_quiz(flow.employee, await course_id(), answers)
    except training.TrainingError as refused:
        return str(refused)


async def pickup_place() -> str:
    return await plant_settings.read_text(plant_settings.BADGE_PICKUP)


DEFAULT_PICKUP = N_("Please collect your badge at the HR office.")


async def finish(flow: Flow, now: datetime, zone: ZoneInfo, secret: bytes, actor: audit.Actor) -> Flow:
    """Safety passed: record the plant level, issue the badge, start probation, assign the other levels, and queue
    the whole onboarding as one fact for the office, all in one transaction."""
    invite, employee_id = flow.invite, flow.employee
    course = await training.get_course(await course_id())
    started = flow.steps.get("safety", {}).get("started")
    spent = (now - as_utc(datetime.fromisoformat(started))).total_seconds() if started else 0
    credited = onboarding_rules.credited_minutes(course["minutes"], spent)  # never more than was taught
    months = invite["probation_months"]
    async with write_transaction():
        flow = await advance(flow, "safety", now)
        badge = await badges.issue_badge(employee_id, secret, actor)
        await (
            Employee.update(
                {
                    Employee.status: "probation" if months else "active",
                    Employee.updated_at: now,
                    Employee.change_no: await next_change_no(),
                }
            )
            .where(Employee.id == employee_id)
            .run()
        )
        await store_finished(
            employee_id,
            invite,
            invite["start_date"],
            PlantLevel(credited, now.astimezone(zone).date(), INSTRUCTOR),
            flow.minor,
            training_rules.probation_end(invite["start_date"], months) if months else None,
            now,
            actor,
        )
        flow = await advance(flow, "badge", now)
        await outbox.record_fact("onboarding", flow.row["id"], await payload_of(flow.id, badge.serial), now)
    return flow


async def badge_payload(flow: Flow, secret: bytes) -> str:
    current = await badges.current_badge(flow.employee, secret) if flow.employee else None
    return current.payload if current else ""
