"""What a finished onboarding records about the new worker, the same whichever node finished it.

The kiosk that ran the onboarding (induction.finish) and the office that receives it as a fact
(sync_facts.apply) both call store_finished, so both keep the same rows, the same audit entries and
the same hire event (with the probation months). The badge differs by nature: the kiosk issues it,
the office adopts the kiosk's serial.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.audit import service as audit
from app.onboarding.tables import Invite
from app.people.lifecycle.events import record_event
from app.sync.changes import next_change_no
from app.training import safety
from app.training.tables import ProbationAssessment, SafetyEducation

LATER_LEVELS = ("workshop", "team")  # safety levels the workshop and the team sign off after the plant level


@dataclass(frozen=True)
class PlantLevel:
    """The plant-level safety education the induction gave (GB/T 33000: the first of three levels)."""

    minutes: int
    signed_off_on: date | None
    instructor: str


async def store_finished(
    employee_id: int,
    invite: dict[str, Any],
    hire_date: date,
    plant: PlantLevel,
    minor: bool,
    probation_end: date | None,
    at: datetime,
    actor: audit.Actor,
) -> None:
    """Safety records (plant level signed off, the later levels assigned), the probation, the hire event and the
    invite marked done; call inside the write transaction that stored the employee."""
    await SafetyEducation.insert(
        SafetyEducation(
            employee=employee_id,
            level="plant",
            minutes=plant.minutes,
            assigned_at=at,
            signed_off_on=plant.signed_off_on,
            instructor=plant.instructor[:50],
        )
    ).run()
    await safety.assign(employee_id, LATER_LEVELS, actor, at=at)
    if probation_end is not None:
        await ProbationAssessment.insert(ProbationAssessment(employee=employee_id, probation_end=probation_end)).run()
    await record_event(
        employee_id,
        "hire",
        hire_date,
        {"source": "onboarding", "minor": minor, "probation_months": invite["probation_months"]},
        actor,
    )
    await (
        Invite.update({Invite.status: "done", Invite.change_no: await next_change_no()})
        .where(Invite.id == invite["id"])
        .run()
    )
