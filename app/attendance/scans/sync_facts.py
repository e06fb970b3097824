"""Scans recorded on kiosk nodes, as facts: the payload the node queues and the office's batch applier."""

from __future__ import annotations

import uuid

from app.attendance.tables import SCAN_OUTCOMES, Scan
from app.badges.tables import Credential
from app.people.tables import Employee
from app.sync.facts import PushedFact, batch_fact_kind, office_id
from app.timeutil import utcnow

KIND = "scan"
SOURCES = ("kiosk", "camera", "cli", "correction")
_COLUMNS = (
    "id",
    "node_id",
    "node_seq",
    "scanned_at",
    "received_at",
    "source",
    "shown_text",
    "employee",
    "credential",
    "outcome",
    "reason",
    "direction",
    "clock_suspect",
)


def payload(scan) -> dict:
    """What a kiosk sends up for a scan it stored (its id and clock travel in the envelope)."""
    return {
        "source": scan.source,
        "shown_text": scan.shown_text,
        "employee": scan.employee,
        "employee_code": scan.employee_code,
        "credential": scan.credential,
        "outcome": scan.outcome,
        "reason": scan.reason,
        "direction": scan.direction,
    }


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
    if not isinstance(data.get("employee_code", ""), str):
        return "employee_code must be text"
    if not isinstance(data.get("shown_text", ""), str) or not isinstance(data.get("reason", ""), str):
        return "shown_text and reason must be text"
    return ""


async def _people(facts: list[PushedFact]) -> dict:
    """The office's employee ids, keyed by the employee code a fact carries (else by the id it carries).
    A person onboarded on a kiosk node has a provisional id there; the code is the same everywhere."""
    codes = {fact.payload["employee_code"] for fact in facts if fact.payload.get("employee_code")}
    ids = {
        office_id(fact.payload["employee"])
        for fact in facts
        if fact.payload.get("employee") and not fact.payload.get("employee_code")
    } - {None}
    found = {}
    if codes:
        rows = (
            await Employee.select(Employee.id, Employee.employee_code)
            .where(Employee.employee_code.is_in(list(codes)))
            .run()
        )
        found.update({row["employee_code"]: row["id"] for row in rows})
    if ids:
        found.update(
            {
                row["id"]: row["id"]
                for row in await Employee.select(Employee.id).where(Employee.id.is_in(list(ids))).run()
            }
        )
    return found


async def _credential_holders(ids: set[int]) -> dict[int, int]:
    if not ids:
        return {}
    rows = await Credential.select(Credential.id, Credential.employee).where(Credential.id.is_in(list(ids))).run()
    return {row["id"]: row["employee"] for row in rows}


@batch_fact_kind(KIND)
async def apply_scans(facts: list[PushedFact]) -> dict[uuid.UUID, str]:
    """Insert the batch's valid scans in one statement (insert-or-ignore by id); the rest get their reason."""
    failed = {fact.id: reason for fact in facts if (reason := _problem(fact.payload))}
    valid = [fact for fact in facts if fact.id not in failed]
    people = await _people(valid)
    holders = await _credential_holders({office_id(fact.payload.get("credential")) for fact in valid} - {None})
    rows = []
    for fact in valid:
        data = fact.payload
        employee = people.get(data.get("employee_code") or data.get("employee")) if data.get("employee") else None
        if data.get("employee") and employee is None:
            failed[fact.id] = f"employee {data.get('employee_code') or data['employee']} is not known at the office"
            continue
        # A card registered on a kiosk (onboarding) has another id at the office: keep only a matching one.
        credential = data.get("credential") if holders.get(data.get("credential")) == employee else None
        rows.append(_row(fact, employee, credential))
    if rows:
        values = ", ".join("(" + ", ".join("{}" for _ in _COLUMNS) + ")" for _ in rows)
        await Scan.raw(
            f"INSERT INTO scan ({', '.join(_COLUMNS)}) VALUES {values} ON CONFLICT (id) DO NOTHING",
            *[value for row in rows for value in row],
        ).run()
    return failed


def _row(fact: PushedFact, employee: int | None, credential: int | None) -> tuple:
    data = fact.payload
    return (
        fact.id,
        fact.node_id[:40],
        fact.node_seq,
        fact.recorded_at,
        utcnow(),
        data["source"],
        data.get("shown_text", "")[:64],
        employee,
        credential,
        data["outcome"],
        data.get("reason", "")[:30],
        data.get("direction", ""),
        fact.clock_suspect,
    )
