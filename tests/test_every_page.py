"""Every GET page as each role, in both languages, answers without a server error (issue 16, point 8).

Paths without parameters are all walked; paths with ids take them from the test cast where that is
simple (a person, a department, a month, a shift, a work order). Query parameters with very large
integers and with SQL wildcards are tried on every page as HR.
"""

from __future__ import annotations

import re
import sqlite3

import pytest

from app.web import WRITES_ON_READ, writes_on_read
from tests.attendance.factories import make_shift
from tests.cast import make_user, sign_in
from tests.piecework.factories import make_work_order

ROLES = {
    "admin": "admin",
    "hr": "hr",
    "supervisor": "supervisor",
    "dept_head": "dept_head",
    "trainer": "trainer",
    "staff": "staff",
}
SKIPPED = ("/static/", "/schema", "/api/sync/", "/logout", "/lang/")  # files, the API schema, the device API, leaving
HUGE = "9" * 40


def get_handlers(app) -> dict[str, object]:
    """Each GET path's handler."""
    return {
        route.path: handler
        for route in app.routes
        for handler in getattr(route, "route_handlers", [])
        if "GET" in handler.http_methods and not route.path.startswith(SKIPPED)
    }


def get_paths(app) -> list[str]:
    paths = set()
    for route in app.routes:
        if any("GET" in handler.http_methods for handler in getattr(route, "route_handlers", [])):
            paths.add(route.path)
    return sorted(p for p in paths if not p.startswith(SKIPPED))


async def _ids(cast) -> dict[str, str]:
    return {
        "employee_id": str(cast.worker),
        "department_id": str(cast.line_a),
        "month": "2026-11",
        "shift_id": str(await make_shift("D", "早班", "08:00", "17:00")),
        "order_id": str(await make_work_order(department_id=cast.line_a)),
    }


def fill(path: str, ids: dict[str, str]) -> str | None:
    """The path with its parameters filled from ids, or None when one has no simple value."""
    names = re.findall(r"\{(\w+):[^}]+\}", path)
    if any(name not in ids for name in names):
        return None
    return re.sub(r"\{(\w+):[^}]+\}", lambda m: ids[m.group(1)], path)


async def _walk(client, urls: list[str]) -> list[str]:
    failures = []
    for url in urls:
        response = await client.get(url)
        if response.status_code >= 500:
            failures.append(f"{url[:80]} -> {response.status_code}")
    return failures


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
async def test_no_page_answers_500_for_any_role_in_either_language(app, client, cast, role, language):
    ids = await _ids(cast)
    if role != "anonymous":
        username = f"walk-{role}"
        linked = {"supervisor": cast.supervisor_a, "dept_head": cast.supervisor_a, "staff": cast.worker}.get(role)
        await make_user(username, ROLES[role], linked)
        assert (await sign_in(client, username)).status_code < 400
    client.cookies.set("floorhr_lang", language)
    urls = [url for url in (fill(path, ids) for path in get_paths(app)) if url]
    assert len(urls) > 70
    assert await _walk(client, urls) == []


ODD_VALUES = (HUGE, f"-{HUGE}", "-1", "x", "%_", "2026-02-30", "2026-13")
QUERY_NAMES = (
    "page",
    "year",
    "month",
    "department",
    "employee",
    "status",
    "after",
    "until",
    "imported",
    "q",
    "from",
    "to",
    "department_id",
)


@pytest.mark.parametrize("value", ODD_VALUES)
async def test_odd_query_parameters_never_answer_500(app, client, cast, value):
    await sign_in(client, "hr")
    ids = await _ids(cast)
    urls = [url for url in (fill(path, ids) for path in get_paths(app)) if url]
    query = "&".join(f"{name}={value}" for name in QUERY_NAMES)
    assert await _walk(client, [f"{url}?{query}" for url in urls]) == []


@pytest.mark.sqlite_only
async def test_a_get_page_that_writes_says_why(app, client, cast, database_url):
    """GET reads (issue 15): a page that writes all the same declares which of app.web.WRITES_ON_READ it does.
    SQLite's data_version, read on a connection of our own, moves when any other connection commits."""
    watcher = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    ids = await _ids(cast)
    await make_user("walk-hr", "hr")
    await sign_in(client, "walk-hr")
    declared = get_handlers(app)
    undeclared = set()
    for _ in range(2):  # the second walk: nothing left to do for a first use, the rest writes again
        for path, handler in declared.items():
            url = fill(path, ids)
            if url is None:
                continue
            before = watcher.execute("PRAGMA data_version").fetchone()[0]
            await client.get(url)
            if watcher.execute("PRAGMA data_version").fetchone()[0] != before and not handler.opt.get("writes_on_read"):
                undeclared.add(path)
    watcher.close()
    assert undeclared == set()


def test_the_pages_that_write_on_read_are_the_known_kinds(app):
    marked = {path: h.opt["writes_on_read"] for path, h in get_handlers(app).items() if h.opt.get("writes_on_read")}
    assert {"/attendance/days", "/people/{employee_id:int}/personal-data", "/account/totp"} <= marked.keys()
    assert all(set(kinds) <= WRITES_ON_READ.keys() for kinds in marked.values())
    with pytest.raises(ValueError):
        writes_on_read("cache")
