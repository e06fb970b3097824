"""Role guards: every office route names the roles that may use it."""

from __future__ import annotations

from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers import BaseRouteHandler

from app.auth.service import CurrentUser
from app.i18n import N_


def requires(*roles: str):
    """A guard letting through signed-in users holding one of roles (admins always)."""

    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        user: CurrentUser | None = connection.scope.get("user")
        if user is None:
            raise NotAuthorizedException(N_("Please sign in."))
        if not user.has_any(*roles):
            raise PermissionDeniedException(N_("Your account may not open this page."))

    return guard


# The signed-in user as a handler parameter, `user: UserDep` (app.web DEPENDENCIES provides it by name).
UserDep = NamedDependency[CurrentUser]
# On a page anyone may open (the home page sends the signed-out to the login): `user: MaybeUserDep`, None there.
MaybeUserDep = NamedDependency[CurrentUser | None]

HR = requires("hr")
HR_OR_DEPT_HEAD = requires("hr", "dept_head")
SIGNED_IN = requires("hr", "supervisor", "dept_head", "trainer")
ADMIN = requires("admin")
