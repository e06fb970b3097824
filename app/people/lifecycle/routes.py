"""HR pages for an employee's lifecycle: confirm from probation, transfer, exit, settlement, certificate."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Response, Template

from app.auth.guards import HR
from app.errors import Refused
from app.people import forms, service, shifts
from app.people.exits import service as exits
from app.people.lifecycle import service as lifecycle
from app.people.lifecycle.service import Outcome
from app.people.tables import EXIT_REASONS
from app.timeutil import local_today
from app.web import ActorDep, after_post, form_data, is_fragment, render


def plant_today(request: Request) -> date:
    return local_today(request.app.state.settings.zone)


async def _employee(employee_id: int) -> service.EmployeeRow:
    employee = await service.get_employee(employee_id)
    if employee is None:
        raise NotFoundException()
    return employee


class LifecycleController(Controller):
    path = "/people/{employee_id:int}"
    guards = [HR]

    async def _form(self, request: Request, step: str, employee_id: int, values: dict, errors: dict) -> Template:
        context = {"employee": await _employee(employee_id), "values": values, "errors": errors}
        if step == "confirm":
            context["blockers"] = await lifecycle.confirmation_blockers(employee_id)
        if step == "transfer":
            context.update(
                departments=await service.list_departments(),
                positions=await service.list_positions(),
                shifts=await shifts.list_shifts(),
            )
        if step == "exit":
            context["reasons"] = EXIT_REASONS
        return render(
            request,
            f"people/{step}.html",
            f"people/_{step}_form.html",
            f"{step}-form",
            status_code=422 if errors else 200,
            **context,
        )

    async def _submit(
        self, request: Request, step: str, employee_id: int, parse: Callable, act: Callable[[Any], Awaitable[Outcome]]
    ) -> Response:
        """Parse the form and take the step: back to the employee when done, else the form with its messages."""
        values = await form_data(request)
        try:
            data = parse(values)
        except Refused as refused:
            return await self._form(request, step, employee_id, values, refused.errors)
        outcome = await act(data)
        if outcome.ok:
            return after_post(request, f"/people/{employee_id}")
        return await self._form(request, step, employee_id, values, outcome.errors)

    @get("/confirm")
    async def confirm_form(self, request: Request, employee_id: FromPath[int]) -> Template:
        values = {"effective_date": plant_today(request).isoformat()}
        return await self._form(request, "confirm", employee_id, values, {})

    @post("/confirm")
    async def confirm(self, request: Request, actor: ActorDep, employee_id: FromPath[int]) -> Response:
        actor = actor
        return await self._submit(
            request, "confirm", employee_id, forms.parse_confirm, lambda day: lifecycle.confirm(employee_id, day, actor)
        )

    @get("/transfer")
    async def transfer_form(self, request: Request, employee_id: FromPath[int]) -> Template:
        employee = await _employee(employee_id)
        values = {**forms.values_of(employee), "effective_date": plant_today(request).isoformat()}
        return await self._form(request, "transfer", employee_id, values, {})

    @post("/transfer")
    async def transfer(self, request: Request, actor: ActorDep, employee_id: FromPath[int]) -> Response:
        actor = actor
        return await self._submit(
            request,
            "transfer",
            employee_id,
            forms.parse_transfer,
            lambda data: lifecycle.transfer(employee_id, data, plant_today(request), actor),
        )

    @post("/transfer/{event_id:int}/cancel")
    async def cancel_transfer(
        self, request: Request, actor: ActorDep, employee_id: FromPath[int], event_id: FromPath[int]
    ) -> Response:
        await lifecycle.cancel_transfer(employee_id, event_id, actor)
        return after_post(request, f"/people/{employee_id}")

    @get("/exit")
    async def exit_form(self, request: Request, employee_id: FromPath[int]) -> Template:
        employee = await _employee(employee_id)
        values = {
            "notice_date": plant_today(request).isoformat(),
            "reason": "resignation",
            "contract_start": employee.hire_date.isoformat() if employee.hire_date else "",
        }
        return await self._form(request, "exit", employee_id, values, {})

    @post("/exit")
    async def record_exit(self, request: Request, actor: ActorDep, employee_id: FromPath[int]) -> Response:
        actor = actor
        return await self._submit(
            request,
            "exit",
            employee_id,
            forms.parse_exit,
            lambda data: exits.record_exit(employee_id, data, plant_today(request), actor),
        )

    @post("/exit/withdraw")
    async def withdraw_exit(self, request: Request, actor: ActorDep, employee_id: FromPath[int]) -> Response:
        await exits.withdraw_exit(employee_id, actor)
        return after_post(request, f"/people/{employee_id}")

    @post("/exit/settlement")
    async def settlement(self, request: Request, actor: ActorDep, employee_id: FromPath[int]) -> Response:
        values = await form_data(request)
        outcome = await exits.tick_settlement(employee_id, values.get("item", ""), values.get("done") == "1", actor)
        if not is_fragment(request, "settlement"):
            return after_post(request, f"/people/{employee_id}")
        context = {
            "employee": await _employee(employee_id),
            "exit": await exits.current_exit(employee_id),
            "errors": outcome.errors,
        }
        return Template("people/_settlement.html", context=context, status_code=200 if outcome.ok else 422)

    @get("/exit/certificate")
    async def certificate(self, request: Request, employee_id: FromPath[int]) -> Template:
        found = await exits.certificate(employee_id, plant_today(request))
        if found is None:
            raise NotFoundException()
        return Template("people/certificate.html", context={"c": found})
