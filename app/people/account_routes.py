"""Admins manage office accounts in the browser (/users): who may sign in, with which roles, linked to which
employee (a supervisor's team and a department head's department come from that link)."""

from __future__ import annotations

from litestar import Controller, Request, get, post
from litestar.params import FromPath
from litestar.response import Response, Template

from app.auth import accounts, rules
from app.auth import service as auth
from app.auth.guards import ADMIN
from app.auth.service import AccountError
from app.i18n import N_
from app.people.tables import Employee
from app.web import ActorDep, after_post, form_data


async def _employee_id(code: str) -> int | None:
    code = code.strip()
    if not code:
        return None
    row = await Employee.select(Employee.id).where(Employee.employee_code == code).first().run()
    if row is None:
        raise AccountError(N_("No employee has this code."))
    return row["id"]


class UsersController(Controller):
    path = "/users"
    guards = [ADMIN]

    async def _page(self, values: dict, error: str = "", status_code: int = 200) -> Template:
        context = {
            "accounts": await accounts.accounts(),
            "roles": rules.ROLES,
            "labels": rules.ROLE_LABELS,
            "values": values,
            "error": error,
        }
        return Template("auth/users.html", context=context, status_code=status_code)

    @get("/")
    async def index(self) -> Template:
        return await self._page({})

    @post("/")
    async def add(self, request: Request, actor: ActorDep) -> Response:
        form = await request.form()
        values = {key: str(value).strip() for key, value in form.items() if key != "_csrf_token"}
        try:
            roles = accounts.chosen_roles(form.getall("roles", []))
            await auth.add_user(
                values.get("username", ""),
                values.get("password", ""),
                roles,
                values.get("display_name", ""),
                await _employee_id(values.get("employee_code", "")),
                actor=actor,
            )
        except AccountError as refused:
            return await self._page(values, str(refused), status_code=422)
        return after_post(request, "/users")

    @post("/{user_id:int}/roles")
    async def roles(self, request: Request, actor: ActorDep, user_id: FromPath[int]) -> Response:
        form = await request.form()
        try:
            await accounts.set_roles(user_id, accounts.chosen_roles(form.getall("roles", [])), actor)
        except AccountError as refused:
            return await self._page({}, str(refused), status_code=422)
        return after_post(request, "/users")

    @post("/{user_id:int}/password")
    async def password(self, request: Request, actor: ActorDep, user_id: FromPath[int]) -> Response:
        values = await form_data(request)
        try:
            row = next(a for a in await accounts.accounts() if a.id == user_id)
            await auth.set_password(row.username, values.get("password", ""), actor)
        except (AccountError, StopIteration) as refused:
            return await self._page({}, str(refused) if isinstance(refused, AccountError) else "", status_code=422)
        return after_post(request, "/users")

    @post("/{user_id:int}/active")
    async def active(self, request: Request, actor: ActorDep, user_id: FromPath[int]) -> Response:
        values = await form_data(request)
        try:
            await accounts.set_active(user_id, values.get("active") == "1", actor)
        except AccountError as refused:
            return await self._page({}, str(refused), status_code=422)
        return after_post(request, "/users")

    @post("/{user_id:int}/unlock")
    async def unlock(self, request: Request, actor: ActorDep, user_id: FromPath[int]) -> Response:
        try:
            await accounts.unlock(user_id, actor)
        except AccountError as refused:
            return await self._page({}, str(refused), status_code=422)
        return after_post(request, "/users")
