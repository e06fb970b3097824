"""Missing-punch corrections: a supervisor asks for their own team, HR approves; approval adds a correction scan.

A supervisor's team is app.people.team's. HR and admins may ask for anyone. The request, the approval and the rejection are in the audit log; an
approval adds a Scan with source "correction" (a new fact: the kiosks' scans are never
changed) and recomputes that person's days around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.approvals import registry
from app.approvals import service as approvals
from app.attendance import rules
from app.attendance.days.compute import PersonDays, people, punches, recompute_days
from app.attendance.scans import service as scan_service
from app.attendance.schedule.forms import CorrectionInput
from app.attendance.schedule.roster import load_roster
from app.attendance.tables import PunchCorrection
from app.audit import service as audit
from app.auth.service import CurrentUser
from app.auth.tables import User
from app.db.tx import write_transaction
from app.forms import parse_int
from app.i18n import N_, gettext
from app.people.team import on_team, team
from app.timeutil import as_utc, utcnow

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
KIND = "correction"  # the approvals inbox's kind
CORRECTION_NODE = "office"
BY_THE_WORKER = 0  # requested_by of a request the worker made on their own page (no office account)


class CorrectionRefused(Exception):
    """Not this user's to ask or decide; the message is marked for translation."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CorrectionRow:
    id: int
    employee_id: int
    employee_code: str
    name: str
    department_name: str
    work_date: date
    at: datetime  # UTC
    direction: str
    reason: str
    status: str
    requested_by: str
    requested_at: datetime
    decided_by: str
    decided_at: datetime | None


def _is_hr(user: CurrentUser) -> bool:
    return user.has_any("hr")


async def may_correct(user: CurrentUser, employee_id: int) -> bool:
    return await on_team(user, employee_id)


async def work_date_of(employee_id: int, at: datetime) -> date:
    """The work date a plant-local moment belongs to for this person (a night shift's morning: the day before)."""
    found = await people([employee_id], at.date() - timedelta(days=1), at.date() + timedelta(days=1))
    if not found:
        return at.date()
    roster = await load_roster([employee_id], at.date() - timedelta(days=1), at.date() + timedelta(days=1))
    return next(iter(PersonDays(found[0], roster, [at]).by_date))


async def request_correction(user: CurrentUser, data: CorrectionInput, zone: ZoneInfo) -> int:
    if not await may_correct(user, data.employee_id):
        raise CorrectionRefused(N_("You may only ask corrections for your own team."))
    work_date = await work_date_of(data.employee_id, data.at)
    correction = PunchCorrection(
        employee=data.employee_id,
        work_date=work_date,
        at=rules.plant_local_to_utc(data.at, zone),
        direction=data.direction,
        reason=data.reason,
        requested_by=user.id,
        requested_at=utcnow(),
    )
    async with write_transaction():
        rows = await PunchCorrection.insert(correction).returning(PunchCorrection.id).run()
        await approvals.file(
            KIND,
            str(rows[0]["id"]),
            data.employee_id,
            _summary(work_date, data.at, data.direction, data.reason),
            hr_only=True,
        )
        await audit.record(
            user.actor,
            "punch_correction.request",
            "punch_correction",
            rows[0]["id"],
            after={
                "employee": data.employee_id,
                "work_date": work_date,
                "at": correction.at,
                "direction": data.direction,
                "reason": data.reason,
            },
        )
    return rows[0]["id"]


async def request_from_worker(
    employee_id: int, at: datetime, local_at: datetime, direction: str, reason: str, actor: audit.Actor
) -> int:
    """The worker asked for a missing punch on My page (at: UTC; local_at: the same moment plant-local, naive).
    Call inside the write transaction that stores the worker's request; HR decides it like any other."""
    work_date = await work_date_of(employee_id, local_at)
    rows = (
        await PunchCorrection.insert(
            PunchCorrection(
                employee=employee_id,
                work_date=work_date,
                at=at,
                direction=direction,
                reason=reason[:200],
                requested_by=BY_THE_WORKER,
                requested_at=utcnow(),
            )
        )
        .returning(PunchCorrection.id)
        .run()
    )
    await approvals.file(
        KIND, str(rows[0]["id"]), employee_id, _summary(work_date, local_at, direction, reason), team=True
    )
    await audit.record(
        actor,
        "punch_correction.request",
        "punch_correction",
        rows[0]["id"],
        after={
            "employee": employee_id,
            "work_date": work_date,
            "at": at,
            "direction": direction,
            "reason": reason[:200],
            "by": "worker",
        },
    )
    return rows[0]["id"]


def _summary(work_date: date, local_at: datetime, direction: str, reason: str) -> str:
    """The line stored with the approval item (the inbox shows `describe`'s, in the reader's language)."""
    return f"{work_date.isoformat()} {local_at.strftime('%H:%M')} {direction} · {reason}"


