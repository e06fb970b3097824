"""Kiosk node side of the sync API: enrol once, then push the outbox and pull reference data.

Push first, so the office sees a worker's punches before the node pulls (a pull never deletes facts).
Each batch is marked acknowledged only after the office answered for it; a node killed in between
sends it again and the office answers "duplicate".
"""

from __future__ import annotations

import asyncio
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx

from app import tls
from app.db.tx import write_transaction
from app.db.values import json_value
from app.settings import Settings
from app.sync import node_state, rules
from app.sync.reference import apply_page
from app.sync.tables import OutboxEvent
from app.timeutil import as_utc, utcnow

TIMEOUT_S = 10.0


class OfficeUnreachable(Exception):
    """No answer from the office (network, office down, 5xx): try again later."""


class DeviceRefused(Exception):
    """The office refuses this node's token (revoked, or never enrolled): HR must enrol it again."""


class NotEnrolled(Exception):
    """This node holds no device token yet: run `floorhr kiosk enroll`."""


@dataclass(frozen=True)
class SyncReport:
    pushed: int
    duplicates: int
    quarantined: int
    pulled: int
    pending: int


def _url(base: str, path: str) -> str:
    return base.rstrip("/") + path


async def _request(client: httpx.AsyncClient, method: str, url: str, **kwargs) -> dict:
    try:
        response = await client.request(method, url, timeout=TIMEOUT_S, **kwargs)
    except httpx.HTTPError as exc:
        raise OfficeUnreachable(f"{type(exc).__name__}: {exc}") from exc
    if response.status_code in (401, 403):
        raise DeviceRefused(response.text[:200])
    if response.status_code >= 500:
        raise OfficeUnreachable(f"office answered {response.status_code}")
    if response.status_code >= 400:
        raise DeviceRefused(response.text[:200])
    return response.json()


def write_secret(settings: Settings, secret: str) -> None:
    """The office's installation secret, so this node checks badge signatures offline (mode 0600)."""
    path = settings.secret_file or settings.data_dir / "secret.key"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secret + "\n")
    os.replace(temporary, path)


class InsecureRefused(Exception):
    """Enrolment over plain HTTP without --insecure, or HTTPS without the certificate's fingerprint."""


def _office_client(certificate: str | None) -> httpx.AsyncClient:
    """Plain HTTP, or HTTPS trusting exactly the office's pinned certificate (app.tls)."""
    return httpx.AsyncClient(verify=tls.pinned_context(certificate) if certificate else True)


async def _pinned_certificate(office_url: str, pin: str | None, insecure: bool) -> str | None:
    if office_url.startswith("https://"):
        if not pin:
            raise InsecureRefused("the code has no certificate fingerprint (CODE/FINGERPRINT, as HR's page shows it)")
        return await asyncio.to_thread(tls.fetch_pinned, office_url, pin)
    if not insecure:
        raise InsecureRefused(
            "the office serves plain HTTP: the installation secret would cross the LAN in clear. "
            "Serve it with `floorhr serve --tls`, or pass --insecure on a cable you trust"
        )
    return None


async def enrol(settings: Settings, office_url: str, code: str, insecure: bool = False) -> str:
    """Exchange HR's one-time code for a token; returns the device name. The cursor starts again at 0.

    Over HTTPS the code carries the office certificate's fingerprint: the certificate is checked against it
    before anything is sent, and kept, so every later sync trusts exactly that certificate."""
    code, pin = tls.split_code(code)
    certificate = await _pinned_certificate(office_url, pin, insecure)
    async with _office_client(certificate) as client:
        answer = await _request(client, "POST", _url(office_url, "/api/sync/enrol"), json={"code": code})
    write_secret(settings, answer["secret"])
    await node_state.write(
        {
            "office_url": office_url.rstrip("/"),
            "device_id": answer["device_id"],
            "device_name": answer["name"],
            "token": answer["token"],
            "cursor": 0,
            "last_error": "",
            "office_certificate": certificate or "",
        }
    )
    return answer["name"]


