"""A read-only employee card for supervisors and department heads, personal data masked by role."""

from __future__ import annotations

from litestar import Controller, get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Template

from app.auth.guards import UserDep, requires
from app.i18n import N_
from app.people import masking, service
from app.people.lifecycle import events
from app.people.tables import Department, Employee


async def scope_of(user) -> masking.Scope:
    own = None
    headed: frozenset[int] = frozenset()
    if user.employee_id is not None:
        row = await Employee.select(Employee.department).where(Employee.id == user.employee_id).first().run()
        own = row["department"] if row else None
        headed = frozenset(
            row["id"] for row in await Department.select(Department.id).where(Department.head == user.employee_id).run()
        )
    return masking.Scope(user.employee_id, own, headed)


class EmployeeCardController(Controller):
    path = "/staff"
    guards = [requires("hr", "supervisor", "dept_head")]

    @get("/{employee_id:int}")
    async def card(self, user: UserDep, employee_id: FromPath[int]) -> Template:
        employee = await service.get_employee(employee_id)
        if employee is None:
            raise NotFoundException()
        if not masking.may_view(await scope_of(user), user.roles, employee.department_id, employee.supervisor_id):
            raise PermissionDeniedException(N_("This person is not in your team or department."))
        context = {
            "employee": employee,
            "timeline": await events.timeline(employee_id),
            "personal": masking.personal_fields(employee.phone, employee.birth_date, user.roles),
        }
        return Template("people/card.html", context=context)
