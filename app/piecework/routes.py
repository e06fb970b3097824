"""HR's piecework pages: work orders, operations and their rate history, grade factors, reports and conflicts."""

from __future__ import annotations

import uuid
from datetime import date

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.auth.guards import HR
from app.errors import Refused
from app.forms import Month, parse_int
from app.people import service as people
from app.piecework import catalogue, confirmations, rules
from app.piecework.catalogue import CatalogueError
from app.piecework.tables import PieceConfirmation, PieceReport, WorkOrder
from app.timeutil import local_today
from app.training.rules import CERTIFICATE_KINDS, CERTIFICATE_LABELS
from app.web import ActorDep, after_post, form_data, render


def _today(request: Request) -> date:
    return local_today(request.app.state.settings.zone)


def month_bounds(text: str, today: date) -> tuple[str, date, date]:
    """'YYYY-MM' (this month when blank or malformed) and its first and last day."""
    try:
        month = Month.parse(text)
    except Refused:
        month = Month.of(today)
    return str(month), month.first, month.last


class PieceworkController(Controller):
    path = "/pieces"
    guards = [HR]

    async def _orders(self, request: Request, error: str = "", values: dict | None = None) -> Template:
        return render(
            request,
            "piecework/orders.html",
            status_code=422 if error else 200,
            error=error,
            values=values or {},
            orders=await catalogue.work_orders(),
            departments=await people.list_departments(),
        )

    @get("/orders")
    async def orders(self, request: Request) -> Template:
        return await self._orders(request)

    @post("/orders")
    async def add_order(self, request: Request, actor: ActorDep) -> Template | Redirect:
        values = await form_data(request)
        department = values.get("department_id", "")
        try:
            order_id = await catalogue.add_work_order(
                values.get("code", ""),
                values.get("product", ""),
                parse_int(department),
                values.get("planned_quantity", ""),
                actor,
            )
        except CatalogueError as exc:
            return await self._orders(request, str(exc), values)
        return after_post(request, f"/pieces/orders/{order_id}")

    async def _order(self, request: Request, order_id: int, error: str = "", values: dict | None = None) -> Template:
        order = await WorkOrder.select().where(WorkOrder.id == order_id).first().run()
        if order is None:
            raise NotFoundException()
        return render(
            request,
            "piecework/order.html",
            status_code=422 if error else 200,
            order=order,
            error=error,
            values=values or {},
            today=_today(request),
            operations=await catalogue.operations(_today(request), order_id),
            certificate_kinds=CERTIFICATE_KINDS,
            certificate_labels=CERTIFICATE_LABELS,
            courses=await catalogue.course_choices(),
        )

    @get("/orders/{order_id:int}")
    async def order(self, request: Request, order_id: FromPath[int]) -> Template:
        return await self._order(request, order_id)

    @post("/orders/{order_id:int}/operations")
    async def add_operation(self, request: Request, actor: ActorDep, order_id: FromPath[int]) -> Template | Redirect:
        values = await form_data(request)
        try:
            await catalogue.add_operation(order_id, values, actor)
        except CatalogueError as exc:
            return await self._order(request, order_id, str(exc), values)
        return after_post(request, f"/pieces/orders/{order_id}")

    @post("/orders/{order_id:int}/operations/{operation_id:int}/rate")
    async def set_rate(
        self, request: Request, actor: ActorDep, order_id: FromPath[int], operation_id: FromPath[int]
    ) -> Template | Redirect:
        values = await form_data(request)
        try:
            await catalogue.set_rate(operation_id, values.get("rate", ""), values.get("effective_from", ""), actor)
        except CatalogueError as exc:
            return await self._order(request, order_id, str(exc), values)
        return after_post(request, f"/pieces/orders/{order_id}")

    async def _grades(self, request: Request, error: str = "", values: dict | None = None) -> Template:
        return render(
            request,
            "piecework/grades.html",
            status_code=422 if error else 200,
            error=error,
            values=values or {},
            factors=await catalogue.grade_factors(),
        )

    @get("/grades")
    async def grades(self, request: Request) -> Template:
        return await self._grades(request)

    @post("/grades")
    async def set_grade(self, request: Request, actor: ActorDep) -> Template | Redirect:
        values = await form_data(request)
        try:
            await catalogue.set_grade_factor(
                values.get("grade", ""),
                values.get("percent", ""),
                values.get("effective_from", ""),
                actor,
            )
        except CatalogueError as exc:
            return await self._grades(request, str(exc), values)
        return after_post(request, "/pieces/grades")

    @get("/reports")
    async def reports(self, request: Request, month: FromQuery[str] = "") -> Template:
        shown, first, last = month_bounds(month, _today(request))
        found = await confirmations.reports(
            (PieceReport.work_date >= first) & (PieceReport.work_date <= last), order_newest=True
        )
        decisions = await confirmations.first_decisions([row.id for row in found])
        return render(
            request,
            "piecework/reports.html",
            month=shown,
            reports=found,
            decisions=decisions,
            conflicts=await confirmations.conflicts(first, last),
            segment_labels=rules.SEGMENT_LABELS,
        )

    @get("/reports/{report_id:uuid}")
    async def report(self, request: Request, report_id: FromPath[uuid.UUID]) -> Template:
        found = await confirmations.reports(PieceReport.id == report_id)
        if not found:
            raise NotFoundException()
        decisions = (
            await PieceConfirmation.select()
            .where(PieceConfirmation.report == report_id)
            .order_by(PieceConfirmation.confirmed_at)
            .order_by(PieceConfirmation.id)
            .run()
        )
        return render(
            request, "piecework/report.html", report=found[0], decisions=decisions, segment_labels=rules.SEGMENT_LABELS
        )
