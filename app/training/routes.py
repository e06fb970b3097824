"""Course pages: the list each role may see, a course with its material, quiz and trainers."""

from __future__ import annotations

from datetime import datetime

from litestar import Controller, Request, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import File, Response, Template

from app.auth.guards import UserDep, requires
from app.errors import Refused
from app.i18n import N_
from app.people import service as people
from app.people.forms import optional_int
from app.timeutil import utcnow
from app.training import materials, rules, service
from app.web import SettingsDep, after_post, form_data, render

TRAINING = requires("hr", "dept_head", "trainer")
UPLOAD_LIMIT = rules.MAX_MATERIAL_BYTES + 1024 * 1024  # the file plus the form around it


async def _viewer(request: Request) -> rules.Viewer:
    return await service.viewer_for(request.scope["user"])


async def _visible_course(request: Request, course_id: int) -> tuple[rules.Viewer, dict]:
    viewer = await _viewer(request)
    course = await service.get_course(course_id)
    if course is None:
        raise NotFoundException()
    if not rules.can_see_course(viewer, course_id, course["kind"], course["department"]):
        raise PermissionDeniedException(N_("Your account may not open this page."))
    return viewer, course


def _kinds_for(viewer: rules.Viewer) -> list[str]:
    return [
        kind
        for kind in rules.COURSE_KINDS
        if kind == "general" and viewer.has("hr") or kind == "professional" and viewer.headed_departments
    ]


async def _form(request: Request, viewer: rules.Viewer, values: dict, errors: dict, course_id: int | None) -> Template:
    departments = [d for d in await people.list_departments() if viewer.has("hr") or d.id in viewer.headed_departments]
    context = {
        "values": values,
        "errors": errors,
        "course_id": course_id,
        "kinds": _kinds_for(viewer),
        "kind_labels": rules.KIND_LABELS,
        "departments": departments,
    }
    return render(
        request,
        "training/form.html",
        "training/_form.html",
        "course-form",
        status_code=422 if errors else 200,
        **context,
    )


async def _detail(request: Request, course_id: int, status_code: int = 200, **problems: object) -> Template:
    viewer, course = await _visible_course(request, course_id)
    context = {
        "course": course,
        "kind_labels": rules.KIND_LABELS,
        "may_manage": rules.can_manage_course(viewer, course["kind"], course["department"]),
        "may_delete_material": rules.can_delete_material(viewer, course["kind"], course["department"]),
        "may_qualify": rules.can_qualify_trainers(viewer, course["kind"], course["department"]),
        "materials": await materials.materials(course_id),
        "questions": await service.questions(course_id),
        "trainers": await service.trainers(course_id),
        "attempts": await service.attempts(course_id),
        "sessions": await service.sessions(course_id),
        "may_schedule": rules.can_schedule(viewer, course["kind"], course["department"]),
        "schedule_error": None,
        "material_error": None,
        "question_errors": {},
        "question_values": {},
        "trainer_error": None,
        **problems,
    }
    return Template("training/course.html", context=context, status_code=status_code)


