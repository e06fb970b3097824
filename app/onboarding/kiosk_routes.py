"""The onboarding kiosk: scan the invite, then one step per screen; the invite's text travels with each screen.

Once the flow holds an identity, the screens also carry a proof that the person holds that ID card (app.onboarding.proof):
a slip scanned again, by its owner after a break or by whoever found it, shows only the name and the next step until the
ID card is read or typed again."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Response, Template

from app.attendance.kiosk.routes import KioskDep, kiosk_allowed, kiosk_inactive
from app.attendance.scans.service import node_id
from app.audit.service import Actor
from app.errors import Refused
from app.forms import parse_int
from app.i18n import N_
from app.onboarding import first_pin, induction, proof, rules, signing
from app.onboarding import flow as flows
from app.onboarding.crypto import Vault
from app.onboarding.idcard import IdCardError, parse_text_block
from app.onboarding.reader import NO_CARD, NO_READER, configured_reader
from app.settings import Settings
from app.timeutil import utcnow
from app.web import SettingsDep, form_data, render

KEYS = "123456789X0"
RESTUDY = N_("Read the safety pages again before the next try.")
NOT_THIS_CARD = N_("This is not the ID card this onboarding began with. Use your own ID card, or ask HR.")


async def _screen(request: Request, kiosk: str, status_code: int = 200, **context: object) -> Template:
    """The kiosk page or its step fragment; the screen follows the flow's step unless one is named."""
    defaults = {
        "kiosk": kiosk,
        "flow": None,
        "screen": "scan",
        "invite": "",
        "error": "",
        "errors": {},
        "values": {},
        "now": utcnow(),
        "keys": KEYS,
        "text": "",
        "induction": None,
        "score": None,
        "badge": "",
        "pickup": "",
        "proof": "",
        "pin_form": False,
        "pin_saved": False,
    }
    context = {**defaults, **context}
    flow = context["flow"]
    if flow is not None and context["screen"] == "scan":
        context["screen"] = _screen_for(flow)
    if context["screen"] == "contract":
        context["text"] = await signing.text_of(flow)
    if context["screen"].startswith("safety"):
        context["induction"] = await induction.induction()
    if context["screen"] == "done":
        context["pickup"] = await induction.pickup_place()
        context["pin_form"] = await first_pin.may_choose(flow, utcnow())
    return render(
        request, "onboarding/kiosk.html", "onboarding/_step.html", "onboarding-step", status_code=status_code, **context
    )


def _screen_for(flow: flows.Flow) -> str:
    if flow.step == "identity":
        return "confirm" if flow.id_cipher else "identity"
    return {"safety": "safety_read"}.get(flow.step, flow.step)


@dataclass(frozen=True)
class Step:
    kiosk: str
    values: dict[str, str]
    flow: flows.Flow
    settings: Settings

    @property
    def vault(self) -> Vault:
        return Vault(self.settings.secret_key)

    @property
    def actor(self) -> Actor:
        return Actor(name=f"kiosk {self.kiosk}")

    @property
    def proved(self) -> bool:
        """Nothing personal yet, or the person showed the flow's ID card on this kiosk."""
        token = self.values.get("proof", "")
        return not self.flow.id_cipher or proof.holds(
            self.settings.secret_key, token, self.flow.id, self.kiosk, utcnow()
        )

    def proof_issued(self) -> str:
        return proof.issue(self.settings.secret_key, self.flow.id, self.kiosk, utcnow())

    def carried(self, **context: object) -> dict:
        return {
            "flow": self.flow,
            "invite": self.values.get("invite", ""),
            "proof": self.values.get("proof", ""),
            **context,
        }


async def _step(request: Request, *, proving: bool = False) -> Step | Template:
    """The kiosk and the invite's flow, or the screen that refuses them (not a kiosk, a bad or expired invite), or,
    for a flow that holds an identity without the proof, the screen that asks for the ID card again."""
    kiosk = await kiosk_allowed(request)
    if kiosk is None:
        return kiosk_inactive()
    settings: Settings = request.app.state.settings
    values = await form_data(request)
    opened = await flows.open_flow(settings.secret_key, values.get("invite", ""), utcnow(), node_id(settings))
    if opened.flow is None:
        return await _screen(request, kiosk, 422, error=opened.refusal)
    step = Step(kiosk, values, opened.flow, settings)
    if not proving and not step.proved:
        return await _screen(request, kiosk, screen="resume", **step.carried(proof=""))
    return step


