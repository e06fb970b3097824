"""HR's net-pay pages: a person's social insurance and tax card, a month's contributions, declaration,
bank file and pay date, and workers' questions on their payslips."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template

from app.audit.service import Actor
from app.auth.guards import HR
from app.contributions import service as contributions
from app.errors import Refused
from app.forms import Month, date_field, money_field
from app.onboarding.crypto import Vault
from app.payroll import advances, inputs, netpay, netpay_export, queries, questions
from app.payroll import netpay_forms as forms
from app.people import plant_settings
from app.tax import service as tax
from app.tax.rules import DEDUCTION_LABELS
from app.timeutil import local_today
from app.web import ActorDep, SettingsDep, ZoneDep, after_post, form_data, render, writes_on_read

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(body: bytes | str, media_type: str, name: str) -> Response:
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


class NetPayController(Controller):
    path = "/netpay"
    guards = [HR]

    async def _index(self, request: Request, zone: ZoneInfo, errors: dict | None = None) -> Template:
        return render(
            request,
            "netpay/index.html",
            status_code=422 if errors else 200,
            errors=errors or {},
            this_month=str(Month.of(local_today(zone))),
            bank_columns=",".join(await netpay.bank_columns()),
            after=await plant_settings.read(inputs.MINIMUM_AFTER_CONTRIBUTIONS_KEY) is True,
            keep=await plant_settings.read_int(advances.KEEP_KEY, 0),
            fields=netpay.BANK_FIELDS,
            questions=await questions.open_questions(),
        )

    @get("/")
    async def index(self, request: Request, zone: ZoneDep) -> Template:
        return await self._index(request, zone)

    @post("/settings")
    async def settings(self, request: Request, zone: ZoneDep, actor: ActorDep) -> Template | Redirect:
        values = await form_data(request)
        try:
            columns = netpay.parse_bank_columns(values.get("bank_columns", ""))
            keep = money_field(values.get("advance_keep") or "0", "advance_keep")
        except Refused as exc:
            return await self._index(request, zone, exc.errors)
        await plant_settings.write(netpay.BANK_COLUMNS_KEY, ",".join(columns), actor)
        await plant_settings.write(inputs.MINIMUM_AFTER_CONTRIBUTIONS_KEY, values.get("after") == "on", actor)
        await plant_settings.write(advances.KEEP_KEY, keep, actor)
        return after_post(request, "/netpay")

    async def _card(
        self,
        request: Request,
        zone: ZoneInfo,
        employee_id: int,
        form: str = "",
        errors: dict | None = None,
        values: dict | None = None,
        bonus: str | None = None,
    ) -> Template:
        person = await queries.employee(employee_id)
        if person is None:
            raise NotFoundException()
        today = Month.of(local_today(zone))
        card = await tax.card(employee_id, today.year)
        choice, bonus_error = None, {}
        try:
            amount = forms.bonus(bonus)
            last = card.months[-1] if card.months else None
            if amount and last:
                choice = await tax.bonus_choice(
                    employee_id, today, amount, last["income_fen"], last["contributions_fen"]
                )
        except Refused as exc:
            bonus_error = exc.errors
        errors = {**(errors or {}), **bonus_error}
        return render(
            request,
            "netpay/card.html",
            status_code=422 if errors else 200,
            person=person,
            card=card,
            enrolments=await contributions.enrolments_of(employee_id),
            schemes=await contributions.schemes(),
            kinds=DEDUCTION_LABELS,
            form=form,
            errors=errors,
            values=values or {},
            month=str(today),
            bonus=bonus or "",
            choice=choice,
            suggested=await netpay.suggested_base(employee_id, today.year, person["hire_date"]),
        )

    @get("/people/{employee_id:int}")
    async def card(
        self, request: Request, zone: ZoneDep, employee_id: FromPath[int], bonus: FromQuery[str | None] = None
    ) -> Template:
        return await self._card(request, zone, employee_id, bonus=bonus)

    @post("/people/{employee_id:int}/{form:str}")
    async def save(
        self, request: Request, zone: ZoneDep, actor: ActorDep, employee_id: FromPath[int], form: FromPath[str]
    ) -> Template | Redirect:
        values = await form_data(request)
        try:
            await _save(form, employee_id, values, actor, local_today(zone).year)
        except Refused as exc:
            return await self._card(request, zone, employee_id, form, exc.errors, values)
        return after_post(request, f"/netpay/people/{employee_id}")

    @get("/questions")
    async def questions(self, request: Request) -> Template:
        return render(request, "netpay/questions.html", error="", questions=await questions.open_questions(True))

    @post("/questions/{question_id:int}")
    async def answer(self, request: Request, actor: ActorDep, question_id: FromPath[int]) -> Template | Redirect:
        values = await form_data(request)
        try:
            await questions.answer(question_id, values.get("answer", ""), actor)
        except Refused as exc:
            return render(
                request,
                "netpay/questions.html",
                status_code=exc.status,
                error=exc.text,
                questions=await questions.open_questions(True),
            )
        return after_post(request, "/netpay/questions")

    async def _month(self, request: Request, month: str, errors: dict | None = None) -> Template:
        month = str(Month.parse(month))
        people, totals = await netpay.contribution_report(month)
        return render(
            request,
            "netpay/month.html",
            status_code=422 if errors else 200,
            month=month,
            people=people,
            totals=totals,
            back=await netpay.back_payments(month),
            period=await queries.period(month),
            errors=errors or {},
            labels=contributions.rules.ITEM_LABELS,
        )

    @get("/{month:str}")
    async def month(self, request: Request, month: FromPath[str]) -> Template:
        return await self._month(request, month)

    @post("/{month:str}/paid")
    async def paid(self, request: Request, actor: ActorDep, month: FromPath[str]) -> Template | Redirect:
        values = await form_data(request)
        try:
            await netpay.record_paid(str(Month.parse(month)), date_field(values.get("paid_on"), "paid_on"), actor)
        except Refused as exc:
            return await self._month(request, month, exc.errors)
        return after_post(request, f"/netpay/{month}")

    @get("/{month:str}/{name:str}", opt=writes_on_read("access_log"))
    async def export(
        self, request: Request, settings: SettingsDep, actor: ActorDep, month: FromPath[str], name: FromPath[str]
    ) -> Response:
        month, vault = str(Month.parse(month)), Vault(settings.secret_key)
        if name == "contributions.xlsx":
            people, totals = await netpay.contribution_report(month)
            back = await netpay.back_payments(month)
            ids = sorted({p.employee_id for p in people} | {b.employee_id for b in back})
            numbers = await netpay.audited_ids(month, ids, vault, actor, name)
            return _file(
                netpay_export.contributions_xlsx(month, people, totals, numbers, back),
                XLSX,
                f"contributions-{month}.xlsx",
            )
        if name == "withholding.xlsx":
            rows = await netpay.withholding_rows(month)
            numbers = await netpay.audited_ids(month, [r["employee"] for r in rows], vault, actor, name)
            return _file(netpay_export.withholding_xlsx(rows, numbers), XLSX, f"withholding-{month}.xlsx")
        if name in ("bank.xlsx", "bank.csv"):
            bank = await netpay.bank_file(month, vault, actor)
            if name == "bank.csv":
                return _file(netpay_export.bank_csv(bank), "text/csv; charset=utf-8", f"bank-{month}.csv")
            return _file(netpay_export.bank_xlsx(bank), XLSX, f"bank-{month}.xlsx")
        raise NotFoundException()


async def _save(form: str, employee_id: int, values: dict[str, str], actor: Actor, year: int) -> None:
    if form == "enrol":
        scheme, base, reason, start = forms.enrolment(values)
        await contributions.enrol(employee_id, scheme, base, reason, start, actor)
    elif form == "declare":
        kind, amount, start = forms.declaration(values)
        await tax.declare(employee_id, kind, amount, start, actor)
    elif form == "options":
        await tax.set_options(
            employee_id, year, values.get("sixty_thousand") == "on", values.get("first_job") == "on", actor
        )
    elif form == "bonus":
        month, amount, method = forms.year_end_bonus(values)
        await tax.set_bonus(employee_id, month, amount, method, actor)
    elif form == "opening":
        through, months, figures = forms.opening(values)
        await tax.set_opening(employee_id, through, months, figures, actor)
    else:
        raise NotFoundException()
