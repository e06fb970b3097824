"""Theory at the kiosk: the worker scans their badge, studies a course's material, takes its quiz.

The badge's text travels with each screen and is checked again on every step, as at the sign-off.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File, Response, Template

from app.attendance.kiosk.routes import KioskDep, kiosk_allowed, kiosk_inactive
from app.badges import service as badges
from app.forms import parse_int
from app.i18n import N_
from app.settings import Settings
from app.timeutil import utcnow
from app.training import materials, service
from app.web import SettingsDep, form_data, render

NOT_YOURS = N_("This course is not one of yours. Please choose from the list.")
RESTUDY = N_("Study the course material again before the next try.")


def _screen(request: Request, kiosk: str, status_code: int = 200, **context: object) -> Template:
    defaults = {
        "kiosk": kiosk,
        "worker": None,
        "badge": "",
        "courses": [],
        "course": None,
        "questions": [],
        "materials": [],
        "score": None,
        "error": "",
        "screen": "scan",
    }
    return render(
        request,
        "training/kiosk_quiz.html",
        "training/_quiz_step.html",
        "quiz-step",
        status_code=status_code,
        **{**defaults, **context},
    )


@dataclass(frozen=True)
class Step:
    """A screen's checked input: the kiosk, the form, the worker the badge belongs to, the course (if asked for)."""

    kiosk: str
    values: dict
    worker: badges.Holder
    course: dict | None = None

    @property
    def carried(self) -> dict:
        """What every screen carries on: the worker, their badge text, the course."""
        return {"worker": self.worker, "badge": self.values.get("badge", ""), "course": self.course}


async def _checked(request: Request, with_course: bool) -> Step | Template:
    """The step, or the screen that refuses it: not a kiosk, a badge that does not identify, not their course."""
    kiosk = await kiosk_allowed(request)
    if kiosk is None:
        return kiosk_inactive()
    values = await form_data(request)
    settings: Settings = request.app.state.settings
    worker = await badges.identify(settings.secret_key, values.get("badge", ""), utcnow())
    if worker.holder is None:
        return _screen(request, kiosk, 422, error=worker.message)
    if not with_course:
        return Step(kiosk, values, worker.holder)
    course_id = parse_int(values.get("course_id")) or 0
    if not await service.worker_may_take(worker.holder.employee_id, course_id):
        return _screen(request, kiosk, 422, error=NOT_YOURS)
    return Step(kiosk, values, worker.holder, await service.get_course(course_id))


class QuizKioskController(Controller):
    path = "/kiosk/quiz"

    @get("/")
    async def start(self, request: Request, kiosk: KioskDep) -> Template:
        return kiosk_inactive() if kiosk is None else _screen(request, kiosk)

    @post("/")
    async def choose(self, request: Request) -> Template:
        step = await _checked(request, with_course=False)
        if not isinstance(step, Step):
            return step
        courses = await service.courses_for_worker(step.worker.employee_id)
        return _screen(request, step.kiosk, screen="courses", courses=courses, **step.carried)

    @post("/study")
    async def study(self, request: Request) -> Template:
        step = await _checked(request, with_course=True)
        if not isinstance(step, Step):
            return step
        await service.record_study(step.worker.employee_id, step.course["id"])
        return _screen(
            request, step.kiosk, screen="study", materials=await materials.materials(step.course["id"]), **step.carried
        )

    @post("/start")
    async def questions(self, request: Request) -> Template:
        step = await _checked(request, with_course=True)
        if not isinstance(step, Step):
            return step
        if not await service.may_attempt(step.worker.employee_id, step.course["id"]):
            return _screen(
                request,
                step.kiosk,
                422,
                screen="courses",
                error=RESTUDY,
                courses=await service.courses_for_worker(step.worker.employee_id),
                **step.carried,
            )
        return _screen(
            request, step.kiosk, screen="quiz", questions=await service.questions(step.course["id"]), **step.carried
        )

    @post("/submit")
    async def submit(self, request: Request) -> Template:
        step = await _checked(request, with_course=True)
        if not isinstance(step, Step):
            return step
        questions = await service.questions(step.course["id"])
        answers = [parse_int(step.values.get(f"q{q['id']}")) for q in questions]
        try:
            score = await service.take_quiz(step.worker.employee_id, step.course["id"], answers)
        except service.TrainingError as refused:
            return _screen(
                request,
                step.kiosk,
                422,
                screen="courses",
                error=str(refused),
                courses=await service.courses_for_worker(step.worker.employee_id),
                **step.carried,
            )
        return _screen(
            request,
            step.kiosk,
            screen="result",
            score=score,
            courses=await service.courses_for_worker(step.worker.employee_id),
            **step.carried,
        )

    @get("/material/{material_id:int}")
    async def material(self, kiosk: KioskDep, settings: SettingsDep, material_id: FromPath[int]) -> Response:
        if kiosk is None:
            return kiosk_inactive()
        material = await materials.get_material(material_id)
        if material is None:
            raise NotFoundException()
        path = materials.material_dir(settings.data_dir) / material["sha256"]
        return File(
            path=path,
            filename=material["filename"],
            media_type=material["content_type"],
            content_disposition_type="inline",
        )
