"""Appraisal results: per department and per person with the history, the Excel export, contests and HR's decision."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app.appraisal import plans, results, schemes, sheet, views
from app.appraisal.tables import AppraisalResult
from app.audit import service as audit
from app.auth.guards import HR, requires
from app.db.tx import write_transaction
from app.errors import Refused
from app.people.tables import Employee
from app.timeutil import local_today
from app.web import ActorDep, ZoneDep, after_post, form_data, writes_on_read

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CLOSING = requires("hr", "dept_head")


def _department(department: int | None) -> int | None:
    """The department asked for, or all when none or none an id can be (?department=-1 or 40 digits)."""
    return department if department is not None and 0 < department < 2**31 else None


def _where(department: int | None):
    return None if department is None else AppraisalResult.period.scheme.department == department


class ResultsController(Controller):
    path = "/appraisal"
    guards = [CLOSING]  # results and people's histories: HR and department heads (supervisors see their team's board)

    @get("/results")
    async def index(self, department: FromQuery[int | None] = None) -> Template:
        department = _department(department)
        return Template(
            "appraisal/results.html",
            context={
                "results": await results.results(_where(department)),
                "departments": await schemes.departments(),
                "department": department,
                "status_labels": views.STATUS_LABELS,
            },
        )

    @get("/results.xlsx", guards=[HR], opt=writes_on_read("access_log"))
    async def export(self, actor: ActorDep, department: FromQuery[int | None] = None) -> Response:
        department = _department(department)
        found = await results.results(_where(department))
        async with write_transaction():
            await audit.record(
                actor, "appraisal.export", "appraisal_result", department or "all", after={"rows": len(found)}
            )
        return Response(
            views.workbook(found),
            media_type=XLSX,
            headers={"Content-Disposition": 'attachment; filename="appraisal-results.xlsx"'},
        )

    async def _person(self, zone: ZoneInfo, employee_id: int, error: str = "", status_code: int = 200) -> Template:
        person = (
            await Employee.select(Employee.id, Employee.employee_code, Employee.name)
            .where(Employee.id == employee_id)
            .first()
            .run()
        )
        if person is None:
            raise Refused(results.NO_RESULT, status=404)
        found = await results.of_employee(employee_id)
        grades = {s.id: [b.grade for b in s.bands] for s in await schemes.all_schemes(local_today(zone))}
        return Template(
            "appraisal/person.html",
            status_code=status_code,
            context={
                "person": person,
                "results": found,
                "status_labels": views.STATUS_LABELS,
                "error": error,
                "grades": grades,
                "plans": await plans.plans(local_today(zone), employee_id),
                "periods": await results.scheme_of_periods(),
            },
        )

    @get("/results/{result_id:int}/sheet.pdf")
    async def sheet(self, result_id: FromPath[int]) -> Response:
        return pdf_response(await sheet.sheet_of(result_id))

    @get("/people/{employee_id:int}")
    async def person(self, zone: ZoneDep, employee_id: FromPath[int]) -> Template:
        return await self._person(zone, employee_id)

    @post("/results/{result_id:int}/contest", guards=[CLOSING])
    async def contest(self, request: Request, zone: ZoneDep, actor: ActorDep, result_id: FromPath[int]) -> Response:
        values = await form_data(request)
        employee = await results.employee_of(result_id)
        try:
            await results.contest(result_id, values.get("reason", ""), zone, actor)
        except Refused as refused:
            return await self._person(zone, employee, refused.text, 422)
        return after_post(request, f"/appraisal/people/{employee}")

    @post("/results/{result_id:int}/decide", guards=[HR])
    async def decide(self, request: Request, zone: ZoneDep, actor: ActorDep, result_id: FromPath[int]) -> Response:
        values = await form_data(request)
        employee = await results.employee_of(result_id)
        try:
            await results.decide(result_id, values.get("grade", ""), zone, actor)
        except Refused as refused:
            return await self._person(zone, employee, refused.text, 422)
        return after_post(request, f"/appraisal/people/{employee}")

    @post("/plans/{plan_id:int}/follow-up", guards=[CLOSING])
    async def follow_up(self, request: Request, zone: ZoneDep, actor: ActorDep, plan_id: FromPath[int]) -> Response:
        values = await form_data(request)
        employee = await plans.employee_of(plan_id)
        try:
            await plans.follow_up(plan_id, values.get("outcome", ""), actor)
        except Refused as refused:
            return await self._person(zone, employee, refused.text, 422)
        return after_post(request, f"/appraisal/people/{employee}")


def pdf_response(found: sheet.Sheet) -> Response:
    return Response(
        sheet.sheet_pdf(found),
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="appraisal-{found.first_day}-{found.code}.pdf"'},
    )
