"""Each role's first page: HR's to-do for today, a department head's team and what waits for them; a supervisor
goes straight to the tablet's confirmation page and a trainer to the courses."""

from __future__ import annotations

from litestar import get
from litestar.response import Redirect, Template

from app.attendance.days.board import today_board
from app.auth import totp
from app.auth.guards import MaybeUserDep
from app.auth.service import CurrentUser
from app.people.tables import Department
from app.reports import todo
from app.timeutil import local_today, utcnow
from app.web import ZoneDep


async def _headed_department(user: CurrentUser) -> dict | None:
    if user.employee_id is None:
        return None
    return (
        await Department.select(Department.id, Department.name).where(Department.head == user.employee_id).first().run()
    )


@get("/")
async def home(user: MaybeUserDep, zone: ZoneDep) -> Template | Redirect:
    if user is None:
        return Redirect("/login")
    today = local_today(zone)
    if user.has_any("hr"):
        items = await todo.hr_todo(today, utcnow())
        return Template(
            "reports/home.html",
            context={"items": items, "today": today, "totp_enrolled": await totp.is_enrolled(user.id)},
        )
    department = await _headed_department(user) if user.has_any("dept_head") else None
    if department is not None:
        board = await today_board(zone)
        team = next((section for section in board.departments if section.name == department["name"]), None)
        items = await todo.team_todo(today, department["id"], user.roles, user.employee_id)
        return Template(
            "reports/team_home.html",
            context={"items": items, "today": today, "department": department, "team": team, "board": board},
        )
    if user.has_any("supervisor"):
        return Redirect("/pieces/confirm")  # the tablet page supervisors work from
    if user.has_any("dept_head", "trainer"):
        return Redirect("/training")
    if user.employee_id is not None and not user.has_any("hr", "supervisor"):
        return Redirect("/appraisal/mine")  # office staff: their own appraisal is what they may open
    return Redirect("/attendance/corrections")
