"""Each worker's safety training archive: the three levels with hours and signatures, refreshers, certificates.

Registers the probation check: nobody is confirmed from probation before all three levels are signed off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.audit import service as audit
from app.auth.service import CurrentUser
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import parse_date
from app.i18n import N_
from app.people import plant_settings
from app.people.lifecycle import service as lifecycle
from app.people.tables import Employee
from app.sync.changes import next_change_no
from app.timeutil import utcnow
from app.training import rules
from app.training.tables import Certificate, SafetyEducation

SECTOR_SETTING = "safety_sector"  # general | high_risk (mining, hazardous chemicals, fireworks, metal smelting)


async def sector() -> str:
    return "high_risk" if await plant_settings.read(SECTOR_SETTING) == "high_risk" else "general"


async def records(employee_id: int) -> list[dict[str, Any]]:
    return (
        await SafetyEducation.select()
        .where(SafetyEducation.employee == employee_id)
        .order_by(SafetyEducation.assigned_at)
        .run()
    )


async def status(employee_id: int) -> rules.SafetyStatus:
    rows = [row for row in await records(employee_id) if not row["refresher"]]
    return rules.safety_status(
        [rules.SafetyRecord(row["level"], row["minutes"], row["signed_off_on"] is not None) for row in rows],
        await sector(),
    )


async def _confirmation_check(employee_id: int) -> list[str]:
    return (await status(employee_id)).problems()


lifecycle.add_confirmation_check(_confirmation_check)


async def assign(employee_id: int, levels: tuple[str, ...], actor: audit.Actor, at: datetime | None = None) -> None:
    """Put levels on the worker's to-do list (onboarding assigns workshop and team after the plant level), assigned
    at `at` (UTC; now when not given)."""
    existing = {row["level"] for row in await records(employee_id) if not row["refresher"]}
    async with write_transaction():
        for level in levels:
            if level in rules.SAFETY_LEVELS and level not in existing:
                await SafetyEducation.insert(
                    SafetyEducation(employee=employee_id, level=level, assigned_at=at or utcnow())
                ).run()
        await audit.record(actor, "safety.assign", "employee", employee_id, after={"levels": list(levels)})


@dataclass(frozen=True)
class SignOff:
    level: str
    minutes: int
    on: date
    instructor: str
    refresher: bool = False


def parse_sign_off(values: dict[str, str], today: date) -> SignOff:
    """The safety-class sign-off form checked; Refused naming every bad field."""
    errors: dict[str, str] = {}
    level = values.get("level", "")
    refresher = values.get("refresher") == "1"
    if level not in rules.SAFETY_LEVELS and not refresher:
        errors["level"] = N_("Choose the level.")
    try:
        hours = float(values.get("hours", ""))
        if not 0 < hours <= 72:
            raise ValueError
    except ValueError:
        errors["hours"] = N_("Enter the class hours, more than 0 and at most 72.")
        hours = 0
    on = parse_date(values.get("on", ""))
    if on is None:
        errors["on"] = N_("Enter the date it was taught.")
        on = today
    elif on > today:
        errors["on"] = N_("The date cannot be in the future.")
    instructor = values.get("instructor", "").strip()
    if not instructor:
        errors["instructor"] = N_("Enter who taught it: their name goes on the record.")
    if errors:
        raise Refused.fields(errors)
    return SignOff(level if not refresher else "plant", round(hours * 60), on, instructor[:50], refresher)


async def sign_off(employee_id: int, data: SignOff, user: CurrentUser) -> None:
    after = {
        "level": data.level,
        "minutes": data.minutes,
        "on": data.on,
        "instructor": data.instructor,
        "refresher": data.refresher,
    }
    async with write_transaction():
        pending = (
            None
            if data.refresher
            else await SafetyEducation.select(SafetyEducation.id)
            .where(
                (SafetyEducation.employee == employee_id)
                & (SafetyEducation.level == data.level)
                & (SafetyEducation.refresher == False)
            )
            .first()
            .run()
        )  # noqa: E712 (SQL)
        values = {
            SafetyEducation.minutes: data.minutes,
            SafetyEducation.signed_off_on: data.on,
            SafetyEducation.instructor: data.instructor,
            SafetyEducation.signed_off_by: user.id,
        }
        if pending:
            await SafetyEducation.update(values).where(SafetyEducation.id == pending["id"]).run()
        else:
            await SafetyEducation.insert(
                SafetyEducation(
                    employee=employee_id,
                    level=data.level,
                    minutes=data.minutes,
                    assigned_at=utcnow(),
                    signed_off_on=data.on,
                    instructor=data.instructor,
                    signed_off_by=user.id,
                    refresher=data.refresher,
                )
            ).run()
        await audit.record(user.actor, "safety.sign_off", "employee", employee_id, after=after)


async def last_training(employee_id: int) -> date | None:
    """The latest signed-off safety training, pre-job or refresher: the yearly refresher counts from it."""
    dates = [row["signed_off_on"] for row in await records(employee_id) if row["signed_off_on"]]
    return max(dates) if dates else None


# Certificates ------------------------------------------------------------------------------------


async def certificates(employee_id: int) -> list[dict[str, Any]]:
    return await Certificate.select().where(Certificate.employee == employee_id).order_by(Certificate.expires_on).run()


async def add_certificate(employee_id: int, values: dict[str, str], user: CurrentUser) -> dict[str, str]:
    employee = await Employee.select(Employee.birth_date).where(Employee.id == employee_id).first().run()
    issued, expires = parse_date(values.get("issued_on", "")), parse_date(values.get("expires_on", ""))
    kind, number = values.get("kind", ""), values.get("number", "").strip()
    errors = rules.certificate_problems(kind, number, issued, expires, employee["birth_date"] if employee else None)
    if errors:
        return errors
    async with write_transaction():
        await Certificate.insert(
            Certificate(
                employee=employee_id,
                kind=kind,
                number=number[:40],
                issued_on=issued,
                expires_on=expires,
                review_on=parse_date(values.get("review_on", "")),
                recorded_at=utcnow(),
                change_no=await next_change_no(),
            )
        ).run()
        await audit.record(
            user.actor,
            "certificate.add",
            "employee",
            employee_id,
            after={"kind": kind, "number": number, "expires_on": expires},
        )
    return {}


async def expiring(today: date, department_id: int | None = None) -> list[dict[str, Any]]:
    """Certificates expired or expiring within 30 days, of people still employed: the reminder list."""
    limit = today.toordinal() + rules.REMIND_DAYS
    query = Certificate.select(
        Certificate.all_columns(),
        Certificate.employee.name.as_alias("name"),
        Certificate.employee.employee_code.as_alias("employee_code"),
        Certificate.employee.department.name.as_alias("department_name"),
    ).where((Certificate.expires_on <= date.fromordinal(limit)) & (Certificate.employee.status != "left"))
    if department_id is not None:
        query = query.where(Certificate.employee.department == department_id)
    rows = await query.order_by(Certificate.expires_on).run()
    return [{**row, "state": rules.certificate_state(row["expires_on"], today)} for row in rows]


async def refreshers_overdue(today: date, department_id: int | None = None) -> list[dict[str, Any]]:
    """Employed people whose last safety training is more than a year old."""
    query = Employee.select(
        Employee.id, Employee.employee_code, Employee.name, Employee.department.name.as_alias("department_name")
    ).where(Employee.status != "left")
    if department_id is not None:
        query = query.where(Employee.department == department_id)
    people = await query.run()
    latest: dict[int, date] = {}
    for row in (
        await SafetyEducation.select(SafetyEducation.employee, SafetyEducation.signed_off_on)
        .where(SafetyEducation.signed_off_on.is_not_null())
        .run()
    ):
        if row["signed_off_on"] > latest.get(row["employee"], date.min):
            latest[row["employee"]] = row["signed_off_on"]
    overdue = []
    for person in people:
        due, late = rules.refresher_due(latest.get(person["id"]), today)
        if late:
            overdue.append({**person, "due": due})
    return overdue
