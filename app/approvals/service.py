"""Approval items: file one for a request (chain from the organisation), list what waits for a user, decide, cancel.

The chain comes from the organisation: the head of the worker's department (Department.head), then HR
above the plant's number of days (PlantSetting approvals_hr_above_days). A step waiting longer than
PlantSetting approvals_overdue_hours (24 by default) is overdue. The kind's own capability is told of
the outcome through the registry, inside the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from app.approvals import registry, rules
from app.approvals.tables import ApprovalItem
from app.audit import service as audit
from app.db.prepared import Prepared
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.people import plant_settings
from app.people.tables import Employee
from app.timeutil import as_utc, utcnow

HR_ABOVE_DAYS_KEY = "approvals_hr_above_days"
OVERDUE_HOURS_KEY = "approvals_overdue_hours"
PENDING, APPROVED, REJECTED, CANCELLED = "pending", "approved", "rejected", "cancelled"
NOT_YOURS = N_("This request is not waiting for you.")
NOT_PENDING = N_("This request has already been decided.")
REASON_NEEDED = N_("Give a reason for the rejection.")


@dataclass(frozen=True)
class Item:
    id: int
    kind: str
    kind_label: str
    ref: str
    link: str
    employee_id: int
    employee_code: str
    employee_name: str
    summary: str
    step: rules.Step
    status: str
    filed_at: datetime
    waiting_since: datetime
    overdue: bool
    reason: str


async def _number(key: str, default: int) -> int:
    value = await plant_settings.read(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default


async def overdue_hours() -> int:
    return await _number(OVERDUE_HOURS_KEY, rules.DEFAULT_OVERDUE_HOURS)


async def hr_above_days() -> int:
    return await _number(HR_ABOVE_DAYS_KEY, rules.DEFAULT_HR_ABOVE_DAYS)


async def save_limits(hr_above: int, hours: int, actor: audit.Actor) -> None:
    await plant_settings.write(HR_ABOVE_DAYS_KEY, hr_above, actor)
    await plant_settings.write(OVERDUE_HOURS_KEY, hours, actor)


def _steps(value) -> list[rules.Step]:
    value = json.loads(value) if isinstance(value, str) else value
    return [rules.Step(step["role"], step.get("employee")) for step in value]


async def chain_for(
    employee_id: int, days: Fraction | int, hr_only: bool = False, team: bool = False
) -> list[rules.Step]:
    """The organisation's chain, HR alone for a kind (or a leave type) that HR decides, or the worker's
    supervisor (else head, else HR) for a team's everyday request."""
    if hr_only:
        return [rules.Step(rules.HR)]
    row = (
        await Employee.select(Employee.department.head, Employee.supervisor)
        .where(Employee.id == employee_id)
        .first()
        .run()
    )
    head = row["department.head"] if row else None
    if team:
        return rules.team_chain(row["supervisor"] if row else None, head, employee_id)
    return rules.chain(days, await hr_above_days(), head, employee_id)


async def file(
    kind: str,
    ref: str,
    employee_id: int,
    summary: str,
    days: Fraction | int = 0,
    hr_only: bool = False,
    team: bool = False,
) -> int:
    """A new pending item (call inside the request's write transaction)."""
    steps, now = await chain_for(employee_id, days, hr_only, team), utcnow()
    rows = (
        await ApprovalItem.insert(
            ApprovalItem(
                kind=kind,
                ref=ref,
                employee=employee_id,
                summary=summary[:200],
                steps=json.dumps([{"role": s.role, "employee": s.employee} for s in steps]),
                filed_at=now,
                waiting_since=now,
            )
        )
        .returning(ApprovalItem.id)
        .run()
    )
    return rows[0]["id"]


def _item(row: dict, limit: int, now: datetime) -> Item:
    kind = registry.kind(row["kind"])
    steps = _steps(row["steps"])
    waiting = as_utc(row["waiting_since"])
    return Item(
        row["id"],
        row["kind"],
        kind.label if kind else row["kind"],
        row["ref"],
        kind.link(row["ref"]) if kind else "",
        row["employee"],
        row["employee.employee_code"],
        row["employee.name"],
        row["summary"],
        steps[min(row["step"], len(steps) - 1)],
        row["status"],
        as_utc(row["filed_at"]),
        waiting,
        row["status"] == PENDING and rules.is_overdue(waiting, now, limit),
        row["reason"],
    )


async def items(
    status: str = PENDING, kind: str | None = None, ref: str | None = None, zone: ZoneInfo | None = None
) -> list[Item]:
    query = (
        ApprovalItem.select(ApprovalItem.all_columns(), ApprovalItem.employee.employee_code, ApprovalItem.employee.name)
        .where(ApprovalItem.status == status)
        .order_by(ApprovalItem.waiting_since)
    )
    if kind is not None:
        query = query.where(ApprovalItem.kind == kind)
    if ref is not None:
        query = query.where(ApprovalItem.ref == ref)
    limit, now = await overdue_hours(), utcnow()
    found = [_item(row, limit, now) for row in await query.run()]
    return await _described(found, zone)