async def _apply(row: dict, approve: bool, note: str, actor: audit.Actor) -> str:
    """Record the decision on a pending correction (inside the write transaction); approval adds the scan."""
    scan_id = None
    if approve:
        scan_id = await scan_service.store_correction(row["employee"], row["at"], row["direction"], row["id"])
    status = APPROVED if approve else REJECTED
    await (
        PunchCorrection.update(
            {
                PunchCorrection.status: status,
                PunchCorrection.decided_by: actor.user_id,
                PunchCorrection.decided_at: utcnow(),
                PunchCorrection.decision_note: note[:200],
                PunchCorrection.scan: scan_id,
            }
        )
        .where(PunchCorrection.id == row["id"])
        .run()
    )
    await audit.record(
        actor,
        f"punch_correction.{'approve' if approve else 'reject'}",
        "punch_correction",
        row["id"],
        before={"status": PENDING},
        after={"status": status, "scan": scan_id, "note": note[:200]},
    )
    return status


async def decide(user: CurrentUser, correction_id: int, approve: bool, zone: ZoneInfo, note: str = "") -> None:
    """HR approves (a correction scan is added, the days recomputed) or rejects a pending request; its item
    in the approvals inbox closes with it."""
    if not _is_hr(user):
        raise CorrectionRefused(N_("Only HR decides corrections."))
    async with write_transaction():
        row = await PunchCorrection.select().where(PunchCorrection.id == correction_id).first().run()
        if row is None or row["status"] != PENDING:
            raise CorrectionRefused(N_("This request has been decided already."))
        await _apply(row, approve, note, user.actor)
        await approvals.settle(KIND, str(correction_id), approve, note, user.actor)
    if approve:
        work_date = row["work_date"]
        await recompute_days([row["employee"]], work_date - timedelta(days=1), work_date + timedelta(days=1), zone)


async def decided(ref: str, approved: bool, reason: str, actor: audit.Actor) -> None:
    """The approvals inbox's callback (inside the decision's transaction): the worker's supervisor or HR
    decided there. The correction scan makes the person's days stale, so they are derived again when read."""
    row = await PunchCorrection.select().where(PunchCorrection.id == int(ref)).first().run()
    if row is not None and row["status"] == PENDING:
        await _apply(row, approved, reason, actor)


async def describe(refs: list[str], zone: ZoneInfo) -> dict[str, str]:
    """The inbox's line for each correction: the day, the missing punch and the reason, with the punches the
    day holds (what the approver needs to decide)."""
    ids = [n for ref in refs if (n := parse_int(ref)) is not None]
    rows = await PunchCorrection.select().where(PunchCorrection.id.is_in(ids or [0])).run()
    lines = {}
    for row in rows:
        held = (await punches([row["employee"]], row["work_date"], row["work_date"], zone)).get(row["employee"], [])
        lines[str(row["id"])] = gettext(DESCRIBED) % {
            "day": row["work_date"].isoformat(),
            "time": as_utc(row["at"]).astimezone(zone).strftime("%H:%M"),
            "which": gettext(N_("clock-in") if row["direction"] == "in" else N_("clock-out")),
            "reason": row["reason"],
            "punches": " ".join(t.strftime("%H:%M") for t in held if t.date() == row["work_date"]) or "–",
        }
    return lines


DESCRIBED = N_("%(day)s: missing %(which)s at %(time)s · %(reason)s · punches that day: %(punches)s")


async def list_corrections(user: CurrentUser, status: str = "") -> list[CorrectionRow]:
    """HR sees every request; a supervisor those for their team or asked by them. Newest first."""
    query = (
        PunchCorrection.select(
            PunchCorrection.all_columns(),
            PunchCorrection.employee.employee_code,
            PunchCorrection.employee.name,
            PunchCorrection.employee.department.name,
        )
        .order_by(PunchCorrection.requested_at, ascending=False)
        .limit(200)
    )
    if status:
        query = query.where(PunchCorrection.status == status)
    if not _is_hr(user):
        ids = [member.id for member in await team(user)] or [0]
        query = query.where(PunchCorrection.employee.is_in(ids) | (PunchCorrection.requested_by == user.id))
    rows = await query.run()
    user_ids = {row["requested_by"] for row in rows} | {row["decided_by"] for row in rows if row["decided_by"]}
    names = {
        item["id"]: item["display_name"] or item["username"]
        for item in await User.select(User.id, User.username, User.display_name)
        .where(User.id.is_in(list(user_ids) or [0]))
        .run()
    }
    names[BY_THE_WORKER] = gettext(N_("The worker (My page)"))
    return [
        CorrectionRow(
            row["id"],
            row["employee"],
            row["employee.employee_code"],
            row["employee.name"],
            row["employee.department.name"] or "",
            row["work_date"],
            as_utc(row["at"]),
            row["direction"],
            row["reason"],
            row["status"],
            names.get(row["requested_by"], ""),
            as_utc(row["requested_at"]),
            names.get(row["decided_by"], ""),
            as_utc(row["decided_at"]) if row["decided_at"] else None,
        )
        for row in rows
    ]


registry.register(
    registry.Kind(
        KIND,
        N_("Punch correction"),
        lambda ref: "/attendance/corrections?status=pending",
        decided,
        describe,
        zoned=True,
        decides=N_("The worker's supervisor, else the department head (HR for a supervisor's request)"),
    )
)
