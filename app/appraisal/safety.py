"""Safety incidents HR records (the day, the people in it, the severity, a short account), and the safety
indicator's figure of each person's period: the incidents' units by severity (app.appraisal.rules.safety_units)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from app.appraisal import rules
from app.appraisal.rules import Severity
from app.appraisal.tables import SafetyIncident, SafetyIncidentPerson
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import date_field
from app.i18n import N_
from app.people.tables import Employee
from app.timeutil import utcnow

SEVERITY_LABELS = {
    Severity.MINOR: N_("Minor: first aid, a near miss, damage only"),
    Severity.SERIOUS: N_("Serious: an injury that costs working days"),
    Severity.MAJOR: N_("Major: a serious injury or worse"),
}
MOST_PEOPLE = 20
SHOWN = 200  # the page lists the latest incidents


@dataclass(frozen=True)
class Incident:
    id: int
    occurred_on: date
    severity: Severity
    summary: str
    people: tuple[tuple[int, str, str], ...]  # (employee id, code, name)
    recorded_by: str


@dataclass(frozen=True)
class NewIncident:
    occurred_on: date
    severity: Severity
    summary: str
    codes: tuple[str, ...]


def parse_incident(values: dict[str, str], today: date) -> NewIncident:
    """The office form: the day (not after today), the severity, the account, the people's codes (spaces, commas)."""
    occurred_on = date_field(values.get("occurred_on"), "occurred_on")
    if occurred_on > today:
        raise Refused(N_("An incident cannot be recorded ahead of the day it happens."), field="occurred_on")
    try:
        severity = Severity(values.get("severity", ""))
    except ValueError:
        raise Refused(N_("Choose the severity."), field="severity") from None
    summary = values.get("summary", "").strip()
    if not summary or len(summary) > 200:
        raise Refused(N_("Say what happened, in at most 200 characters."), field="summary")
    codes = tuple(dict.fromkeys(c for c in re.split(r"[\s,，、;；]+", values.get("people", "")) if c))
    if not 1 <= len(codes) <= MOST_PEOPLE:
        raise Refused(N_("Enter the employee codes of the 1 to 20 people in it."), field="people")
    return NewIncident(occurred_on, severity, summary, codes)


async def record(new: NewIncident, actor: audit.Actor) -> int:
    """Refused, with nothing written, when a code is nobody's."""
    async with write_transaction():
        rows = (
            await Employee.select(Employee.id, Employee.employee_code)
            .where(Employee.employee_code.is_in(list(new.codes)))
            .run()
        )
        ids = {r["employee_code"]: r["id"] for r in rows}
        unknown = [c for c in new.codes if c not in ids]
        if unknown:
            raise Refused(N_("No employee has the code %(code)s."), field="people", code=unknown[0])
        row = SafetyIncident(
            occurred_on=new.occurred_on,
            severity=new.severity.value,
            summary=new.summary,
            recorded_by=actor.name,
            recorded_at=utcnow(),
        )
        await SafetyIncident.insert(row).run()
        await SafetyIncidentPerson.insert(
            *[SafetyIncidentPerson(incident=row.id, employee=ids[c]) for c in new.codes]
        ).run()
        after = {"occurred_on": new.occurred_on, "severity": new.severity.value, "people": list(new.codes)}
        await audit.record(actor, "safety_incident.record", "safety_incident", row.id, after=after)
    return row.id


async def incidents(employee_id: int | None = None) -> list[Incident]:
    """The latest incidents, newest first; only one person's when employee_id is given."""
    query = (
        SafetyIncident.select()
        .order_by(SafetyIncident.occurred_on, ascending=False)
        .order_by(SafetyIncident.id, ascending=False)
    )
    if employee_id is not None:
        mine = SafetyIncidentPerson.select(SafetyIncidentPerson.incident).where(
            SafetyIncidentPerson.employee == employee_id
        )
        query = query.where(SafetyIncident.id.is_in([r["incident"] for r in await mine.run()] or [0]))
    rows = await query.limit(SHOWN).run()
    people: dict[int, list[tuple[int, str, str]]] = {}
    if rows:
        links = SafetyIncidentPerson.select(
            SafetyIncidentPerson.incident,
            SafetyIncidentPerson.employee,
            SafetyIncidentPerson.employee.employee_code,
            SafetyIncidentPerson.employee.name,
        ).where(SafetyIncidentPerson.incident.is_in([r["id"] for r in rows]))
        for link in await links.run():
            person = (link["employee"], link["employee.employee_code"], link["employee.name"])
            people.setdefault(link["incident"], []).append(person)
    return [
        Incident(
            r["id"],
            r["occurred_on"],
            Severity(r["severity"]),
            r["summary"],
            tuple(people.get(r["id"], ())),
            r["recorded_by"],
        )
        for r in rows
    ]


async def units(ids: list[int], first: date, last: date) -> dict[int, tuple[Fraction, str]]:
    """employee -> (the safety figure, as shown: incidents and their units) over first..last; 0 for everyone else."""
    found: dict[int, list[Severity]] = {}
    query = SafetyIncidentPerson.select(SafetyIncidentPerson.employee, SafetyIncidentPerson.incident.severity).where(
        SafetyIncidentPerson.employee.is_in(ids)
        & (SafetyIncidentPerson.incident.occurred_on >= first)
        & (SafetyIncidentPerson.incident.occurred_on <= last)
    )
    for row in await query.run():
        found.setdefault(row["employee"], []).append(Severity(row["incident.severity"]))
    figures = {}
    for employee in ids:
        severities = found.get(employee, [])
        figure = rules.safety_units(severities)
        figures[employee] = (Fraction(figure), f"{len(severities)} ({figure})" if severities else "0")
    return figures