async def _described(found: list[Item], zone: ZoneInfo | None = None) -> list[Item]:
    """Each kind's own line for its items, in the current language, where the kind gives one."""
    by_kind: dict[str, list[str]] = {}
    for item in found:
        by_kind.setdefault(item.kind, []).append(item.ref)
    lines: dict[tuple[str, str], str] = {}
    for code, refs in by_kind.items():
        kind = registry.kind(code)
        if kind is None or kind.describe is None or (kind.zoned and zone is None):
            continue
        described = await (kind.describe(refs, zone) if kind.zoned else kind.describe(refs))
        lines.update({(code, ref): text for ref, text in described.items()})
    return [replace(item, summary=lines.get((item.kind, item.ref), item.summary)) for item in found]


async def waiting_for(roles: tuple[str, ...], employee_id: int | None, zone: ZoneInfo | None = None) -> list[Item]:
    """Pending items whose current step this user decides: HR sees every pending item."""
    return [item for item in await items(zone=zone) if rules.may_decide(item.step, roles, employee_id)]


async def overdue_count(roles: tuple[str, ...], employee_id: int | None) -> int:
    return sum(item.overdue for item in await waiting_for(roles, employee_id))


async def decide(
    item_id: int, approve: bool, reason: str, roles: tuple[str, ...], employee_id: int | None, actor: audit.Actor
) -> str:
    """Approve the waiting step (the next step then waits, or the request is approved) or reject it with a
    reason; the kind is told of a final outcome. Returns the item's status after the decision."""
    if not approve and not reason.strip():
        raise Refused(REASON_NEEDED, field="reason")
    async with write_transaction():
        row = await ApprovalItem.select().where(ApprovalItem.id == item_id).first().run()
        if row is None or row["status"] != PENDING:
            raise Refused(NOT_PENDING, status=409)
        steps = _steps(row["steps"])
        if not rules.may_decide(steps[row["step"]], roles, employee_id):
            raise Refused(NOT_YOURS, status=403)
        last = row["step"] + 1 >= len(steps)
        status = (APPROVED if last else PENDING) if approve else REJECTED
        now = utcnow()
        values = {
            ApprovalItem.status: status,
            ApprovalItem.reason: reason.strip()[:200],
            ApprovalItem.decided_by: actor.name,
            ApprovalItem.decided_at: now,
        }
        if status == PENDING:
            values.update({ApprovalItem.step: row["step"] + 1, ApprovalItem.waiting_since: now})
        await ApprovalItem.update(values).where(ApprovalItem.id == item_id).run()
        await audit.record(
            actor,
            f"approval.{'approve' if approve else 'reject'}",
            "approval_item",
            item_id,
            before={"status": PENDING, "step": row["step"]},
            after={"status": status, "kind": row["kind"], "ref": row["ref"], "reason": reason},
        )
        kind = registry.kind(row["kind"])
        if status != PENDING and kind is not None:
            await kind.on_decided(row["ref"], status == APPROVED, reason.strip()[:200], actor)
    return status


async def settle(kind: str, ref: str, approved: bool, reason: str, actor: audit.Actor) -> None:
    """The request was decided on its capability's own page (call inside that decision's write transaction):
    its pending item closes with the same outcome, and the kind is not told again."""
    await (
        ApprovalItem.update(
            {
                ApprovalItem.status: APPROVED if approved else REJECTED,
                ApprovalItem.reason: (reason or "").strip()[:200],
                ApprovalItem.decided_by: actor.name,
                ApprovalItem.decided_at: utcnow(),
            }
        )
        .where((ApprovalItem.kind == kind) & (ApprovalItem.ref == ref) & (ApprovalItem.status == PENDING))
        .run()
    )


async def outcomes(kind: str, refs: list[str]) -> dict[str, tuple[str, str]]:
    """ref -> (status, reason) of the latest item of each request: what the worker sees of the decision."""
    if not refs:
        return {}
    return {row["ref"]: (row["status"], row["reason"]) for row in await _OUTCOMES.run(kind, refs)}


_OUTCOMES = Prepared(  # My page reads these on every open (app.db.prepared: built once per number of refs)
    lambda kind, refs: (
        ApprovalItem.select(ApprovalItem.ref, ApprovalItem.status, ApprovalItem.reason)
        .where((ApprovalItem.kind == kind) & ApprovalItem.ref.is_in(refs))
        .order_by(ApprovalItem.id)
    )
)


def matrix() -> list[tuple[str, str]]:
    """(kind label, who decides) for every registered kind: the responsibility matrix the inbox shows."""
    return [(kind.label, kind.decides) for kind in registry.kinds()]


async def cancel(kind: str, ref: str) -> None:
    """The request was withdrawn (call inside its write transaction): nothing waits for anyone any more."""
    await (
        ApprovalItem.update({ApprovalItem.status: CANCELLED, ApprovalItem.decided_at: utcnow()})
        .where((ApprovalItem.kind == kind) & (ApprovalItem.ref == ref) & (ApprovalItem.status == PENDING))
        .run()
    )
