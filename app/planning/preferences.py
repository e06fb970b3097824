"""Workers' stated preferences for the planner: the shifts they want and the weekdays they want off.

HR or the head of the worker's line enters what the worker (or their supervisor) asked for; the planner reads them
into rules.Worker.prefers / days_off and honours them as a soft goal: a plan may still go against them when the
demand or the hard rules need it, at weights.preference per post.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.attendance.schedule.roster import all_shifts
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.people.tables import Employee
from app.planning.inputs import PLANNED_STATUSES, stated
from app.planning.tables import PlanPreference
from app.timeutil import utcnow

NOT_YOUR_WORKER = N_("Choose a worker of one of your lines.")
ALL_DAYS_OFF = N_("A worker cannot ask for every day of the week off.")


@dataclass(frozen=True)
class Preference:
    employee_id: int
    code: str
    name: str
    line_id: int
    shifts: frozenset[int]
    days_off: frozenset[int]


async def for_lines(line_ids: list[int]) -> list[Preference]:
    """Every plannable worker of these lines with what they stated (nothing: no preference)."""
    rows = (
        await Employee.select(Employee.id, Employee.employee_code, Employee.name, Employee.department)
        .where(Employee.department.is_in(line_ids or [0]) & Employee.status.is_in(list(PLANNED_STATUSES)))
        .order_by(Employee.employee_code)
        .run()
    )
    found = await stated([row["id"] for row in rows])
    empty: tuple[frozenset[int], frozenset[int]] = (frozenset(), frozenset())
    return [
        Preference(row["id"], row["employee_code"], row["name"], row["department"], *found.get(row["id"], empty))
        for row in rows
    ]


async def save(
    line_ids: list[int], employee_id: int, shifts: list[int], days_off: list[int], actor: audit.Actor
) -> None:
    """Replace the worker's stated preferences; refused for a worker outside the user's lines or unknown values."""
    worker = await Employee.select(Employee.department, Employee.status).where(Employee.id == employee_id).first().run()
    if worker is None or worker["department"] not in line_ids or worker["status"] not in PLANNED_STATUSES:
        raise Refused(NOT_YOUR_WORKER, "employee")
    if not set(shifts) <= set(await all_shifts()):
        raise Refused(N_("Choose a shift from the list."), "shifts")
    if not set(days_off) <= set(range(7)):
        raise Refused(N_("Choose weekdays from the list."), "days_off")
    if len(set(days_off)) == 7:
        raise Refused(ALL_DAYS_OFF, "days_off")
    before = (await stated([employee_id])).get(employee_id)
    after = {"shifts": sorted(set(shifts)), "days_off": sorted(set(days_off))}
    async with write_transaction():
        await PlanPreference.delete().where(PlanPreference.employee == employee_id).run()
        if shifts or days_off:
            await PlanPreference.insert(
                PlanPreference(
                    employee=employee_id,
                    shifts=after["shifts"],
                    days_off=after["days_off"],
                    updated_by=actor.name,
                    updated_at=utcnow(),
                )
            ).run()
        await audit.record(
            actor,
            "plan.preference",
            "employee",
            employee_id,
            before={"shifts": sorted(before[0]), "days_off": sorted(before[1])} if before else None,
            after=after,
        )
