"""HR pages for people: the employee list with live search, detail, create and edit; departments; positions."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.audit import service as audit
from app.auth.guards import HR
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.people import forms, pipl, service
from app.people.exits import service as exits
from app.people.lifecycle import events
from app.people.org import service as org
from app.people.tables import EMPLOYEE_STATUSES
from app.timeutil import local_today, utcnow
from app.web import ActorDep, ZoneDep, after_post, form_data, render, writes_on_read


async def _choices() -> dict:
    return {
        "departments": await service.list_departments(),
        "positions": await service.list_positions(),
        "supervisors": await service.all_employees(),
        "statuses": EMPLOYEE_STATUSES,
    }


async def _form(request: Request, values: dict, errors: dict, employee_id: int | None) -> Template:
    context = {"values": values, "errors": errors, "employee_id": employee_id, **(await _choices())}
    status = 422 if errors else 200
    return render(request, "people/form.html", "people/_form.html", "employee-form", status_code=status, **context)


class EmployeeController(Controller):
    path = "/people"
    guards = [HR]

    @get("/")
    async def index(
        self,
        request: Request,
        q: FromQuery[str] = "",
        page: FromQuery[int] = 1,
        department: FromQuery[str] = "",
        status: FromQuery[str] = "",
    ) -> Template:
        department_id = forms.optional_int(department)  # an empty <select> sends department=
        result = await service.search_employees(q, page, department_id, status or None)
        context = {
            "result": result,
            "department": department_id,
            "status": status,
            "departments": await service.list_departments(),
            "statuses": EMPLOYEE_STATUSES,
        }
        return render(request, "people/list.html", "people/_table.html", "employee-table", **context)

    @get("/new")
    async def new(self, request: Request, zone: ZoneDep) -> Template:
        today = local_today(zone)
        return await _form(request, forms.blank_values(today, await service.suggested_code()), {}, None)

    @post("/")
    async def create(self, request: Request, actor: ActorDep) -> Response:
        values = await form_data(request)
        try:
            data = forms.parse_employee(values)
        except Refused as refused:
            errors = refused.errors
            if "employee_code" not in errors and await service.employee_code_taken(
                values.get("employee_code", "").strip().upper()
            ):
                errors["employee_code"] = service.CODE_TAKEN  # said with the other fields, not after they are fixed
            return await _form(request, values, errors, None)
        result = await service.create_employee(data, actor)
        if result.employee_id:
            return after_post(request, f"/people/{result.employee_id}")
        return await _form(request, values, result.errors, None)

    @get("/{employee_id:int}")
    async def detail(self, employee_id: FromPath[int]) -> Template:
        employee = await service.get_employee(employee_id)
        if employee is None:
            raise NotFoundException()
        history = await audit.entries_for("employee", employee_id)
        context = {
            "employee": employee,
            "history": history,
            "timeline": await events.timeline(employee_id),
            "exit": await exits.current_exit(employee_id),
            "errors": {},
        }
        return Template("people/detail.html", context=context)

    @get("/{employee_id:int}/personal-data", opt=writes_on_read("access_log"))
    async def personal_data(self, request: Request, actor: ActorDep, employee_id: FromPath[int]) -> Response:
        """A PIPL access request: everything held on the person as JSON; the export itself is audited."""
        document = await pipl.everything_on(employee_id)
        if document is None:
            raise NotFoundException()
        actor = actor
        async with write_transaction():
            await audit.record(
                actor,
                "employee.personal_data_export",
                "employee",
                employee_id,
                after={"tables": sorted(name for name, rows in document["tables"].items() if rows)},
            )
        name = f"personal-data-{document['employee']['employee_code']}.json"
        return Response(
            pipl.as_json(document, utcnow(), actor.name),
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @get("/{employee_id:int}/edit")
    async def edit(self, request: Request, employee_id: FromPath[int]) -> Template:
        employee = await service.get_employee(employee_id)
        if employee is None:
            raise NotFoundException()
        return await _form(request, forms.values_of(employee), {}, employee_id)

    @post("/{employee_id:int}")
    async def update(self, request: Request, actor: ActorDep, employee_id: FromPath[int]) -> Response:
        values = await form_data(request)
        try:
            data = forms.parse_employee(values)
        except Refused as refused:
            return await _form(request, values, refused.errors, employee_id)
        result = await service.update_employee(employee_id, data, actor)
        if result.employee_id:
            return after_post(request, f"/people/{employee_id}")
        return await _form(request, values, result.errors, employee_id)


class DepartmentController(Controller):
    path = "/departments"
    guards = [HR]

    async def _page(self, request: Request, values: dict, errors: dict) -> Template:
        context = {"departments": await service.list_departments(), "values": values, "errors": errors}
        return render(request, "people/departments.html", status_code=422 if errors else 200, **context)

    @get("/")
    async def index(self, request: Request) -> Template:
        return await self._page(request, {}, {})

    @post("/")
    async def create(self, request: Request, actor: ActorDep) -> Response:
        values = await form_data(request)
        parent = forms.optional_int(values.get("parent_id"))
        errors = await service.create_department(values.get("name", ""), values.get("code", ""), parent, actor)
        if not errors:
            return after_post(request, "/departments")
        return await self._page(request, values, errors)

    async def _edit(self, request: Request, department_id: int, values: dict, errors: dict) -> Template:
        department = await org.get_department(department_id)
        if department is None:
            raise NotFoundException()
        staff = [e for e in await service.all_employees() if e.status != "left"]
        context = {
            "department": department,
            "departments": await service.list_departments(),
            "staff": staff,
            "values": values,
            "errors": errors,
        }
        return render(
            request,
            "people/department.html",
            "people/_department_form.html",
            "department-form",
            status_code=422 if errors else 200,
            **context,
        )

    @get("/{department_id:int}")
    async def edit(self, request: Request, department_id: FromPath[int]) -> Template:
        department = await org.get_department(department_id)
        values = (
            {
                "name": department.name,
                "code": department.code,
                "parent_id": department.parent_id or "",
                "head_id": department.head_id or "",
            }
            if department
            else {}
        )
        return await self._edit(request, department_id, values, {})

    @post("/{department_id:int}")
    async def update(self, request: Request, actor: ActorDep, department_id: FromPath[int]) -> Response:
        values = await form_data(request)
        errors = await org.update_department(
            department_id,
            values.get("name", ""),
            values.get("code", ""),
            forms.optional_int(values.get("parent_id")),
            forms.optional_int(values.get("head_id")),
            actor,
        )
        if not errors:
            return after_post(request, "/org")
        return await self._edit(request, department_id, values, errors)


class PositionController(Controller):
    path = "/positions"
    guards = [HR]

    async def _page(self, request: Request, values: dict, errors: dict) -> Template:
        context = {
            "positions": await service.list_positions(),
            "departments": await service.list_departments(),
            "counts": await org.position_counts(),
            "values": values,
            "errors": errors,
        }
        return render(request, "people/positions.html", status_code=422 if errors else 200, **context)

    @get("/")
    async def index(self, request: Request) -> Template:
        return await self._page(request, {}, {})

    @post("/")
    async def create(self, request: Request, actor: ActorDep) -> Response:
        values = await form_data(request)
        errors = await service.create_position(
            values.get("name", ""), forms.optional_int(values.get("department_id")), actor
        )
        if not errors:
            return after_post(request, "/positions")
        return await self._page(request, values, errors)

    @post("/{position_id:int}/planned")
    async def planned(self, request: Request, actor: ActorDep, position_id: FromPath[int]) -> Response:
        values = await form_data(request)
        text = values.get("planned_headcount", "")
        planned = forms.optional_int(text)
        if text and planned is None:
            errors = {"planned_headcount": N_("A planned headcount is a whole number from 0 to 10000.")}
        else:
            errors = await org.set_planned_headcount(position_id, planned, actor)
        if not errors:
            return after_post(request, "/positions")
        return await self._page(request, {**values, "position_id": position_id}, errors)