def _keyed(text: str, key: str) -> str:
    if key == "back":
        return text[:-1]
    if key == "clear":
        return ""
    return (text + key)[:18] if key in KEYS else text


class OnboardingKioskController(Controller):
    path = "/kiosk/onboarding"

    @get("/")
    async def start(self, request: Request, kiosk: KioskDep) -> Template:
        return kiosk_inactive() if kiosk is None else await _screen(request, kiosk)

    @post("/")
    async def resume(self, request: Request) -> Template:
        step = await _step(request)
        return step if isinstance(step, Template) else await _screen(request, step.kiosk, **step.carried())

    @post("/identity/read")
    async def read_card(self, request: Request, settings: SettingsDep) -> Template:
        step = await _step(request)
        if isinstance(step, Template):
            return step
        reader = configured_reader(settings)
        try:
            block = reader.read() if reader else None
            card = parse_text_block(block, utcnow().date()) if block else None
        except IdCardError as error:
            return await _screen(request, step.kiosk, 422, screen="identity", error=error.message, **step.carried())
        if card is None:
            return await _screen(
                request, step.kiosk, 422, screen="identity", error=NO_CARD if reader else NO_READER, **step.carried()
            )
        person = flows.Person(card.id_number, card.name, card.gender, card.birth_date, card.address, "reader")
        return await self._identify(request, step, person)

    @post("/identity/key")
    async def key(self, request: Request) -> Template:
        """The on-screen keypad: each tap comes back with the number so far; "check" validates it."""
        step = await _step(request)
        if isinstance(step, Template):
            return step
        text, key = step.values.get("id_text", ""), step.values.get("key", "")
        if key != "check":
            return await _screen(
                request,
                step.kiosk,
                screen="identity",
                values={**step.values, "id_text": _keyed(text, key)},
                **step.carried(),
            )
        check = rules.validate_resident_id(text, utcnow().date())
        if not check.ok:
            return await _screen(
                request,
                step.kiosk,
                422,
                screen="identity",
                error=check.errors[0].message,
                values=step.values,
                **step.carried(),
            )
        person = flows.Person(check.number, step.values.get("name", ""), check.gender, check.birth_date)
        return await self._identify(request, step, person)

    async def _identify(self, request: Request, step: Step, person: flows.Person) -> Template:
        refusal = await flows.identify(step.flow, person, step.vault, utcnow(), step.actor)
        if refusal:
            return await _screen(
                request, step.kiosk, 422, screen="identity", error=refusal, values=step.values, **step.carried()
            )
        flow = await flows.load(step.flow.id)
        return await _screen(request, step.kiosk, **step.carried(flow=flow, proof=step.proof_issued()))

    @post("/resume")
    async def prove(self, request: Request, settings: SettingsDep) -> Template:
        """A flow scanned again: the ID card it began with, read or typed, opens its screens on this kiosk."""
        step = await _step(request, proving=True)
        if isinstance(step, Template):
            return step
        if step.proved:
            return await _screen(request, step.kiosk, **step.carried())
        text, key = step.values.get("id_text", ""), step.values.get("key", "")
        if key not in ("check", "read"):
            values = {"id_text": _keyed(text, key)}
            return await _screen(request, step.kiosk, screen="resume", values=values, **step.carried())
        number = text
        if key == "read":
            reader = configured_reader(settings)
            try:
                block = reader.read() if reader else None
                card = parse_text_block(block, utcnow().date()) if block else None
            except IdCardError as error:
                return await _screen(request, step.kiosk, 422, screen="resume", error=error.message, **step.carried())
            if card is None:
                refusal = NO_CARD if reader else NO_READER
                return await _screen(request, step.kiosk, 422, screen="resume", error=refusal, **step.carried())
            number = card.id_number
        check = rules.validate_resident_id(number, utcnow().date())
        if not check.ok or step.vault.lookup_hash(check.number) != step.flow.id_hash:
            await flows.refuse_resume(step.flow, utcnow(), step.actor)
            return await _screen(request, step.kiosk, 422, screen="resume", error=NOT_THIS_CARD, **step.carried())
        return await _screen(request, step.kiosk, **step.carried(proof=step.proof_issued()))

    @post("/identity/confirm")
    async def confirm(self, request: Request) -> Template:
        step = await _step(request)
        if isinstance(step, Template):
            return step
        if step.values.get("answer") == "again":
            return await _screen(request, step.kiosk, screen="identity", **step.carried())
        flow = await flows.confirm_identity(step.flow, utcnow())
        return await _screen(request, step.kiosk, **step.carried(flow=flow))

    @post("/details")
    async def details(self, request: Request) -> Template:
        step = await _step(request)
        if isinstance(step, Template):
            return step
        try:
            flow = await flows.save_details(step.flow, step.values, step.vault, utcnow())
        except Refused as refused:
            errors = refused.errors
            return await _screen(
                request,
                step.kiosk,
                422,
                errors=errors,
                values=step.values,
                error=errors.get("_form", ""),
                **step.carried(),
            )
        return await _screen(request, step.kiosk, **step.carried(flow=flow))

    @post("/contract")
    async def sign(self, request: Request) -> Template:
        step = await _step(request)
        if isinstance(step, Template):
            return step
        flow, refusal = await signing.sign(
            step.flow,
            step.values.get("consent") == "yes",
            step.values.get("signature", ""),
            utcnow(),
            step.settings.zone,
            step.actor,
        )
        if refusal:
            return await _screen(request, step.kiosk, 422, error=refusal, **step.carried())
        return await _screen(request, step.kiosk, **step.carried(flow=flow))

    @post("/contract/copy")
    async def copy(self, request: Request) -> Response:
        """The worker's own copy of what they signed (PDF), for this invite only."""
        step = await _step(request)
        if isinstance(step, Template):
            return step
        signed = await signing.contract_of(step.flow.id)
        if signed is None:
            raise NotFoundException()
        return Response(
            bytes(signed["pdf"]),
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="contract-{signed["employee_code"]}.pdf"'},
        )

    @post("/safety/read")
    async def read_again(self, request: Request) -> Template:
        step = await _step(request)
        if isinstance(step, Template):
            return step
        await induction.read_again(step.flow)
        return await _screen(request, step.kiosk, screen="safety_read", **step.carried())

    @post("/safety/quiz")
    async def quiz(self, request: Request) -> Template:
        step = await _step(request)
        if isinstance(step, Template):
            return step
        if step.flow.step != "safety" or not await induction.may_retry(step.flow):
            return await _screen(
                request,
                step.kiosk,
                422,
                screen="safety_read" if step.flow.step == "safety" else "scan",
                error=RESTUDY,
                **step.carried(),
            )
        refusal = await induction.quiz_refusal(step.flow, utcnow(), step.settings.zone)
        if refusal:
            return await _screen(request, step.kiosk, 422, screen="safety_read", error=refusal.text, **step.carried())
        return await _screen(request, step.kiosk, screen="safety_quiz", **step.carried())

    @post("/safety/submit")
    async def submit(self, request: Request) -> Template:
        step = await _step(request)
        if isinstance(step, Template):
            return step
        refusal = await induction.quiz_refusal(step.flow, utcnow(), step.settings.zone)
        if refusal:
            return await _screen(request, step.kiosk, 422, screen="safety_read", error=refusal.text, **step.carried())
        questions = (await induction.induction()).questions
        answers = [parse_int(step.values.get(f"q{q['id']}")) for q in questions]
        score = await induction.take_quiz(step.flow, answers)
        if isinstance(score, str):
            return await _screen(request, step.kiosk, 422, error=score, **step.carried())
        if not score.passed:
            return await _screen(request, step.kiosk, screen="safety_failed", score=score, **step.carried())
        settings = step.settings
        flow = await induction.finish(step.flow, utcnow(), settings.zone, settings.secret_key, step.actor)
        return await _screen(
            request,
            step.kiosk,
            screen="done",
            score=score,
            badge=await induction.badge_payload(flow, settings.secret_key),
            **step.carried(flow=flow),
        )

    @post("/pin")
    async def pin(self, request: Request) -> Template:
        """The worker chooses their PIN on the done screen (once, right after onboarding, never shown again)."""
        step = await _step(request)
        if isinstance(step, Template):
            return step
        try:
            await first_pin.choose(
                step.flow, step.values.get("pin", ""), step.values.get("again", ""), utcnow(), step.actor
            )
        except Refused as refused:
            return await _screen(
                request, step.kiosk, refused.status, screen="done", errors=refused.errors, **step.carried()
            )
        return await _screen(request, step.kiosk, screen="done", pin_saved=True, **step.carried())
