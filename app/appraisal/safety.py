"""Safety incidents HR records (the day, the people in it, the severity, a short account), and the safety
indicator's figure of each person's period: the incidents' units by severity (app.appraisal.rules.safety_units)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from app.appraisal import rules
from app.appraisal.rules import Severity
from app.appraisal.tables import AppraisalResult, SafetyIncident, SafetyIncidentPerson
from app.audit import service as audit
from app.db.tx import write_transaction
from app.db.values import json_value
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
NO_INCIDENT = N_("No such safety incident.")
COUNTED = N_(
    "This incident counted in an appraisal period that is closed (%(first)s – %(last)s): it can no longer be "
    "changed or deleted."
)


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


async def _ids(codes: tuple[str, ...]) -> dict[str, int]:
    """code -> employee id; Refused, naming the first code that is nobody's."""
    rows = (
        await Employee.select(Employee.id, Employee.employee_code)
        .where(Employee.employee_code.is_in(list(codes)))
        .run()
    )
    ids = {r["employee_code"]: r["id"] for r in rows}
    unknown = [c for c in codes if c not in ids]
    if unknown:
        raise Refused(N_("No employee has the code %(code)s."), field="people", code=unknown[0])
    return ids


async def record(new: NewIncident, actor: audit.Actor) -> int:
    """Refused, with nothing written, when a code is nobody's."""
    async with write_transaction():
        ids = await _ids(new.codes)
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


async def _refuse_if_counted(day: date, employee_ids: list[int]) -> None:
    """Refused (COUNTED) when a closed period whose scheme weighs safety covered `day` and graded one of these
    people: its results, and the bonuses paid from them, counted the incident as it stands."""
    r = AppraisalResult
    rows = await (
        r.select(r.period.first_day, r.period.last_day, r.period.scheme.indicators)
        .where(
            (r.period.status == "closed")
            & (r.period.first_day <= day)
            & (r.period.last_day >= day)
            & r.employee.is_in(employee_ids or [0])
        )
        .run()
    )
    for row in rows:
        if any(i.get("source") == rules.Source.SAFETY for i in json_value(row["period.scheme.indicators"], [])):
            raise Refused(COUNTED, first=row["period.first_day"].isoformat(), last=row["period.last_day"].isoformat())


async def incident(incident_id: int) -> Incident:
    found = next((i for i in await _incidents([incident_id]) if i.id == incident_id), None)
    if found is None:
        raise Refused(NO_INCIDENT, status=404)
    return found


async def update(incident_id: int, new: NewIncident, actor: audit.Actor) -> None:
    """HR corrects an incident; refused, nothing changed, when a closed period counted it as it was or would
    count it as it would be."""
    async with write_transaction():
        before = await incident(incident_id)
        await _refuse_if_counted(before.occurred_on, [p[0] for p in before.people])
        ids = await _ids(new.codes)
        await _refuse_if_counted(new.occurred_on, list(ids.values()))
        await (
            SafetyIncident.update(
                {
                    SafetyIncident.occurred_on: new.occurred_on,
                    SafetyIncident.severity: new.severity.value,
                    SafetyIncident.summary: new.summary,
                }
            )
            .where(SafetyIncident.id == incident_id)
            .run()
        )
        await SafetyIncidentPerson.delete().where(SafetyIncidentPerson.incident == incident_id).run()
        await SafetyIncidentPerson.insert(
            *[SafetyIncidentPerson(incident=incident_id, employee=ids[c]) for c in new.codes]
        ).run()
        await audit.record(
            actor,
            "safety_incident.update",
            "safety_incident",
            incident_id,
            before=_audited(before.occurred_on, before.severity, before.summary, [p[1] for p in before.people]),
            after=_audited(new.occurred_on, new.severity, new.summary, list(new.codes)),
        )


async def delete(incident_id: int, actor: audit.Actor) -> None:
    """HR deletes an incident recorded by mistake; refused, nothing changed, once a closed period counted it."""
    async with write_transaction():
        before = await incident(incident_id)
        await _refuse_if_counted(before.occurred_on, [p[0] for p in before.people])
        await SafetyIncident.delete().where(SafetyIncident.id == incident_id).run()
        await audit.record(
            actor,
            "safety_incident.delete",
            "safety_incident",
            incident_id,
            before=_audited(before.occurred_on, before.severity, before.summary, [p[1] for p in before.people]),
        )


def _audited(day: date, severity: Severity, summary: str, codes: list[str]) -> dict:
    return {"occurred_on": day, "severity": severity.value, "summary": summary, "people": codes}


async def incidents(employee_id: int | None = None) -> list[Incident]:
    """The latest incidents, newest first; only one person's when employee_id is given."""
    return await _incidents(None, employee_id)


async def _incidents(only: list[int] | None, employee_id: int | None = None) -> list[Incident]:
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
    if only is not None:
        query = query.where(SafetyIncident.id.is_in(only or [0]))
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
