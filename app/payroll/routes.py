"""HR's payroll pages: months, a month's review (compute, lock, export), one person's month and payslip."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Response, Template

from app.audit import service as audit
from app.auth.guards import HR
from app.db.tx import write_transaction
from app.errors import Refused
from app.onboarding.crypto import Vault
from app.onboarding.identity import id_numbers
from app.payroll import advances, damage, export, inputs, queries, service
from app.payroll.pay_settings import pay_of, set_pay, set_plant_number
from app.payroll.payslip import payslip_pdf, slip_view
from app.payroll.service import PayrollError
from app.piecework.catalogue import CatalogueError, parse_fen
from app.piecework.rules import SEGMENT_LABELS
from app.timeutil import local_today, to_local
from app.web import ActorDep, SettingsDep, ZoneDep, after_post, form_data, render, writes_on_read


async def _views(month: str, employee_id: int | None = None, explained: bool = False):
    plant, operations = await queries.plant_name(), await queries.operation_names() if explained else None
    return [slip_view(row, plant, month, operations) for row in await queries.lines(month, employee_id)]


async def _pay_date(month: str, request: Request) -> str:
    found = await queries.period(month)
    if found and found["paid_on"]:
        return found["paid_on"].isoformat() if hasattr(found["paid_on"], "isoformat") else str(found["paid_on"])
    return (
        to_local(found["locked_at"], request.app.state.settings.zone).date().isoformat()
        if found and found["locked_at"]
        else ""
    )


class PayrollController(Controller):
    path = "/payroll"
    guards = [HR]

    async def _index(self, request: Request, error: str = "") -> Template:
        return render(
            request,
            "payroll/index.html",
            status_code=422 if error else 200,
            error=error,
            periods=await queries.periods(),
            this_month=f"{local_today(request.app.state.settings.zone):%Y-%m}",
            minimum_wage=await inputs.plant_number(inputs.MINIMUM_WAGE_KEY, inputs.DEFAULT_MINIMUM_WAGE_FEN),
            defect_percent=await inputs.plant_number(inputs.DEFECT_PERCENT_KEY, 0),
        )

    @get("/")
    async def index(self, request: Request) -> Template:
        return await self._index(request)

    @post("/plant")
    async def plant(self, request: Request, actor: ActorDep) -> Template | Redirect:
        values = await form_data(request)
        percent = values.get("defect_percent", "")
        try:
            wage = parse_fen(values.get("minimum_wage", ""))
            if not (percent.isascii() and percent.isdigit()) or int(percent) > 100:
                raise CatalogueError(BAD_PERCENT)
        except CatalogueError as exc:
            return await self._index(request, str(exc))
        await set_plant_number(inputs.MINIMUM_WAGE_KEY, wage, actor)
        await set_plant_number(inputs.DEFECT_PERCENT_KEY, int(percent), actor)
        return after_post(request, "/payroll")

    async def _month(self, request: Request, month: str, error: str = "") -> Template:
        try:
            service.month_range(month)
        except PayrollError:
            raise NotFoundException() from None
        return render(
            request,
            "payroll/month.html",
            status_code=422 if error else 200,
            month=month,
            error=error,
            period=await queries.period(month),
            lines=await queries.lines(month),
            unset=await queries.without_pay_scheme(),
        )

    @get("/{month:str}")
    async def month(self, request: Request, month: FromPath[str]) -> Template:
        return await self._month(request, month)

    @post("/{month:str}/compute")
    async def compute(
        self, request: Request, actor: ActorDep, zone: ZoneDep, month: FromPath[str]
    ) -> Template | Redirect:
        try:
            await service.compute_month(month, zone, actor)
        except PayrollError as exc:
            return await self._month(request, month, str(exc))
        return after_post(request, f"/payroll/{month}")

    @post("/{month:str}/lock")
    async def lock(self, request: Request, actor: ActorDep, month: FromPath[str]) -> Template | Redirect:
        try:
            await service.lock_month(month, actor)
        except PayrollError as exc:
            return await self._month(request, month, str(exc))
        return after_post(request, f"/payroll/{month}")

    @get("/{month:str}/payroll.xlsx", opt=writes_on_read("access_log"))
    async def xlsx(self, request: Request, actor: ActorDep, settings: SettingsDep, month: FromPath[str]) -> Response:
        first, last = service.month_range(month)
        views = await _views(month)
        vault = Vault(settings.secret_key)
        numbers = await id_numbers([view.employee_id for view in views], vault)
        async with write_transaction():
            # The ledger carries full ID numbers: who took it, and for which month, is on record.
            await audit.record(
                actor,
                "payroll.ledger_export",
                "pay_period",
                month,
                after={"rows": len(views), "id_numbers": len(numbers)},
            )
        body = export.payroll_xlsx(
            views, await _pay_date(month, request), await queries.worked_hours(first, last), numbers
        )
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="payroll-{month}.xlsx"'},
        )

    async def _detail(
        self,
        request: Request,
        month: str,
        employee_id: int,
        error: str = "",
        values: dict | None = None,
        claim_error: str = "",
        claim_values: dict | None = None,
        advance_error: str = "",
        advance_values: dict | None = None,
    ) -> Template:
        first, last = service.month_range(month)
        person = await queries.employee(employee_id)
        if person is None:
            raise NotFoundException()
        found = await queries.lines(month, employee_id)
        return render(
            request,
            "payroll/detail.html",
            month=month,
            person=person,
            line=found[0] if found else None,
            drill=await queries.drill(employee_id, first, last, request.app.state.settings.zone),
            operations=await queries.operation_names(),
            segment_labels=SEGMENT_LABELS,
            pay=await pay_of(employee_id),
            error=error,
            values=values or {},
            claims=await damage.claims_of(employee_id),
            claim_error=claim_error,
            claim_values=claim_values or {"claimed_on": str(local_today(request.app.state.settings.zone))},
            advances=await advances.advances_of(employee_id),
            advance_error=advance_error,
            advance_values=advance_values or {"paid_on": str(local_today(request.app.state.settings.zone))},
            status_code=422 if error or claim_error or advance_error else 200,
        )

    @get("/{month:str}/{employee_id:int}")
    async def detail(self, request: Request, month: FromPath[str], employee_id: FromPath[int]) -> Template:
        return await self._detail(request, month, employee_id)

    @post("/{month:str}/{employee_id:int}/pay")
    async def pay(
        self, request: Request, actor: ActorDep, month: FromPath[str], employee_id: FromPath[int]
    ) -> Template | Redirect:
        values = await form_data(request)
        try:
            await set_pay(
                employee_id,
                values.get("scheme", ""),
                values.get("monthly", ""),
                values.get("probation", ""),
                actor,
            )
        except CatalogueError as exc:
            return await self._detail(request, month, employee_id, str(exc), values)
        return after_post(request, f"/payroll/{month}/{employee_id}")

    @post("/{month:str}/{employee_id:int}/damage")
    async def add_damage(
        self, request: Request, actor: ActorDep, month: FromPath[str], employee_id: FromPath[int]
    ) -> Response:
        values = await form_data(request)
        try:
            await damage.add_claim(employee_id, values, actor)
        except damage.DamageError as exc:
            return await self._detail(request, month, employee_id, claim_error=str(exc), claim_values=values)
        return after_post(request, f"/payroll/{month}/{employee_id}#damage")

    @post("/{month:str}/{employee_id:int}/damage/{claim_id:int}/withdraw")
    async def withdraw_damage(
        self,
        request: Request,
        actor: ActorDep,
        month: FromPath[str],
        employee_id: FromPath[int],
        claim_id: FromPath[int],
    ) -> Response:
        try:
            await damage.withdraw(employee_id, claim_id, actor)
        except damage.DamageError as exc:
            return await self._detail(request, month, employee_id, claim_error=str(exc))
        return after_post(request, f"/payroll/{month}/{employee_id}#damage")

    @post("/{month:str}/{employee_id:int}/advance")
    async def add_advance(
        self, request: Request, actor: ActorDep, month: FromPath[str], employee_id: FromPath[int]
    ) -> Response:
        values = await form_data(request)
        try:
            await advances.add(employee_id, values, actor)
        except Refused as exc:
            return await self._detail(request, month, employee_id, advance_error=exc.text, advance_values=values)
        return after_post(request, f"/payroll/{month}/{employee_id}#advances")

    @post("/{month:str}/{employee_id:int}/advance/{advance_id:int}/withdraw")
    async def withdraw_advance(
        self,
        request: Request,
        actor: ActorDep,
        month: FromPath[str],
        employee_id: FromPath[int],
        advance_id: FromPath[int],
    ) -> Response:
        try:
            await advances.withdraw(employee_id, advance_id, actor)
        except Refused as exc:
            return await self._detail(request, month, employee_id, advance_error=exc.text)
        return after_post(request, f"/payroll/{month}/{employee_id}#advances")

    @get("/{month:str}/{employee_id:int}/payslip")
    async def payslip(self, request: Request, month: FromPath[str], employee_id: FromPath[int]) -> Template:
        views = await _views(month, employee_id, explained=True)
        if not views:
            raise NotFoundException()
        return Template("payroll/payslip.html", context={"slip": views[0]})

    @get("/{month:str}/{employee_id:int}/payslip.pdf")
    async def payslip_pdf(self, request: Request, month: FromPath[str], employee_id: FromPath[int]) -> Response:
        views = await _views(month, employee_id, explained=True)
        if not views:
            raise NotFoundException()
        return Response(
            payslip_pdf(views[0]),
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="payslip-{month}-{views[0].code}.pdf"'},
        )


BAD_PERCENT = service.N_("Enter the defect deduction as a whole percent from 0 to 100.")
