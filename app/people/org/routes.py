"""The printable org chart, the duty responsibility matrix and the log of tasks done against duties."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Response, Template

from app.auth.guards import HR, HR_OR_DEPT_HEAD, UserDep
from app.people import forms
from app.people.org import duties
from app.people.org import service as org
from app.people.tables import RESPONSIBILITY_LEVELS
from app.web import ActorDep, after_post, form_data, is_fragment, render


class OrgController(Controller):
    path = "/org"
    guards = [HR_OR_DEPT_HEAD]

    @get("/")
    async def chart(self) -> Template:
        return Template("people/org.html", context={"chart": await org.org_chart()})


class DutyController(Controller):
    """Department heads read the matrix and log tasks; HR defines duties and who owns them."""

    path = "/duties"
    guards = [HR_OR_DEPT_HEAD]

    async def _matrix(self, request: Request, values: dict, errors: dict) -> Template:
        context = {"matrix": await duties.matrix(), "levels": RESPONSIBILITY_LEVELS, "values": values, "errors": errors}
        return render(request, "people/duties.html", status_code=422 if errors else 200, **context)

    @get("/")
    async def index(self, request: Request) -> Template:
        return await self._matrix(request, {}, {})

    @post("/", guards=[HR])
    async def create(self, request: Request, actor: ActorDep) -> Response:
        values = await form_data(request)
        errors = await duties.create_duty(values.get("name", ""), values.get("description", ""), actor)
        if not errors:
            return after_post(request, "/duties")
        return await self._matrix(request, values, errors)

    @post("/{duty_id:int}/levels", guards=[HR])
    async def set_level(self, request: Request, actor: ActorDep, duty_id: FromPath[int]) -> Response:
        values = await form_data(request)
        department_id = forms.optional_int(values.get("department_id")) or 0
        level = values.get("level", "")
        errors = await duties.set_level(duty_id, department_id, level, actor)
        if is_fragment(request, f"cell-{duty_id}-{department_id}"):
            current = await duties.level_of(duty_id, department_id)
            context = {
                "duty_id": duty_id,
                "department_id": department_id,
                "level": current,
                "levels": RESPONSIBILITY_LEVELS,
                "errors": errors,
            }
            return Template("people/_duty_cell.html", context=context, status_code=422 if errors else 200)
        if not errors:
            return after_post(request, "/duties")
        return await self._matrix(request, values, errors)

    async def _tasks(self, request: Request, values: dict, outcome: duties.TaskOutcome) -> Template:
        context = {
            "matrix": await duties.matrix(),
            "tasks": await duties.recent_tasks(),
            "values": values,
            "errors": outcome.errors,
            "owner": outcome.owner,
        }
        status = 422 if outcome.errors else 200
        return render(
            request, "people/duty_tasks.html", "people/_task_form.html", "task-form", status_code=status, **context
        )

    @get("/tasks")
    async def tasks(self, request: Request, user: UserDep) -> Template:
        department = await duties.department_of(user.employee_id)
        return await self._tasks(request, {"department_id": department or ""}, duties.TaskOutcome())

    @post("/tasks")
    async def log_task(self, request: Request, actor: ActorDep) -> Response:
        values = await form_data(request)
        duty_id = forms.optional_int(values.get("duty_id"))
        department_id = forms.optional_int(values.get("department_id"))
        # The warning was seen for this very duty and department, not for what the form says now.
        confirmed = values.get("confirmed") == f"{duty_id}-{department_id}"
        outcome = await duties.log_task(duty_id, department_id, values.get("title", ""), confirmed, actor)
        if outcome.saved:
            return after_post(request, "/duties/tasks")
        return await self._tasks(request, values, outcome)