class CourseController(Controller):
    path = "/training"
    guards = [TRAINING]

    @get("/")
    async def index(self, request: Request, department: FromQuery[str] = "") -> Template:
        viewer = await _viewer(request)
        department_id = optional_int(department)
        visible = {course["id"] for course in await service.list_courses(viewer)}
        upcoming = [row for row in await service.sessions(since=utcnow()) if row["course"] in visible]
        context = {
            "courses": await service.list_courses(viewer, department_id),
            "kind_labels": rules.KIND_LABELS,
            "upcoming": upcoming,
            "may_create": bool(_kinds_for(viewer)),
            "may_track": viewer.has("hr") or bool(viewer.headed_departments),
            "departments": await people.list_departments(),
            "department": department_id,
        }
        return render(request, "training/list.html", **context)

    @get("/new")
    async def new(self, request: Request) -> Template:
        viewer = await _viewer(request)
        if not _kinds_for(viewer):
            raise PermissionDeniedException(N_("Your account may not open this page."))
        kind = _kinds_for(viewer)[0]
        department = next(iter(sorted(viewer.headed_departments)), "")
        values = {
            "kind": kind,
            "department_id": str(department),
            "hours": "2",
            "pass_mark": str(rules.DEFAULT_PASS_MARK),
        }
        return await _form(request, viewer, values, {}, None)

    @post("/")
    async def create(self, request: Request, user: UserDep) -> Response:
        viewer = await _viewer(request)
        values = await form_data(request)
        try:
            data = service.parse_course(values)
        except Refused as refused:
            return await _form(request, viewer, values, refused.errors, None)
        course_id = await service.create_course(viewer, data, user)
        return after_post(request, f"/training/{course_id}")

    @get("/{course_id:int}")
    async def detail(self, request: Request, course_id: FromPath[int]) -> Template:
        return await _detail(request, course_id)

    @get("/{course_id:int}/edit")
    async def edit(self, request: Request, course_id: FromPath[int]) -> Template:
        viewer, course = await _visible_course(request, course_id)
        values = {
            "title": course["title"],
            "kind": course["kind"],
            "department_id": str(course["department"] or ""),
            "hours": f"{course['minutes'] / 60:g}",
            "pass_mark": str(course["pass_mark"]),
            "description": course["description"],
        }
        return await _form(request, viewer, values, {}, course_id)

    @post("/{course_id:int}")
    async def update(self, request: Request, user: UserDep, course_id: FromPath[int]) -> Response:
        viewer, _ = await _visible_course(request, course_id)
        values = await form_data(request)
        try:
            data = service.parse_course(values)
        except Refused as refused:
            return await _form(request, viewer, values, refused.errors, course_id)
        await service.update_course(viewer, course_id, data, user)
        return after_post(request, f"/training/{course_id}")

    @post("/{course_id:int}/materials", request_max_body_size=UPLOAD_LIMIT)
    async def upload(
        self, request: Request, user: UserDep, settings: SettingsDep, course_id: FromPath[int]
    ) -> Response:
        viewer, _ = await _visible_course(request, course_id)
        upload = (await request.form()).get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return await _detail(request, course_id, 422, material_error=N_("Choose a file to upload."))
        try:
            await materials.add_material(
                viewer,
                settings.data_dir,
                course_id,
                upload.filename,
                upload.file,
                user,
            )
        except service.TrainingError as refused:
            return await _detail(request, course_id, 422, material_error=str(refused))
        finally:
            await upload.close()
        return after_post(request, f"/training/{course_id}")

    @get("/materials/{material_id:int}")
    async def material(self, request: Request, settings: SettingsDep, material_id: FromPath[int]) -> File:
        material = await materials.get_material(material_id)
        if material is None:
            raise NotFoundException()
        await _visible_course(request, material["course"])
        path = materials.material_dir(settings.data_dir) / material["sha256"]
        return File(
            path=path,
            filename=material["filename"],
            media_type=material["content_type"],
            content_disposition_type="inline",
        )

    @post("/materials/{material_id:int}/delete")
    async def delete_material(
        self, request: Request, user: UserDep, settings: SettingsDep, material_id: FromPath[int]
    ) -> Response:
        material = await materials.get_material(material_id)
        if material is None:
            raise NotFoundException()
        viewer, _ = await _visible_course(request, material["course"])
        await materials.delete_material(viewer, settings.data_dir, material_id, user)
        return after_post(request, f"/training/{material['course']}")

    @post("/{course_id:int}/questions")
    async def add_question(self, request: Request, user: UserDep, course_id: FromPath[int]) -> Response:
        viewer, _ = await _visible_course(request, course_id)
        form = await request.form()
        values = {key: str(value) for key, value in form.items()}
        choices = [str(choice) for choice in form.getall("choice")] if hasattr(form, "getall") else []
        errors = await service.add_question(
            viewer, course_id, values.get("text", ""), choices, values.get("answer", ""), user
        )
        if errors:
            return await _detail(
                request,
                course_id,
                422,
                question_errors=errors,
                question_values={"text": values.get("text", ""), "choices": choices},
            )
        return after_post(request, f"/training/{course_id}#quiz")

    @post("/questions/{question_id:int}/delete")
    async def delete_question(self, request: Request, user: UserDep, question_id: FromPath[int]) -> Response:
        course_id = await service.delete_question(await _viewer(request), question_id, user)
        return after_post(request, f"/training/{course_id}#quiz" if course_id else "/training")

    @post("/{course_id:int}/trainers")
    async def add_trainer(self, request: Request, user: UserDep, course_id: FromPath[int]) -> Response:
        viewer, _ = await _visible_course(request, course_id)
        values = await form_data(request)
        try:
            await service.qualify_trainer(viewer, course_id, values.get("employee_code", ""), user)
        except service.TrainingError as refused:
            return await _detail(request, course_id, 422, trainer_error=str(refused))
        return after_post(request, f"/training/{course_id}#trainers")

    @post("/{course_id:int}/sessions")
    async def add_session(
        self, request: Request, user: UserDep, settings: SettingsDep, course_id: FromPath[int]
    ) -> Response:
        viewer, _ = await _visible_course(request, course_id)
        values = await form_data(request)
        try:  # the form's local date and time, in the plant's zone
            starts_at = datetime.fromisoformat(values.get("starts_at", "")).replace(tzinfo=settings.zone)
        except ValueError:
            starts_at = None
        try:
            error = await service.schedule(
                viewer,
                course_id,
                starts_at,
                values.get("place", ""),
                values.get("trainer_code", ""),
                user,
            )
        except service.TrainingError as refused:
            error = str(refused)
        if error:
            return await _detail(request, course_id, 422, schedule_error=error)
        return after_post(request, f"/training/{course_id}#schedule")

    @post("/trainers/{qualification_id:int}/delete")
    async def remove_trainer(self, request: Request, user: UserDep, qualification_id: FromPath[int]) -> Response:
        course_id = await service.remove_trainer(await _viewer(request), qualification_id, user)
        return after_post(request, f"/training/{course_id}#trainers" if course_id else "/training")
