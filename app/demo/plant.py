"""The demo plant's people: three workshops, sixty workers with realistic names, supervisors and
department heads, shifts and calendars, badges, and an admin account (idempotent)."""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta
from pathlib import Path

from app.attendance.schedule.demo_shifts import load_demo_shifts
from app.auth import service as auth
from app.auth.tables import User
from app.badges.service import issue_missing
from app.db.tx import write_transaction
from app.demo.accounts import DEMO, DemoLogin, write_login
from app.people import plant_settings
from app.people.tables import Department, Employee, Position
from app.sync.changes import next_change_no
from app.timeutil import utcnow

DEMO_PLANT_NAME = "示例精密制造有限公司"  # HR renames it on the Plant page
DEMO_EMPLOYER = (
    (plant_settings.EMPLOYER_ADDRESS, "江苏省苏州市工业园区示例路1号"),
    (plant_settings.LEGAL_REPRESENTATIVE, "王示例"),
    (plant_settings.PAY_DAY, "15"),
)  # art. 17
DEPARTMENTS = [
    ("冲压车间", "STAMP", ["冲压工", "模具工"]),
    ("装配车间", "ASSY", ["装配工", "线长"]),
    ("质检部", "QC", ["质检员"]),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
# Given-name characters by the gender they usually go with, so a roster reads like a real one.
GIVEN = {
    "M": "伟强磊军洋勇杰涛明超刚华建国志辉立新亮宇鹏飞浩然轩豪俊峰晓东海",
    "F": "芳娜秀英敏静丽艳娟兰霞桂玉燕红梅春婷欣怡雨涵佳琳",
}
EMPLOYEES = 60


def _names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(name, gender) pairs; given names of one or two characters, as on real rosters."""
    people = []
    for _ in range(count):
        gender = rng.choice("MMF")
        given = "".join(rng.choice(GIVEN[gender]) for _ in range(rng.choice((1, 2, 2))))
        people.append((rng.choice(SURNAMES) + given, gender))
    return people


async def _departments() -> list[tuple[int, list[int]]]:
    result = []
    now = utcnow()
    for name, code, positions in DEPARTMENTS:
        department = await Department.objects().get(Department.name == name).run()
        if department is None:
            department = Department(name=name, code=code, created_at=now, change_no=await next_change_no())
            await department.save().run()
        position_ids = []
        for title in positions:
            position = (
                await Position.objects().get((Position.name == title) & (Position.department == department.id)).run()
            )
            if position is None:
                position = Position(
                    name=title, department=department.id, created_at=now, change_no=await next_change_no()
                )
                await position.save().run()
            position_ids.append(position.id)
        result.append((department.id, position_ids))
    return result


async def _employees(departments: list[tuple[int, list[int]]]) -> int:
    rng = random.Random(20261122)  # fixed seed: the same plant every time
    today = date.today()  # the demo is made now, at the real date; birth and hire dates only need to look real
    added = 0
    for index, (name, gender) in enumerate(_names(rng, EMPLOYEES), start=1):
        department_id, positions = departments[index % len(departments)]
        code = f"E{index:04d}"
        birth = date(rng.randint(1970, 2005), rng.randint(1, 12), rng.randint(1, 28))
        hire = today - timedelta(days=rng.randint(20, 2500))
        phone = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
        status = "probation" if (today - hire).days < 90 else "active"
        if await Employee.exists().where(Employee.employee_code == code).run():
            continue
        now = utcnow()
        await Employee.insert(
            Employee(
                employee_code=code,
                name=name,
                gender=gender,
                birth_date=birth,
                phone=phone,
                status=status,
                hire_date=hire,
                department=department_id,
                position=positions[index % len(positions)],
                skill_grade=rng.randint(1, 5),
                created_at=now,
                updated_at=now,
                change_no=await next_change_no(),
            )
        ).run()
        added += 1
    return added


async def _admin(data_dir: Path) -> DemoLogin:
    password_file = data_dir / "admin-password.txt"
    if await User.exists().where(User.username == "admin").run():
        password = password_file.read_text().strip() if password_file.exists() else None
        return DemoLogin(username="admin", password=password)
    password = "fhr-" + secrets.token_urlsafe(9)
    await auth.add_user("admin", password, ("admin",), display_name="管理员", actor=DEMO)
    write_login(password_file, password)
    return DemoLogin(username="admin", password=password)


async def _leaders() -> None:
    """In each workshop the first worker supervises the others and the second heads the department."""
    for department in await Department.select(Department.id).order_by(Department.id).run():
        staff = (
            await Employee.select(Employee.id)
            .where(Employee.department == department["id"])
            .order_by(Employee.employee_code)
            .run()
        )
        if len(staff) < 3:
            continue
        supervisor, head = staff[0]["id"], staff[1]["id"]
        await (
            Employee.update({Employee.supervisor: supervisor, Employee.change_no: await next_change_no()})
            .where(
                (Employee.department == department["id"]) & (Employee.id != supervisor) & Employee.supervisor.is_null()
            )
            .run()
        )
        await (
            Department.update({Department.head: head})
            .where((Department.id == department["id"]) & Department.head.is_null())
            .run()
        )


async def load_plant(data_dir: Path) -> tuple[DemoLogin, int]:
    """People, shifts and badges; returns the admin login and how many employees were added."""
    async with write_transaction():
        departments = await _departments()
        added = await _employees(departments)
        await _leaders()
        await load_demo_shifts()
    await issue_missing(None, DEMO)  # every demo employee gets a QR badge (`floorhr badge CODE` prints it)
    for key, value in ((plant_settings.PLANT_NAME, DEMO_PLANT_NAME), *DEMO_EMPLOYER):
        if not await plant_settings.read_text(key):
            await plant_settings.write(key, value, DEMO)
    return await _admin(data_dir), added
