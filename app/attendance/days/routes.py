"""HR's attendance pages: today's board, days by period, exceptions, monthly overtime, recompute and CSV."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.params import FromQuery, QueryParameter
from litestar.response import Response, Template

from app.attendance import rules
from app.attendance.days import board, explained
from app.attendance.days import compute as days
from app.attendance.days import queries as day_queries
from app.attendance.schedule.forms import parse_date
from app.auth.guards import HR
from app.errors import Refused
from app.forms import Month
from app.people import forms
from app.people.service import list_departments
from app.timeutil import local_today
from app.web import ZoneDep, after_post, form_data, render, writes_on_read

MAX_RANGE_DAYS = 366
STATUS_LABELS = {status.value: status.label for status in rules.Status}
OVERTIME_LABELS = {kind.value: kind.label for kind in rules.OvertimeKind}
EXCEPTION_CODES = tuple(status.value for status in day_queries.EXCEPTIONS)
FromDate = Annotated[str, QueryParameter(name="from")]  # ?from= is a Python keyword


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date

    @property
    def query(self) -> str:
        return f"from={self.date_from}&to={self.date_to}"


def period_of(date_from: str, date_to: str, today: date) -> Period:
    """The dates asked for; by default from the first of yesterday's month to yesterday (days stored so far)."""
    yesterday = today - timedelta(days=1)
    last = parse_date(date_to) or yesterday
    first = parse_date(date_from) or last.replace(day=1)
    first, last = min(first, last), max(first, last)
    return Period(max(first, last - timedelta(days=MAX_RANGE_DAYS - 1)), last)


def month_of(text: str, today: date) -> tuple[date, date]:
    """'2026-03' as its first and last day; this month by default."""
    try:
        month = Month.parse(text) if text else Month.of(today)
    except Refused:
        month = Month.of(today)
    return month.first, month.last


class AttendanceController(Controller):
    path = "/attendance"
    guards = [HR]

    @get("/today")
    async def today(self, request: Request, zone: ZoneDep) -> Template:
        found = await board.today_board(zone)
        return render(request, "attendance/today.html", "attendance/_board.html", "today-board", board=found)

    async def _days(
        self,
        request: Request,
        template: str,
        period: Period,
        department: str,
        q: str,
        statuses: tuple[str, ...],
        status: str,
        page: int,
    ) -> Template:
        zone = request.app.state.settings.zone
        await days.ensure_days(period.date_from, period.date_to, zone)
        selection = day_queries.DayFilter(
            period.date_from, period.date_to, forms.optional_int(department), q.strip(), statuses
        )
        context = {
            "result": await day_queries.list_days(selection, page),
            "period": period,
            "q": q.strip(),
            "department": selection.department_id,
            "status": status,
            "departments": await list_departments(),
            "status_labels": STATUS_LABELS,
            "overtime_labels": OVERTIME_LABELS,
            "leave_labels": explained.LABELS,
            "choices": EXCEPTION_CODES if template.endswith("exceptions.html") else tuple(STATUS_LABELS),
        }
        return render(request, template, "attendance/_days_table.html", "days-table", **context)

    @get("/days", opt=writes_on_read("derived"))
    async def period(
        self,
        request: Request,
        zone: ZoneDep,
        from_: FromDate = "",
        to: FromQuery[str] = "",
        department: FromQuery[str] = "",
        q: FromQuery[str] = "",
        status: FromQuery[str] = "",
        page: FromQuery[int] = 1,
    ) -> Template:
        found = period_of(from_, to, local_today(zone))
        statuses = (status,) if status in STATUS_LABELS else ()
        return await self._days(request, "attendance/days.html", found, department, q, statuses, status, page)

    @get("/exceptions", opt=writes_on_read("derived"))
    async def exceptions(
        self,
        request: Request,
        zone: ZoneDep,
        from_: FromDate = "",
        to: FromQuery[str] = "",
        department: FromQuery[str] = "",
        q: FromQuery[str] = "",
        status: FromQuery[str] = "",
        page: FromQuery[int] = 1,
    ) -> Template:
        found = period_of(from_, to, local_today(zone))
        statuses = (status,) if status in EXCEPTION_CODES else EXCEPTION_CODES
        return await self._days(request, "attendance/exceptions.html", found, department, q, statuses, status, page)

    @get("/overtime", opt=writes_on_read("derived"))
    async def overtime(
        self,
        request: Request,
        zone: ZoneDep,
        month: FromQuery[str] = "",
        department: FromQuery[str] = "",
        over: FromQuery[str] = "",
    ) -> Template:
        first, last = month_of(month, local_today(zone))
        await days.ensure_days(first, last, zone)
        rows = await day_queries.monthly_overtime(first, last, forms.optional_int(department))
        context = {
            "rows": [row for row in rows if row.over_limit] if over else rows,
            "month": f"{first:%Y-%m}",
            "last": last,
            "department": forms.optional_int(department),
            "over": bool(over),
            "departments": await list_departments(),
            "limit_hours": rules.MONTHLY_OVERTIME_LIMIT_MINUTES // 60,
        }
        return render(
            request, "attendance/overtime.html", "attendance/_overtime_table.html", "overtime-table", **context
        )

    @post("/recompute")
    async def recompute(self, request: Request, zone: ZoneDep) -> Response:
        values = await form_data(request)
        found = period_of(values.get("from", ""), values.get("to", ""), local_today(zone))
        await days.recompute_days(None, found.date_from, found.date_to, zone)
        return after_post(request, f"/attendance/days?{found.query}")

    @get("/days.csv", opt=writes_on_read("derived"))
    async def export(self, zone: ZoneDep, from_: FromDate = "", to: FromQuery[str] = "") -> Response:
        found = period_of(from_, to, local_today(zone))
        await days.ensure_days(found.date_from, found.date_to, zone)
        rows = await day_queries.all_days(day_queries.DayFilter(found.date_from, found.date_to))
        return Response(
            day_queries.days_csv(rows, zone),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="attendance-{found.date_from}-{found.date_to}.csv"'},
        )
