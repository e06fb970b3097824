"""The kiosk's practical sign-off screens: worker scans, trainer scans, one tap per course."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.response import Template

from app.attendance.kiosk.routes import KioskDep, kiosk_inactive
from app.attendance.scans.service import node_id
from app.forms import parse_int
from app.timeutil import utcnow
from app.training import signoff
from app.web import SettingsDep, form_data, render


def _screen(request: Request, kiosk: str, status_code: int = 200, **context: object) -> Template:
    defaults = {"kiosk": kiosk, "pair": None, "worker_text": "", "trainer_text": "", "error": "", "done": None}
    return render(
        request,
        "training/kiosk_signoff.html",
        "training/_signoff_step.html",
        "signoff-step",
        status_code=status_code,
        **{**defaults, **context},
    )


class SignoffKioskController(Controller):
    path = "/kiosk/signoff"

    @get("/")
    async def start(self, request: Request, kiosk: KioskDep) -> Template:
        return kiosk_inactive() if kiosk is None else _screen(request, kiosk)

    @post("/")
    async def step(self, request: Request, kiosk: KioskDep, settings: SettingsDep) -> Template:
        """Scanned so far: the worker's badge, then the trainer's; refused steps start that scan again."""
        if kiosk is None:
            return kiosk_inactive()
        values = await form_data(request)
        worker_text, trainer_text = values.get("worker_text", ""), values.get("trainer_text") or None
        found = await signoff.pair(settings.secret_key, worker_text, trainer_text, utcnow())
        if found.refusal:
            keep = worker_text if trainer_text and found.worker.holder else ""
            return _screen(request, kiosk, 422, pair=found if keep else None, worker_text=keep, error=found.refusal)
        return _screen(request, kiosk, pair=found, worker_text=worker_text, trainer_text=trainer_text or "")

    @post("/confirm")
    async def confirm(self, request: Request, kiosk: KioskDep, settings: SettingsDep) -> Template:
        if kiosk is None:
            return kiosk_inactive()
        values = await form_data(request)
        course = values.get("course_id", "")
        found, refusal = await signoff.confirm(
            settings.secret_key,
            values.get("worker_text", ""),
            values.get("trainer_text", ""),
            parse_int(course) or 0,
            node_id(settings),
            utcnow(),
            values.get("verdict") != "failed",
        )
        if refusal:
            return _screen(
                request,
                kiosk,
                422,
                pair=found,
                worker_text=values.get("worker_text", ""),
                trainer_text=values.get("trainer_text", ""),
                error=refusal,
            )
        title = next((choice.title for choice in found.choices if str(choice.course_id) == course), "")
        return _screen(
            request,
            kiosk,
            done={
                "worker": found.worker.holder.name,
                "trainer": found.trainer.holder.name,
                "course": title,
                "passed": values.get("verdict") != "failed",
            },
        )
