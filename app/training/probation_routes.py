"""Probation assessment pages: who is due, one person's page, the supervisor's rating, HR's decision."""

from __future__ import annotations

from datetime import date

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Response, Template

from app.attendance.days.routes import STATUS_LABELS
from app.auth.guards import UserDep, requires
from app.auth.service import CurrentUser
from app.i18n import N_
from app.people.tables import Employee
from app.people.team import on_team, team
from app.training import probation, rules, service
from app.training.record_routes import _today
from app.web import after_post, form_data

ASSESSORS = requires("hr", "dept_head", "supervisor")
FORBIDDEN = N_("Your account may not open this page.")


async def _employee(request: Request, employee_id: int) -> dict:
    """The probationer, if this user may assess them: HR, their department's head or their supervisor."""
    employee = (
        await Employee.select(
            Employee.id,
            Employee.employee_code,
            Employee.name,
            Employee.status,
            Employee.hire_date,
            Employee.department,
            Employee.supervisor,
            Employee.department.name.as_alias("department_name"),
        )
        .where(Employee.id == employee_id)
        .first()
        .run()
    )
    if employee is None:
        raise NotFoundException()
    user: CurrentUser = request.scope["user"]
    viewer = await service.viewer_for(user)
    allowed = (
        viewer.has("hr")
        or employee["department"] in viewer.headed_departments
        or (user.has_any("supervisor") and await on_team(user, employee_id))
    )
    if not allowed:
        raise PermissionDeniedException(FORBIDDEN)
    return employee


class ProbationController(Controller):
    path = "/training/probation"
    guards = [ASSESSORS]

    @get("/")
    async def index(self, request: Request, user: UserDep) -> Template:
        viewer = await service.viewer_for(user)
        scope = None if viewer.has("hr") else viewer.headed_departments
        rows = await probation.due(_today(request), scope)
        if scope is not None and not viewer.headed_departments:  # a supervisor: their own team
            mine = {member.id for member in await team(user)}
            rows = [row for row in await probation.due(_today(request)) if row["id"] in mine]
        return Template("training/probation_list.html", context={"rows": rows, "today": _today(request)})

    async def _page(
        self, request: Request, employee: dict, status_code: int = 200, error: str = "", values: dict | None = None
    ) -> Template:
        user: CurrentUser = request.scope["user"]
        context = {
            "a": await probation.assessment(employee, _today(request)),
            "error": error,
            "values": values or {},
            "status_labels": STATUS_LABELS,
            "may_decide": user.has_any("hr"),
            "may_read_results": user.has_any("hr", "dept_head"),  # the appraisal history; a supervisor: the board
            "new_end_limit": rules.probation_end(employee["hire_date"] or _today(request), rules.MAX_PROBATION_MONTHS),
        }
        return Template("training/probation.html", context=context, status_code=status_code)

    @get("/{employee_id:int}")
    async def page(self, request: Request, employee_id: FromPath[int]) -> Template:
        return await self._page(request, await _employee(request, employee_id))

    @post("/{employee_id:int}/rating")
    async def rating(self, request: Request, user: UserDep, employee_id: FromPath[int]) -> Response:
        employee = await _employee(request, employee_id)
        values = await form_data(request)
        error = await probation.rate(employee, values.get("rating", ""), values.get("comment", ""), user)
        if error:
            return await self._page(request, employee, 422, error, values)
        return after_post(request, f"/training/probation/{employee_id}")

    @post("/{employee_id:int}/decision")
    async def decision(self, request: Request, user: UserDep, employee_id: FromPath[int]) -> Response:
        if not user.has_any("hr"):
            raise PermissionDeniedException(N_("Only HR records the probation decision."))
        employee = await _employee(request, employee_id)
        values = await form_data(request)
        try:
            new_end = date.fromisoformat(values.get("new_end", ""))
        except ValueError:
            new_end = None
        decision = values.get("decision", "")
        error = await probation.decide(employee, decision, new_end, _today(request), user)
        if error:
            return await self._page(request, employee, 422, error, values)
        if decision == "terminate":  # the exit form takes the reason, the last day and the settlement
            return after_post(request, f"/people/{employee_id}/exit")
        return after_post(request, f"/training/probation/{employee_id}")
