"""Each role's first page: HR's to-do with counts that lead where to act; a department head's team; the menu."""

from __future__ import annotations

from datetime import date, timedelta

from app.attendance.tables import AttendanceDay, PunchCorrection
from app.people.tables import Department
from app.timeutil import local_today, utcnow
from tests.attendance.factories import PLANT
from tests.cast import make_user, sign_in


async def _day(employee_id: int, work_date: date, status: str, overtime: int = 0) -> None:
    await (
        AttendanceDay(
            employee=employee_id,
            work_date=work_date,
            status=status,
            worked_minutes=480,
            overtime_minutes=overtime,
            overtime_kind="workday" if overtime else "",
            computed_at=utcnow(),
        )
        .save()
        .run()
    )


async def _correction(employee_id: int, work_date: date) -> None:
    await (
        PunchCorrection(
            employee=employee_id,
            work_date=work_date,
            at=utcnow(),
            direction="out",
            reason="忘打卡",
            status="pending",
            requested_by=1,
            requested_at=utcnow(),
        )
        .save()
        .run()
    )


async def test_hr_lands_on_today_s_to_do_with_each_count_and_its_place(client, cast):
    today = local_today(PLANT)
    first = today.replace(day=1)
    for offset in range(2):  # two missing punches earlier this month (the 25th leaves room for both)
        await _day(cast.worker, first + timedelta(days=offset), "missing_punch")
    await _day(cast.supervisor_a, first, "present", overtime=37 * 60)  # over the 36-hour monthly limit
    await _correction(cast.worker, first)
    response = await sign_in(client, "hr")
    assert str(response.url).endswith("/")
    page = response.text
    assert "本月 2 次缺卡" in page and 'href="/attendance/exceptions"' in page
    assert "1 条补卡申请待审批" in page and 'href="/attendance/corrections?status=pending"' in page
    assert "本月 1 人加班超过 36 小时" in page
    assert "计算上月工资" in page  # last month not computed yet
    assert "报表" in page and 'href="/reports"' in page  # the dashboard stays, as 报表


async def test_a_department_head_sees_their_team_and_what_waits_for_them(client, cast):
    await make_user("head-a", "dept_head", cast.supervisor_a)
    await Department.update({Department.head: cast.supervisor_a}).where(Department.id == cast.line_a).run()
    yesterday = local_today(PLANT) - timedelta(days=1)
    await _correction(cast.worker, yesterday)
    response = await sign_in(client, "head-a")
    assert str(response.url).endswith("/")
    assert "装配A线" in response.text and "本组今日" in response.text
    assert "本组 1 条补卡申请待人事审批" in response.text


async def test_the_menu_has_at_most_eight_groups_and_the_section_s_pages_below(client, cast):
    await sign_in(client, "hr")
    page = (await client.get("/attendance/days")).text
    groups = page.split('<nav class="groups"')[1].split("</nav>")[0]
    assert groups.count("<a ") <= 8
    assert 'href="/attendance/today" aria-current="page"' in groups  # the group holding this page
    subnav = page.split('<nav class="subnav')[1].split("</nav>")[0]
    assert 'href="/attendance/days" aria-current="page"' in subnav and 'href="/attendance/calendar"' in subnav
    assert 'href="/attendance/today" aria-current' not in subnav


async def test_a_supervisor_sees_only_the_groups_they_may_open(client, cast):
    await sign_in(client, "sup-a")
    page = (await client.get("/attendance/corrections")).text
    groups = page.split('<nav class="groups"')[1].split("</nav>")[0]
    assert "/payroll" not in page.split("<main")[0] and "/plant" not in groups and "/reports" not in groups