async def _pending_batch(batch: int) -> list[dict]:
    rows = await OutboxEvent.select().where(OutboxEvent.acked_at.is_null()).order_by(OutboxEvent.seq).limit(batch).run()
    return [
        {
            "id": str(row["id"]),
            "seq": row["seq"],
            "kind": row["kind"],
            "payload": json_value(row["payload"]),
            "recorded_at": as_utc(row["recorded_at"]).isoformat(),
        }
        for row in rows
    ]


async def push(
    client: httpx.AsyncClient, office_url: str, headers: dict, batch: int = rules.BATCH
) -> tuple[int, int, int]:
    """Send the outbox in batches until it is empty; returns (stored, duplicates, quarantined)."""
    totals = [0, 0, 0]
    while events := await _pending_batch(batch):
        backlog = await node_state.pending()
        answer = await _request(
            client,
            "POST",
            _url(office_url, "/api/sync/push"),
            headers=headers,
            json={"events": events, "node_time": utcnow().isoformat(), "backlog": backlog},
        )
        acknowledged = [
            uuid.UUID(item) for key in ("stored", "duplicates", "quarantined") for item in answer[key] if _is_uuid(item)
        ]
        async with write_transaction():
            await (
                OutboxEvent.update({OutboxEvent.acked_at: utcnow()})
                .where(OutboxEvent.id.is_in(acknowledged) & OutboxEvent.acked_at.is_null())
                .run()
            )
        for index, key in enumerate(("stored", "duplicates", "quarantined")):
            totals[index] += len(answer[key])
        if not acknowledged:
            break  # the office acknowledged none of them: do not send the same batch in a tight loop
        await node_state.write({"last_push_at": utcnow(), "clock_offset_ms": answer.get("clock_offset_ms", 0)})
    return totals[0], totals[1], totals[2]


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


async def pull(client: httpx.AsyncClient, office_url: str, headers: dict, cursor: int) -> int:
    """Apply pages of reference changes after cursor; each page and the cursor move in one transaction."""
    applied = 0
    while True:
        page = await _request(
            client, "GET", _url(office_url, "/api/sync/pull"), headers=headers, params={"cursor": cursor}
        )
        async with write_transaction():
            applied += await apply_page(page)
            await node_state.write({"cursor": page["next_cursor"], "last_pull_at": utcnow()})
        cursor = page["next_cursor"]
        if not page["more"]:
            return applied


async def sync_once(batch: int = rules.BATCH) -> SyncReport:
    """Push then pull once. Raises NotEnrolled, OfficeUnreachable or DeviceRefused; records the outcome."""
    state = await node_state.read()
    if not state.get("token"):
        raise NotEnrolled("this kiosk node is not enrolled")
    office_url, headers = state["office_url"], {"Authorization": f"Bearer {state['token']}"}
    await node_state.write({"last_attempt_at": utcnow()})
    try:
        async with _office_client(state.get("office_certificate") or None) as client:
            stored, duplicates, quarantined = await push(client, office_url, headers, batch)
            pulled = await pull(client, office_url, headers, int(state.get("cursor") or 0))
    except (OfficeUnreachable, DeviceRefused) as failed:
        await node_state.write(
            {
                "office_answers": "1" if isinstance(failed, DeviceRefused) else "0",
                "last_error": f"{type(failed).__name__}: {failed}"[:300],
            }
        )
        raise
    await node_state.write({"office_answers": "1", "last_error": ""})
    return SyncReport(stored, duplicates, quarantined, pulled, await node_state.pending())


async def office_answers(office_url: str) -> bool:
    state = await node_state.read()
    async with _office_client(state.get("office_certificate") or None) as client:
        try:
            response = await client.get(_url(office_url, "/healthz"), timeout=3.0)
        except httpx.HTTPError:
            return False
    return response.status_code == 200
