"""The optional webhook for overdue approvals: a 企业微信 or 钉钉 group robot URL per plant, never required.

`floorhr approvals remind` (run from cron, e.g. every 30 minutes, where the office has internet) posts one text
message listing the requests overdue since the last reminder: both robots take {"msgtype": "text", "text":
{"content": ...}}. Each item is announced once (the ids sent are kept in a plant setting); a robot that does not
answer changes nothing, and the next run tries again. Without a URL nothing is sent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import urllib.request
from collections.abc import Awaitable, Callable

from app.approvals import service
from app.audit import service as audit
from app.errors import Refused
from app.i18n import N_, gettext, using_language
from app.people import plant_settings

URL_KEY, SENT_KEY = "approvals_webhook_url", "approvals_webhook_sent"
SENT_KEPT = 1000
BAD_URL = N_("Give the robot's full https:// address, or leave it empty.")
log = logging.getLogger("floorhr.approvals")
Post = Callable[[str, dict], Awaitable[bool]]


def checked_url(value: str) -> str:
    url = (value or "").strip()
    if url and (not url.startswith(("https://", "http://")) or len(url) > 300 or " " in url):
        raise Refused(BAD_URL, field="webhook_url")
    return url


async def url() -> str:
    return await plant_settings.read_text(URL_KEY)


async def save_url(value: str, actor: audit.Actor) -> None:
    await plant_settings.write(URL_KEY, checked_url(value), actor)


async def _post(address: str, payload: dict) -> bool:
    def send() -> bool:
        request = urllib.request.Request(
            address, json.dumps(payload, ensure_ascii=False).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (HR's own https robot URL)
            return 200 <= response.status < 300

    try:
        return await asyncio.to_thread(send)
    except OSError as failed:
        log.warning("approvals webhook: %s", failed)
        return False


async def remind(language: str = "zh_CN", post: Post = _post) -> int:
    """Post the requests overdue and not yet announced; returns how many were announced (0: nothing sent)."""
    address = await url()
    if not address:
        return 0
    sent = await plant_settings.read(SENT_KEY)
    sent = [value for value in sent if isinstance(value, int)] if isinstance(sent, list) else []
    fresh = [item for item in await service.items() if item.overdue and item.id not in sent]
    if not fresh:
        return 0
    with using_language(language):
        lines = [gettext(N_("%(count)s requests are overdue for approval:")) % {"count": len(fresh)}]
        lines += [
            f"- {gettext(item.kind_label)} · {item.employee_code} {item.employee_name} · {item.summary}"
            for item in fresh[:20]
        ]
    if not await post(address, {"msgtype": "text", "text": {"content": "\n".join(lines)}}):
        return 0
    await plant_settings.write(SENT_KEY, (sent + [item.id for item in fresh])[-SENT_KEPT:], audit.SYSTEM)
    return len(fresh)
