"""Pages about people's training: one worker's training record, the skills matrix, what expires soon."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.auth.guards import UserDep, requires
from app.errors import Refused
from app.i18n import N_, gettext
from app.people import service as people
from app.people.forms import optional_int
from app.people.tables import Employee
from app.settings import Settings
from app.timeutil import utcnow
from app.training import coverage, matrix, rules, safety, service
from app.training.tables import PracticalSignoff, QuizAttempt
from app.web import after_post, form_data

HR_OR_HEAD = requires("hr", "dept_head")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today(request: Request):
    settings: Settings = request.app.state.settings
    return utcnow().astimezone(settings.zone).date()


async def _department_scope(request: Request, department: str) -> tuple[rules.Viewer, int | None, list]:
    """HR sees every department; a head only the ones they head (the first, unless they chose another)."""
    viewer = await service.viewer_for(request.scope["user"])
    departments = await people.list_departments()
    chosen = optional_int(department)
    if not viewer.has("hr"):
        departments = [d for d in departments if d.id in viewer.headed_departments]
        if not departments:
            raise PermissionDeniedException(N_("Your account may not open this page."))
        if chosen not in viewer.headed_departments:
            chosen = departments[0].id
    return viewer, chosen, departments


async def _employee_in_scope(request: Request, employee_id: int) -> dict:
    employee = (
        await Employee.select(
            Employee.id,
            Employee.employee_code,
            Employee.name,
            Employee.status,
            Employee.department,
            Employee.department.name.as_alias("department_name"),
            Employee.hire_date,
        )
        .where(Employee.id == employee_id)
        .first()
        .run()
    )
    if employee is None:
        raise NotFoundException()
    viewer = await service.viewer_for(request.scope["user"])
    if not viewer.has("hr") and employee["department"] not in viewer.headed_departments:
        raise PermissionDeniedException(N_("Your account may not open this page."))
    return employee


class TrainingRecordController(Controller):
    path = "/training"
    guards = [HR_OR_HEAD]

    @get("/matrix")
    async def skills_matrix(self, request: Request, department: FromQuery[str] = "") -> Template:
        _, chosen, departments = await _department_scope(request, department)
        today = _today(request)
        context = {
            "matrix": await matrix.matrix(chosen, today),
            "departments": departments,
            "department": chosen,
            "certificate_labels": rules.CERTIFICATE_LABELS,
            "today": today,
        }
        return Template("training/matrix.html", context=context)

    @get("/expiring")
    async def expiring(self, request: Request, department: FromQuery[str] = "") -> Template:
        _, chosen, departments = await _department_scope(request, department)
        today = _today(request)
        context = {
            "certificates": await safety.expiring(today, chosen),
            "refreshers": await safety.refreshers_overdue(today, chosen),
            "departments": departments,
            "department": chosen,
            "certificate_labels": rules.CERTIFICATE_LABELS,
        }
        return Template("training/expiring.html", context=context)

    @get("/coverage")
    async def coverage_report(self, user: UserDep, format: FromQuery[str] = "") -> Response | Template:
        viewer = await service.viewer_for(user)
        rows = await coverage.coverage()
        if not viewer.has("hr"):
            names = {d.name for d in await people.list_departments() if d.id in viewer.headed_departments}
            rows = [row for row in rows if row.department in names]
        if format == "xlsx":
            headers = [
                gettext(text)
                for text in (
                    N_("Course"),
                    N_("Department"),
                    N_("Headcount"),
                    N_("Theory passed"),
                    N_("Trained"),
                    N_("Coverage"),
                )
            ]
            return Response(
                coverage.workbook(rows, headers),
                media_type=XLSX,
                headers={"Content-Disposition": 'attachment; filename="training-coverage.xlsx"'},
            )
        return Template("training/coverage.html", context={"rows": rows, "kind_labels": rules.KIND_LABELS})

    async def _record(self, request: Request, employee_id: int, status_code: int = 200, **problems) -> Template:
        employee = await _employee_in_scope(request, employee_id)
        attempts = (
            await QuizAttempt.select(QuizAttempt.all_columns(), QuizAttempt.course.title.as_alias("title"))
            .where(QuizAttempt.employee == employee_id)
            .order_by(QuizAttempt.taken_at, ascending=False)
            .run()
        )
        signoffs = (
            await PracticalSignoff.select(
                PracticalSignoff.all_columns(),
                PracticalSignoff.course.title.as_alias("title"),
                PracticalSignoff.trainer.name.as_alias("trainer_name"),
            )
            .where(PracticalSignoff.employee == employee_id)
            .order_by(PracticalSignoff.signed_at, ascending=False)
            .run()
        )
        today = _today(request)
        due, overdue = rules.refresher_due(await safety.last_training(employee_id), today)
        context = {
            "employee": employee,
            "records": await safety.records(employee_id),
            "status": await safety.status(employee_id),
            "levels": rules.SAFETY_LEVELS,
            "level_labels": rules.SAFETY_LEVEL_LABELS,
            "attempts": attempts,
            "signoffs": signoffs,
            "certificates": [
                {**row, "state": rules.certificate_state(row["expires_on"], today)}
                for row in await safety.certificates(employee_id)
            ],
            "certificate_kinds": rules.CERTIFICATE_KINDS,
            "certificate_labels": rules.CERTIFICATE_LABELS,
            "refresher_due": due,
            "refresher_overdue": overdue,
            "today": today,
            "safety_errors": {},
            "safety_values": {},
            "certificate_errors": {},
            "certificate_values": {},
            **problems,
        }
        return Template("training/record.html", context=context, status_code=status_code)

    @get("/people/{employee_id:int}")
    async def record(self, request: Request, employee_id: FromPath[int]) -> Template:
        return await self._record(request, employee_id)

    @post("/people/{employee_id:int}/safety")
    async def sign_off_safety(self, request: Request, user: UserDep, employee_id: FromPath[int]) -> Response:
        await _employee_in_scope(request, employee_id)
        values = await form_data(request)
        try:
            data = safety.parse_sign_off(values, _today(request))
        except Refused as refused:
            return await self._record(request, employee_id, 422, safety_errors=refused.errors, safety_values=values)
        await safety.sign_off(employee_id, data, user)
        return after_post(request, f"/training/people/{employee_id}#safety")

    @post("/people/{employee_id:int}/certificates")
    async def add_certificate(self, request: Request, user: UserDep, employee_id: FromPath[int]) -> Response:
        await _employee_in_scope(request, employee_id)
        values = await form_data(request)
        errors = await safety.add_certificate(employee_id, values, user)
        if errors:
            return await self._record(request, employee_id, 422, certificate_errors=errors, certificate_values=values)
        return after_post(request, f"/training/people/{employee_id}#certificates")
