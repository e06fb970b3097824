"""Helpers every capability's routes share: the Jinja environment, fragments, redirects, forms."""

from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from litestar import Request
from litestar.di import NamedDependency, Provide
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from litestar_htmx import ClientRedirect
from markupsafe import Markup

from app import __version__, i18n, navigation
from app.audit import presentation as audit_presentation
from app.audit.service import SYSTEM, Actor
from app.settings import REPO_ROOT, Settings

TEMPLATES_DIR = REPO_ROOT / "templates"
STATIC_DIR = REPO_ROOT / "static"


@pass_context
def _template_gettext(context: Context, message: str, **variables: Any) -> str:
    """`_()` in templates: Jinja's newstyle gettext %-formats every message, even one without variables, so a
    translation holding a bare % ("按100%计") raised; format only when variables are given (as app.i18n
    does), escaping them as newstyle gettext does."""
    if context.eval_ctx.autoescape:
        text = _translated_markup(i18n.current_language(), message)
    else:
        text = i18n.gettext(message)
    return text % variables if variables else text


@lru_cache(maxsize=8192)
def _translated_markup(language: str, message: str) -> Markup:
    """A message translated and marked safe once per language: a page such as My page asks for a few hundred."""
    return Markup(i18n.translations(language).gettext(message))


def jinja_environment(zone: ZoneInfo) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
    env.globals["gettext"] = _template_gettext
    env.globals.update(
        floorhr_version=__version__,
        menu_for=navigation.menu_for,
        audit_action=audit_presentation.action_text,
        audit_changes=audit_presentation.changes,
        audit_entity=audit_presentation.entity_text,
        current_item=navigation.current_item,
        current_group=navigation.current_group,
        plant_zone=zone.key,  # the kiosk's clock shows plant time whatever zone its browser is in
        language_names=i18n.LANGUAGE_NAMES,
        current_language=i18n.current_language,
        # A stored label marked for translation where it was made: translated as it is, since Jinja's `_`
        # would %-format it and labels such as "(150%)" are not format strings.
        label=i18n.gettext,
    )
    env.filters.update(
        money=i18n.format_money, date=i18n.format_date, localtime=lambda value: i18n.format_datetime(value, zone)
    )
    return env


def is_fragment(request: Request, target: str) -> bool:
    """HTMX asked for just this target (hx-boost makes every click HTMX, so check the target)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and htmx.target == target


def render(
    request: Request,
    page: str,
    fragment: str | None = None,
    target: str | None = None,
    status_code: int = 200,
    **context: Any,
) -> Template:
    """The fragment when HTMX asks for target, else the whole page (which includes the fragment)."""
    name = fragment if fragment and target and is_fragment(request, target) else page
    return Template(template_name=name, context=context, status_code=status_code)


def after_post(request: Request, location: str) -> Redirect | ClientRedirect:
    """A successful form: HTMX gets a client redirect, a plain form 303 See Other."""
    if getattr(request, "htmx", None):
        return ClientRedirect(location)
    return Redirect(location, status_code=HTTP_303_SEE_OTHER)


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths, so ?next= cannot send a user to another site."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def provide_settings(request: Request) -> Settings:
    return request.app.state.settings


def provide_zone(request: Request) -> ZoneInfo:
    return request.app.state.settings.zone


def provide_user(request: Request) -> Any:
    """The signed-in user (app.auth.service.CurrentUser) or None; guards decide who may enter."""
    return request.scope.get("user")


def provide_actor(request: Request) -> Any:
    """Who is doing this, for the audit log: the signed-in user, else the system."""
    user = request.scope.get("user")
    return user.actor if user is not None else SYSTEM


# The request's context as Litestar dependencies: a handler declares `settings: SettingsDep`, `zone: ZoneDep`,
# `actor: ActorDep` (or `user: UserDep`, app.auth.guards); the parameter's name picks the dependency.
DEPENDENCIES = {
    "settings": Provide(provide_settings, sync_to_thread=False),
    "zone": Provide(provide_zone, sync_to_thread=False),
    "user": Provide(provide_user, sync_to_thread=False),
    "actor": Provide(provide_actor, sync_to_thread=False),
}


# A GET reads. The few that also write say which of these they do, as the handler's opt (`@get(...,
# opt=writes_on_read("derived"))`); tests/test_every_page.py walks every page and fails on a GET that wrote
# without saying so. Each kind is idempotent: a reload, a prefetch or a crawler changes nothing a user sees.
WRITES_ON_READ = {
    "access_log": "an audit row: who exported or viewed personal data (PIPL art. 55: processing is recorded)",
    "derived": "attendance days recomputed from the punches and schedules a change made stale",
    "first_use": "a default the page stands on (a contract template, the induction course), created once",
    "retention": "personal data past its retention deleted (abandoned onboarding flows, old candidates)",
    "enrolment": "the secret of a second factor being set up, kept until the user confirms it",
}


def writes_on_read(*kinds: str) -> dict[str, tuple[str, ...]]:
    unknown = set(kinds) - WRITES_ON_READ.keys()
    if unknown or not kinds:
        raise ValueError(f"writes_on_read: name one or more of {sorted(WRITES_ON_READ)}, not {sorted(unknown)}")
    return {"writes_on_read": kinds}


SettingsDep = NamedDependency[Settings]
ZoneDep = NamedDependency[ZoneInfo]
ActorDep = NamedDependency[Actor]


async def form_data(request: Request) -> dict[str, str]:
    """The submitted form as plain stripped strings (the last value of repeated fields)."""
    form = await request.form()
    return {key: str(value).strip() for key, value in form.items() if key != "_csrf_token"}
