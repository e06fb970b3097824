"""The demo plant's office: a small administration office (行政部, six people) whose monthly scheme weighs OKR
goals and self, manager and peer ratings. This month's period is open: one person has written and self-scored
their goals and waits for the manager, another was scored by the office head, and peers were asked. The office
account `bangong` (role staff) is the first of them, to try "My appraisal"."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from app.appraisal import periods, schemes
from app.appraisal.office import service
from app.appraisal.tables import AppraisalRating
from app.demo.accounts import DEMO, DemoLogin, add_login
from app.demo.appraisal import BANDS
from app.people.tables import Department, Employee, Position
from app.sync.changes import next_change_no
from app.timeutil import utcnow

PEOPLE = (  # code, name, gender, post
    ("O0001", "周晓东", "M", "行政主管"),
    ("O0002", "陈静", "F", "人事专员"),
    ("O0003", "林佳琳", "F", "行政专员"),
    ("O0004", "黄志辉", "M", "采购员"),
    ("O0005", "吴欣怡", "F", "行政专员"),
    ("O0006", "郑浩然", "M", "采购员"),
)
FORM = {
    "name": "行政部月度目标考核",
    "period_kind": "month",
    "missing": "reweight",
    "weight_goals": "60",
    "weight_manager": "20",
    "weight_peer": "10",
    "weight_self": "10",
    **BANDS,
    "bonus_base": "600",
}


async def _office(today: date) -> dict[str, int]:
    now = utcnow()
    department = Department(name="行政部", code="ADMIN", created_at=now, change_no=await next_change_no())
    await department.save().run()
    posts: dict[str, int] = {}
    ids: dict[str, int] = {}
    for code, name, gender, post in PEOPLE:
        if post not in posts:
            position = Position(name=post, department=department.id, created_at=now, change_no=await next_change_no())
            await position.save().run()
            posts[post] = position.id
        person = Employee(
            employee_code=code,
            name=name,
            gender=gender,
            status="active",
            hire_date=today - timedelta(days=400 + 97 * len(ids)),
            department=department.id,
            position=posts[post],
            supervisor=ids.get("O0001"),
            created_at=now,
            updated_at=now,
            change_no=await next_change_no(),
        )
        await person.save().run()
        ids[code] = person.id
    await Department.update({Department.head: ids["O0001"]}).where(Department.id == department.id).run()
    return {"department": department.id, **ids}


async def add_office(data_dir: Path, today: date, zone: ZoneInfo) -> DemoLogin | None:
    """The office, its scheme and this month's open period with goals and feedback; None when it exists."""
    if await Department.exists().where(Department.code == "ADMIN").run():
        return await add_login(data_dir, "bangong", ("staff",), "行政部 陈静", None)
    ids = await _office(today)
    form = {**FORM, "department": str(ids["department"])}
    scheme_id = await schemes.save_scheme(schemes.parse_scheme(form), None, today, DEMO)
    period = await periods.open_period(scheme_id, f"{today:%Y-%m}", zone, DEMO)
    await periods.fill(period, zone, DEMO)
    written = {
        "title_1": "本月招聘到岗冲压工 5 名",
        "weight_1": "50",
        "self_1": "80",
        "title_2": "新员工三级安全教育档案当月归档",
        "weight_2": "30",
        "self_2": "100",
        "title_3": "考勤异常当周处理完毕",
        "weight_3": "20",
        "self_3": "90",
        "self_rating": "4",
    }
    await service.save_own(period, ids["O0002"], written, DEMO)
    scored = {"title_1": "办公用品月度盘点误差低于 1%", "weight_1": "60", "self_1": "90"}
    scored |= {"title_2": "会议室预订系统上线", "weight_2": "40", "self_2": "70", "self_rating": "3"}
    await service.save_own(period, ids["O0003"], scored, DEMO)
    goals = await service.goals(period, ids["O0003"])
    manager = {f"manager_{goals[0].id}": "85", f"manager_{goals[1].id}": "60", "manager_rating": "4"}
    await service.save_manager(period, ids["O0003"], manager, ids["O0001"], DEMO)
    await service.set_peers(period, ids["O0002"], "O0003 O0004", DEMO)
    await service.set_peers(period, ids["O0003"], "O0002 O0005", DEMO)
    asked = AppraisalRating.select().where((AppraisalRating.kind == "peer") & (AppraisalRating.rater == ids["O0003"]))
    for request in await asked.run():
        await service.answer(request["id"], ids["O0003"], {"rating": "4", "rating_comment": "招聘进度沟通及时"}, DEMO)
    return await add_login(data_dir, "bangong", ("staff",), "行政部 陈静", ids["O0002"])
