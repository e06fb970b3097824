"""Theory at the kiosk: the worker scans their badge, studies a course's material, takes its quiz.

The badge's text travels with each screen and is checked again on every step, as at the sign-off.
"""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File, Response, Template

from app.attendance.kiosk_routes import _inactive, kiosk_allowed
from app.badges import service as badges
from app.i18n import N_
from app.settings import Settings
from app.timeutil import utcnow
from app.training import service
from app.web import form_data, render

NOT_YOURS = N_("This course is not one of yours. Please choose from the list.")


def _screen(request: Request, kiosk: str, status_code: int = 200, **context: object) -> Template:
    defaults = {"kiosk": kiosk, "worker": None, "badge": "", "courses": [], "course": None, "questions": [],
                "materials": [], "score": None, "error": "", "screen": "scan"}
    return render(request, "training/kiosk_quiz.html", "training/_quiz_step.html", "quiz-step",
                  status_code=status_code, **{**defaults, **context})


class QuizKioskController(Controller):
    path = "/kiosk/quiz"

    async def _worker(self, request: Request) -> tuple[str | None, dict, badges.Identified | None]:
        kiosk = await kiosk_allowed(request)
        values = await form_data(request)
        if kiosk is None:
            return None, values, None
        settings: Settings = request.app.state.settings
        return kiosk, values, await badges.identify(settings.secret_key, values.get("badge", ""), utcnow())

    async def _course(self, worker: badges.Identified, values: dict) -> dict | None:
        course_id = int(values["course_id"]) if values.get("course_id", "").isdigit() else 0
        if not await service.worker_may_take(worker.holder.employee_id, course_id):
            return None
        return await service.get_course(course_id)

    @get("/")
    async def start(self, request: Request) -> Template:
        kiosk = await kiosk_allowed(request)
        return _inactive() if kiosk is None else _screen(request, kiosk)

    @post("/")
    async def choose(self, request: Request) -> Template:
        kiosk, values, worker = await self._worker(request)
        if kiosk is None:
            return _inactive()
        if worker.holder is None:
            return _screen(request, kiosk, 422, error=worker.message)
        courses = await service.courses_for_worker(worker.holder.employee_id)
        return _screen(request, kiosk, screen="courses", worker=worker.holder, badge=values["badge"], courses=courses)

    @post("/study")
    async def study(self, request: Request) -> Template:
        kiosk, values, worker = await self._worker(request)
        if kiosk is None:
            return _inactive()
        if worker.holder is None:
            return _screen(request, kiosk, 422, error=worker.message)
        course = await self._course(worker, values)
        if course is None:
            return _screen(request, kiosk, 422, error=NOT_YOURS)
        await service.record_study(worker.holder.employee_id, course["id"])
        return _screen(request, kiosk, screen="study", worker=worker.holder, badge=values["badge"], course=course,
                       materials=await service.materials(course["id"]))

    @post("/start")
    async def questions(self, request: Request) -> Template:
        kiosk, values, worker = await self._worker(request)
        if kiosk is None:
            return _inactive()
        if worker.holder is None:
            return _screen(request, kiosk, 422, error=worker.message)
        course = await self._course(worker, values)
        if course is None:
            return _screen(request, kiosk, 422, error=NOT_YOURS)
        context = {"worker": worker.holder, "badge": values["badge"], "course": course}
        if not await service.may_attempt(worker.holder.employee_id, course["id"]):
            return _screen(request, kiosk, 422, screen="courses", error=N_(
                "Study the course material again before the next try."),
                courses=await service.courses_for_worker(worker.holder.employee_id), **context)
        return _screen(request, kiosk, screen="quiz", questions=await service.questions(course["id"]), **context)

    @post("/submit")
    async def submit(self, request: Request) -> Template:
        kiosk, values, worker = await self._worker(request)
        if kiosk is None:
            return _inactive()
        if worker.holder is None:
            return _screen(request, kiosk, 422, error=worker.message)
        course = await self._course(worker, values)
        if course is None:
            return _screen(request, kiosk, 422, error=NOT_YOURS)
        questions = await service.questions(course["id"])
        answers = [int(values[f"q{q['id']}"]) if values.get(f"q{q['id']}", "").isdigit() else None for q in questions]
        context = {"worker": worker.holder, "badge": values["badge"], "course": course,
                   "courses": await service.courses_for_worker(worker.holder.employee_id)}
        try:
            score = await service.take_quiz(worker.holder.employee_id, course["id"], answers)
        except service.TrainingError as refused:
            return _screen(request, kiosk, 422, screen="courses", error=str(refused), **context)
        context["courses"] = await service.courses_for_worker(worker.holder.employee_id)
        return _screen(request, kiosk, screen="result", score=score, **context)

    @get("/material/{material_id:int}")
    async def material(self, request: Request, material_id: FromPath[int]) -> Response:
        if await kiosk_allowed(request) is None:
            return _inactive()
        material = await service.get_material(material_id)
        if material is None:
            raise NotFoundException()
        path = service.material_dir(request.app.state.settings.data_dir) / material["sha256"]
        return File(path=path, filename=material["filename"], media_type=material["content_type"],
                    content_disposition_type="inline")
