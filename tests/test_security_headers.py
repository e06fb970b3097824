"""Every page carries the security headers, and no page holds inline script, event handlers or style
attributes, which the Content-Security-Policy would block (so a page that broke it would stop working)."""

from __future__ import annotations

import re

from app.security_headers import CSP
from tests.cast import sign_in

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "an inline event handler (on…=)"),
    (re.compile(r"\sstyle\s*=\s*[\"']", re.I), "a style attribute"),
    (re.compile(r"\shx-on", re.I), "hx-on (htmx evaluates it as code)"),
    (re.compile(r"<style[\s>]", re.I), "a <style> element"),
]


def _get_paths(app) -> list[str]:
    """Every GET route without path parameters (the pages a menu or a bookmark opens)."""
    paths = set()
    for route in app.routes:
        if "{" in route.path or route.path.startswith(("/static", "/schema", "/api/")):
            continue
        if any("GET" in handler.http_methods for handler in getattr(route, "route_handlers", [])):
            paths.add(route.path)
    return sorted(paths)


async def test_every_page_has_the_headers_and_nothing_inline(app, client, cast):
    await sign_in(client, "hr")  # an administrator: every office page opens
    problems, paths = [], _get_paths(app)
    assert len(paths) > 40  # the walk reaches the office, kiosk and sign-in pages
    for path in paths:
        response = await client.get(path, follow_redirects=False)
        headers = response.headers
        if (
            headers.get("content-security-policy") != CSP
            or headers.get("x-content-type-options") != "nosniff"
            or "frame-ancestors 'none'" not in CSP
            or headers.get("cache-control") != "no-store"
        ):
            problems.append(f"{path}: headers {dict(headers)}")
        if "text/html" in headers.get("content-type", ""):
            for pattern, what in INLINE:
                if pattern.search(response.text):
                    problems.append(f"{path}: {what}")
    assert problems == []


async def test_static_files_may_be_cached_and_carry_the_headers_too(client):
    response = await client.get("/static/js/floorhr.js")
    assert response.status_code == 200 and response.headers["x-content-type-options"] == "nosniff"
    assert response.headers.get("cache-control") != "no-store"


def test_no_template_holds_inline_script_handlers_or_styles():
    """The same check over every template, so pages behind ids, kiosks and tablets are covered too."""
    from app.web import TEMPLATES_DIR

    found = [
        f"{path.relative_to(TEMPLATES_DIR)}: {what}"
        for path in sorted(TEMPLATES_DIR.rglob("*.html"))
        for pattern, what in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
