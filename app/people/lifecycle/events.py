"""An employee's history as events (hire, confirm, transfer, exit, left): recording them and the timeline."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from app.audit import service as audit
from app.people.tables import EmploymentEvent
from app.timeutil import utcnow

EVENT_KINDS = ("hire", "confirm", "transfer", "exit", "exit_withdrawn", "left")


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    kind: str
    effective_date: date
    status: str
    details: dict
    actor: str
    at: datetime


def new_event(
    employee_id: int, kind: str, effective_date: date, details: dict, actor: audit.Actor, status: str = "done"
) -> EmploymentEvent:
    """An unsaved event; details become plain JSON (dates as ISO text)."""
    return EmploymentEvent(
        employee=employee_id,
        kind=kind,
        effective_date=effective_date,
        status=status,
        details=json.loads(json.dumps(details, default=str)),
        actor=actor.name,
        at=utcnow(),
    )


async def record_event(
    employee_id: int, kind: str, effective_date: date, details: dict, actor: audit.Actor, status: str = "done"
) -> int:
    """Call inside the write transaction of the change it describes."""
    event = new_event(employee_id, kind, effective_date, details, actor, status)
    await event.save().run()
    return event.id


async def timeline(employee_id: int) -> list[TimelineEntry]:
    """Newest first: what happened (or is scheduled) to the employee, by effective date."""
    rows = await (
        EmploymentEvent.select()
        .where(EmploymentEvent.employee == employee_id)
        .order_by(EmploymentEvent.effective_date, ascending=False)
        .order_by(EmploymentEvent.id, ascending=False)
        .output(load_json=True)
        .run()
    )
    return [
        TimelineEntry(
            id=row["id"],
            kind=row["kind"],
            effective_date=row["effective_date"],
            status=row["status"],
            details=row["details"] or {},
            actor=row["actor"],
            at=row["at"],
        )
        for row in rows
    ]
