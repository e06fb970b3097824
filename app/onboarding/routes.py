"""HR's onboarding pages: the pipeline, the invite form, the printable slip, contract templates, signed PDFs."""

from __future__ import annotations

from datetime import timedelta

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template

from app.audit import service as audit
from app.auth.guards import HR
from app.badges.sheet import qr_svg
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import parse_int
from app.onboarding import (
    chain,
    contract,
    contract_terms,
    employer_sign,
    induction,
    induction_settings,
    invites,
    pipeline,
    retention,
)
from app.people import plant_settings
from app.settings import Settings
from app.timeutil import local_today, utcnow
from app.web import ActorDep, SettingsDep, ZoneDep, after_post, form_data, writes_on_read


def _today(request: Request):
    settings: Settings = request.app.state.settings
    return utcnow().astimezone(settings.zone).date()


class OnboardingController(Controller):
    path = "/onboarding"
    guards = [HR]

    @get("/", opt=writes_on_read("retention"))
    async def index(self, settings: SettingsDep) -> Template:
        await retention.purge_expired(utcnow())  # abandoned flows keep personal data no longer than their invite
        return Template("onboarding/pipeline.html", context={"p": await pipeline.pipeline(utcnow(), settings.zone)})

    async def _form(self, request: Request, values: dict, errors: dict, status_code: int = 200) -> Template:
        context = {"values": values, "errors": errors, **await invites.choices()}
        return Template("onboarding/invite_form.html", context=context, status_code=status_code)

    @get("/invites/new", opt=writes_on_read("first_use"))
    async def new(self, request: Request) -> Template:
        today = _today(request)
        return await self._form(
            request,
            {
                "start_date": today.isoformat(),
                "skill_grade": "1",
                "term_kind": "fixed",
                "term_months": "36",
                "probation_months": "6",
                "expires_on": (today + timedelta(days=7)).isoformat(),
            },
            {},
        )

    @post("/invites")
    async def create(self, request: Request, actor: ActorDep, settings: SettingsDep) -> Response:
        values = await form_data(request)
        try:
            invite_id = await invites.create_invite(invites.parse_invite(values, _today(request)), settings.zone, actor)
        except Refused as refused:
            return await self._form(request, values, refused.errors, 422)
        return after_post(request, f"/onboarding/invites/{invite_id}")

    @get("/invites/{invite_id:str}")
    async def slip(self, settings: SettingsDep, invite_id: FromPath[str]) -> Template:
        invite = await invites.get_invite(invite_id)
        if invite is None:
            raise NotFoundException()
        payload = invites.slip_payload(settings.secret_key, invite)
        return Template("onboarding/slip.html", context={"invite": invite, "svg": qr_svg(payload), "payload": payload})

    @post("/invites/{invite_id:str}/cancel")
    async def cancel(self, request: Request, actor: ActorDep, invite_id: FromPath[str]) -> Response:
        await invites.cancel_invite(invite_id, actor)
        return after_post(request, "/onboarding")

    @get("/contracts/chain")
    async def chain_status(self) -> Template:
        """The archive's line on the onboarding page (loaded after the page: it re-hashes every contract)."""
        return Template("onboarding/_chain.html", context={"report": await chain.verify()})

    @get("/contracts/ending")
    async def contracts_ending(self, zone: ZoneDep) -> Template:
        today = local_today(zone)
        context = {"rows": await contract_terms.ending(today), "today": today, "days": contract_terms.NOTICE_DAYS}
        return Template("onboarding/contracts_ending.html", context=context)

    @get("/people/{employee_id:int}/contracts")
    async def person_contracts(self, employee_id: FromPath[int]) -> Template:
        """The person's page's contract section (loaded after the page): their signed contracts and the chain line."""
        context = {"employee_id": employee_id, "signed": await chain.signed_by(employee_id)}
        if context["signed"]:
            context["report"] = await chain.verify()
        return Template("onboarding/_person_contracts.html", context=context)

    @get("/contracts/{flow_id:str}", opt=writes_on_read("access_log"))
    async def contract(self, actor: ActorDep, flow_id: FromPath[str]) -> Response:
        found = await pipeline.contract_pdf(flow_id)
        if found is None:
            raise NotFoundException()
        pdf, code = found
        async with write_transaction():  # personal data: every access is logged (PIPL)
            await audit.record(actor, "contract.download", "employee", code)
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="contract-{code}.pdf"'},
        )

    @get("/templates", opt=writes_on_read("first_use"))
    async def templates(self, request: Request) -> Template:
        return await self._templates({}, {})

    async def _templates(self, values: dict, errors: dict, status_code: int = 200) -> Template:
        listed = (await invites.choices())["templates"]
        context = {
            "templates": listed,
            "values": values,
            "errors": errors,
            "signatory": await plant_settings.read_text(employer_sign.SIGNATORY),
            "has_seal": await employer_sign.seal() is not None,
            "signers": await employer_sign.candidates(),
        }
        return Template("onboarding/templates.html", context=context, status_code=status_code)

    @post("/templates/signatory")
    async def choose_signatory(self, request: Request, actor: ActorDep) -> Response:
        """The HR user named on every contract as the plant's authorised representative (甲方授权代表)."""
        values = await form_data(request)
        chosen = values.get("signatory", "")
        try:
            await employer_sign.choose_signatory(parse_int(chosen), actor)
        except Refused as refused:
            return await self._templates(values, refused.errors, 422)
        return Redirect("/onboarding/templates", status_code=303)

    @post("/templates/seal")
    async def upload_seal(self, request: Request, actor: ActorDep) -> Response:
        form = await request.form()
        upload = form.get("seal")
        content = await upload.read(contract.MAX_SEAL_BYTES + 1) if isinstance(upload, UploadFile) else b""
        try:
            await employer_sign.upload_seal(content, actor)
        except Refused as refused:
            return await self._templates({}, refused.errors, 422)
        return Redirect("/onboarding/templates", status_code=303)

    @get("/induction", opt=writes_on_read("first_use"))
    async def induction_page(self, saved: FromQuery[bool] = False) -> Template:
        return await self._induction({}, {}, saved=saved)

    async def _induction(self, values: dict, errors: dict, status_code: int = 200, saved: bool = False) -> Template:
        held = await induction.induction()
        current = held.settings
        shown = {
            induction_settings.READ_SECONDS: str(current.read_seconds_per_page),
            induction_settings.RETRY_WAIT: str(current.retry_wait_minutes),
            induction_settings.CHOICES: str(current.choices),
            **values,
        }
        context = {"held": held, "values": shown, "errors": errors, "keys": induction_settings, "saved": saved}
        return Template("onboarding/induction.html", context=context, status_code=status_code)

    @post("/induction")
    async def save_induction(self, request: Request, actor: ActorDep) -> Response:
        values = await form_data(request)
        try:
            questions = (await induction.induction()).questions
            await induction_settings.save(values, questions, actor)
        except Refused as refused:
            return await self._induction(values, refused.errors, 422)
        return Redirect("/onboarding/induction?saved=1", status_code=303)

    @get("/templates/seal.png")
    async def seal_picture(self) -> Response:
        picture = await employer_sign.seal()
        if picture is None:
            raise NotFoundException()
        return Response(picture, media_type="image/png", headers={"Cache-Control": "no-store"})

    @post("/templates")
    async def add_template(self, request: Request, actor: ActorDep) -> Response:
        values = await form_data(request)
        errors = await invites.add_template(values.get("name", ""), values.get("body", ""), actor)
        if errors:
            return await self._templates(values, errors, 422)
        return Redirect("/onboarding/templates", status_code=303)
