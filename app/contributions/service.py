"""Schemes, versions and enrolments: kept by HR, read by payroll's net-pay step for a whole month at once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from app.audit import service as audit
from app.contributions import rules
from app.contributions.tables import Enrolment, Scheme, SchemeVersion
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import Month
from app.i18n import N_
from app.people.tables import Employee
from app.timeutil import utcnow

NO_SCHEME = N_("Choose a scheme.")
NO_VERSION = N_("The social insurance scheme has no version in force this month.")
REASON_NEEDED = N_("Give the reason for the base (at most 200 characters).")


def _loaded(value):
    return json.loads(value) if isinstance(value, str) else value or []


def version_of(row: dict) -> rules.Version:
    items = tuple(
        rules.Item(
            item["code"],
            int(item.get("employer_rate", 0)),
            int(item.get("worker_rate", 0)),
            int(item.get("employer_fixed_fen", 0)),
            int(item.get("worker_fixed_fen", 0)),
            rules.Rounding(int(item.get("rounding", 1))),
        )
        for item in _loaded(row["items"])
    )
    return rules.Version(row["floor_fen"], row["ceiling_fen"], row["fund_floor_fen"], row["fund_ceiling_fen"], items)


async def add_scheme(name: str, actor: audit.Actor) -> int:
    name = name.strip()
    if not name or len(name) > 60:
        raise Refused(N_("Name the scheme (its city), at most 60 characters."), field="name")
    async with write_transaction():
        if await Scheme.exists().where(Scheme.name == name).run():
            raise Refused(N_("A scheme of that name exists."), field="name")
        scheme = Scheme(name=name, created_at=utcnow())
        await scheme.save().run()
        await audit.record(actor, "scheme.add", "scheme", scheme.id, after={"name": name})
    return scheme.id


async def save_version(scheme_id: int, month: Month, version: rules.Version, actor: audit.Actor) -> None:
    """A version from `month` on; saving the same month again replaces it (audited, before and after)."""
    items = [
        {
            "code": i.code,
            "employer_rate": i.employer_rate,
            "worker_rate": i.worker_rate,
            "employer_fixed_fen": i.employer_fixed_fen,
            "worker_fixed_fen": i.worker_fixed_fen,
            "rounding": int(i.rounding),
        }
        for i in version.items
    ]
    values = {
        "floor_fen": version.floor_fen,
        "ceiling_fen": version.ceiling_fen,
        "fund_floor_fen": version.fund_floor_fen,
        "fund_ceiling_fen": version.fund_ceiling_fen,
    }
    async with write_transaction():
        if not await Scheme.exists().where(Scheme.id == scheme_id).run():
            raise Refused(NO_SCHEME, field="scheme")
        where = (SchemeVersion.scheme == scheme_id) & (SchemeVersion.effective_from == str(month))
        before = await SchemeVersion.select().where(where).first().run()
        await SchemeVersion.delete().where(where).run()
        await SchemeVersion.insert(
            SchemeVersion(
                scheme=scheme_id, effective_from=str(month), items=items, set_by=actor.name, set_at=utcnow(), **values
            )
        ).run()
        await audit.record(
            actor,
            "scheme.version",
            "scheme",
            scheme_id,
            before={k: before[k] for k in (*values, "items")} if before else None,
            after={**values, "items": items, "effective_from": str(month)},
        )


async def enrol(employee_id: int, scheme_id: int, base_fen: int, reason: str, start: Month, actor: audit.Actor) -> None:
    """Enrol (or re-base) a person from `start`; the base is clamped per item when amounts are computed."""
    reason = reason.strip()
    if not reason or len(reason) > 200:
        raise Refused(REASON_NEEDED, field="base_reason")
    if base_fen <= 0:
        raise Refused(N_("Enter the base in yuan, more than zero."), field="base")
    async with write_transaction():
        if not await Scheme.exists().where(Scheme.id == scheme_id).run():
            raise Refused(NO_SCHEME, field="scheme")
        if not await Employee.exists().where(Employee.id == employee_id).run():
            raise Refused(N_("No such employee."))
        await (
            Enrolment.delete().where((Enrolment.employee == employee_id) & (Enrolment.start_month == str(start))).run()
        )
        await Enrolment.insert(
            Enrolment(
                employee=employee_id,
                scheme=scheme_id,
                base_fen=base_fen,
                base_reason=reason,
                start_month=str(start),
                entered_by=actor.name,
                entered_at=utcnow(),
            )
        ).run()
        await audit.record(
            actor,
            "enrol",
            "employee",
            employee_id,
            after={"scheme": scheme_id, "base_fen": base_fen, "base_reason": reason, "start_month": str(start)},
        )


async def end_enrolment(employee_id: int, last: Month, actor: audit.Actor) -> None:
    """Stop contributions after `last` (an exit)."""
    async with write_transaction():
        await (
            Enrolment.update({Enrolment.end_month: str(last)})
            .where((Enrolment.employee == employee_id) & Enrolment.end_month.is_null())
            .run()
        )
        await audit.record(actor, "enrol.end", "employee", employee_id, after={"end_month": str(last)})


async def versions_in_force(month: Month) -> dict[int, rules.Version]:
    """scheme id -> the version in force in `month` (the latest starting no later than it)."""
    found: dict[int, rules.Version] = {}
    for row in (
        await SchemeVersion.select()
        .where(SchemeVersion.effective_from <= str(month))
        .order_by(SchemeVersion.effective_from)
        .run()
    ):
        found[row["scheme"]] = version_of(row)
    return found


async def enrolments_in_force(month: Month) -> dict[int, dict]:
    """employee id -> the enrolment row in force in `month`."""
    found: dict[int, dict] = {}
    for row in (
        await Enrolment.select().where(Enrolment.start_month <= str(month)).order_by(Enrolment.start_month).run()
    ):
        found[row["employee"]] = row
    return {employee: row for employee, row in found.items() if not row["end_month"] or row["end_month"] >= str(month)}


async def month_contributions(month: Month) -> dict[int, rules.Contributions | None]:
    """Every enrolled person's amounts for `month` (two queries for the whole plant); None for someone
    whose scheme has no version in force then, which payroll reports as a problem instead of paying."""
    versions = await versions_in_force(month)
    return {
        employee: rules.monthly_contributions(row["base_fen"], versions[row["scheme"]])
        if row["scheme"] in versions
        else None
        for employee, row in (await enrolments_in_force(month)).items()
    }


@dataclass(frozen=True)
class Overdue:
    employee_id: int
    code: str
    name: str
    hire_date: date
    days: int


async def not_enrolled(today: date) -> list[Overdue]:
    """People at work who started more than 30 days ago with no enrolment in force (art. 58)."""
    enrolled = set(await enrolments_in_force(Month.of(today)))
    rows = (
        await Employee.select(Employee.id, Employee.employee_code, Employee.name, Employee.hire_date)
        .where(Employee.status.is_in(["active", "probation"]) & Employee.hire_date.is_not_null())
        .order_by(Employee.hire_date)
        .run()
    )
    return [
        Overdue(r["id"], r["employee_code"], r["name"], r["hire_date"], (today - r["hire_date"]).days)
        for r in rows
        if r["id"] not in enrolled and rules.enrolment_overdue((today - r["hire_date"]).days)
    ]


async def schemes() -> list[dict]:
    return await Scheme.select().order_by(Scheme.name).run()


async def scheme(scheme_id: int) -> dict | None:
    return await Scheme.select().where(Scheme.id == scheme_id).first().run()


async def versions(scheme_id: int) -> list[dict]:
    rows = (
        await SchemeVersion.select()
        .where(SchemeVersion.scheme == scheme_id)
        .order_by(SchemeVersion.effective_from, ascending=False)
        .run()
    )
    for row in rows:
        row["items"] = _loaded(row["items"])
    return rows


async def enrolments_of(employee_id: int) -> list[dict]:
    return (
        await Enrolment.select(Enrolment.all_columns(), Enrolment.scheme.name.as_alias("scheme_name"))
        .where(Enrolment.employee == employee_id)
        .order_by(Enrolment.start_month, ascending=False)
        .run()
    )
