"""Scans recorded on kiosk nodes, as facts: the payload the node queues and the office's batch applier."""

from __future__ import annotations

import uuid

from app.attendance.tables import SCAN_OUTCOMES, Scan
from app.badges.tables import Credential
from app.people.tables import Employee
from app.sync.facts import PushedFact, batch_fact_kind
from app.timeutil import utcnow

KIND = "scan"
SOURCES = ("kiosk", "camera", "cli")
_COLUMNS = ("id", "node_id", "node_seq", "scanned_at", "received_at", "source", "shown_text", "employee",
            "credential", "outcome", "reason", "direction", "clock_suspect")


def payload(scan) -> dict:
    """What a kiosk sends up for a scan it stored (its id and clock travel in the envelope)."""
    return {"source": scan.source, "shown_text": scan.shown_text, "employee": scan.employee,
            "credential": scan.credential, "outcome": scan.outcome, "reason": scan.reason,
            "direction": scan.direction}


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _problem(data: dict) -> str:
    """Why a scan payload cannot be stored, or ""."""
    if data.get("outcome") not in SCAN_OUTCOMES:
        return f"outcome must be one of {', '.join(SCAN_OUTCOMES)}"
    if data.get("source") not in SOURCES:
        return f"source must be one of {', '.join(SOURCES)}"
    if data.get("direction", "") not in ("", "in", "out"):
        return "direction must be in, out or empty"
    if data["outcome"] != "refused" and (not data.get("direction") or not _whole(data.get("employee"))):
        return "an accepted scan needs its employee and direction"
    for key in ("employee", "credential"):
        if data.get(key) is not None and not _whole(data.get(key)):
            return f"{key} must be a row id"
    if not isinstance(data.get("shown_text", ""), str) or not isinstance(data.get("reason", ""), str):
        return "shown_text and reason must be text"
    return ""


async def _existing(table, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return {row["id"] for row in await table.select(table.id).where(table.id.is_in(list(ids))).run()}


@batch_fact_kind(KIND)
async def apply_scans(facts: list[PushedFact]) -> dict[uuid.UUID, str]:
    """Insert the batch's valid scans in one statement (insert-or-ignore by id); the rest get their reason."""
    failed = {fact.id: reason for fact in facts if (reason := _problem(fact.payload))}
    valid = [fact for fact in facts if fact.id not in failed]
    employees = await _existing(Employee, {fact.payload["employee"] for fact in valid if fact.payload.get("employee")})
    credentials = await _existing(Credential, {fact.payload["credential"] for fact in valid
                                               if fact.payload.get("credential")})
    for fact in valid:
        if fact.payload.get("employee") and fact.payload["employee"] not in employees:
            failed[fact.id] = f"employee {fact.payload['employee']} is not known at the office"
        elif fact.payload.get("credential") and fact.payload["credential"] not in credentials:
            failed[fact.id] = f"credential {fact.payload['credential']} is not known at the office"
    rows = [_row(fact) for fact in valid if fact.id not in failed]
    if rows:
        values = ", ".join("(" + ", ".join("{}" for _ in _COLUMNS) + ")" for _ in rows)
        await Scan.raw(f"INSERT INTO scan ({', '.join(_COLUMNS)}) VALUES {values} ON CONFLICT (id) DO NOTHING",
                       *[value for row in rows for value in row]).run()
    return failed


def _row(fact: PushedFact) -> tuple:
    data = fact.payload
    return (fact.id, fact.node_id[:40], fact.node_seq, fact.recorded_at, utcnow(), data["source"],
            data.get("shown_text", "")[:64], data.get("employee"), data.get("credential"), data["outcome"],
            data.get("reason", "")[:30], data.get("direction", ""), fact.clock_suspect)

