"""A period's life: HR opens it, floorhr fills the computed indicators from the plant's records, supervisors score
the entered ones, the department head or HR closes it (results and bonuses, paid in the month it closes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from zoneinfo import ZoneInfo

from app.appraisal import rules
from app.appraisal.figures import read_figures
from app.appraisal.office import scores as office_scores
from app.appraisal.schemes import Scheme, scheme
from app.appraisal.tables import AppraisalPeriod, AppraisalScore
from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import Month, int_field
from app.i18n import N_
from app.people.tables import Employee
from app.timeutil import local_today, utcnow

NO_PERIOD = N_("No such appraisal period.")
CLOSED = N_("This period is closed.")


@dataclass(frozen=True)
class Person:
    id: int
    code: str
    name: str
    position_id: int | None
    supervisor_id: int | None


@dataclass(frozen=True)
class Period:
    id: int
    scheme_id: int
    department: str
    first_day: date
    last_day: date
    status: str
    pay_month: str
    filled: bool


def _period(row: dict) -> Period:
    return Period(
        row["id"],
        row["scheme"],
        row.get("scheme.department.name") or "",
        row["first_day"],
        row["last_day"],
        row["status"],
        row["pay_month"],
        row["filled_at"] is not None,
    )


async def periods(scheme_id: int | None = None) -> list[Period]:
    query = AppraisalPeriod.select(AppraisalPeriod.all_columns(), AppraisalPeriod.scheme.department.name)
    if scheme_id is not None:
        query = query.where(AppraisalPeriod.scheme == scheme_id)
    return [_period(row) for row in await query.order_by(AppraisalPeriod.first_day, ascending=False).run()]


async def period(period_id: int) -> Period:
    found = next((p for p in await periods() if p.id == period_id), None)
    if found is None:
        raise Refused(NO_PERIOD, status=404)
    return found


async def people(s: Scheme, first: date, last: date) -> list[Person]:
    """Who the period appraises: the department's people employed at some point in it (not still onboarding)."""
    rows = (
        await Employee.select(
            Employee.id, Employee.employee_code, Employee.name, Employee.position, Employee.supervisor
        )
        .where(
            (Employee.department == s.department_id)
            & (Employee.status != "onboarding")
            & ((Employee.hire_date.is_null()) | (Employee.hire_date <= last))
            & ((Employee.last_day.is_null()) | (Employee.last_day >= first))
        )
        .order_by(Employee.employee_code)
        .run()
    )
    return [Person(r["id"], r["employee_code"], r["name"], r["position"], r["supervisor"]) for r in rows]


async def open_period(scheme_id: int, month_text: str, zone: ZoneInfo, actor: audit.Actor) -> int:
    """Open a period of the scheme covering `month_text`'s month (or quarter); the scheme freezes from the day it
    starts (today, or its first day when opened ahead)."""
    today = local_today(zone)
    found = await scheme(scheme_id, today)
    if found is None:
        raise Refused(N_("No such scheme."))
    month = Month.parse(month_text)
    first, last = rules.period_dates(found.period_kind, month.year, month.month)
    async with write_transaction():
        clash = (
            await AppraisalPeriod.exists()
            .where(
                (AppraisalPeriod.scheme == scheme_id)
                & (AppraisalPeriod.first_day <= last)
                & (AppraisalPeriod.last_day >= first)
            )
            .run()
        )
        if clash:
            raise Refused(N_("This scheme already has a period over these days."), field="month")
        row = AppraisalPeriod(
            scheme=scheme_id,
            first_day=first,
            last_day=last,
            starts_on=max(today, first),
            opened_by=actor.name,
            opened_at=utcnow(),
        )
        await AppraisalPeriod.insert(row).run()
        await audit.record(
            actor,
            "appraisal_period.open",
            "appraisal_period",
            row.id,
            after={"scheme": scheme_id, "first_day": first, "last_day": last},
        )
    return row.id


def _milli(value: Fraction | None) -> int | None:
    return None if value is None else int(value * 1000)  # display and storage only; results use exact Fractions


async def fill(period_id: int, zone: ZoneInfo, actor: audit.Actor) -> int:
    """Replace the period's computed figures with what the records say now; the rows written."""
    found = await period(period_id)
    if found.status != "open":
        raise Refused(CLOSED)
    s = await scheme(found.scheme_id, local_today(zone))
    cast = await people(s, found.first_day, found.last_day)
    figures = await read_figures({p.id: p.code for p in cast}, found.first_day, found.last_day, zone)
    computed = [i for i in s.indicators if i.source in rules.COMPUTED]
    now, rows = utcnow(), []
    for person in cast:
        for indicator in computed:
            figure = figures.by_person[person.id][indicator.source]
            score = _milli(rules.score(indicator, figure.value))
            rows.append(
                (period_id, person.id, indicator.code, figure.text[:80], score, "", figure.ref[:200], "floorhr", now)
            )
    async with write_transaction():
        await (
            AppraisalScore.delete()
            .where(
                (AppraisalScore.period == period_id)
                & AppraisalScore.indicator.is_in([i.code for i in computed] or [""])
            )
            .run()
        )
        await _insert_scores(rows)
        written = await office_scores.refresh(period_id, s.indicators, [p.id for p in cast])
        await AppraisalPeriod.update({AppraisalPeriod.filled_at: now}).where(AppraisalPeriod.id == period_id).run()
        await audit.record(
            actor, "appraisal_period.fill", "appraisal_period", period_id, after={"rows": len(rows) + written}
        )
    return len(rows) + written


_INSERT = (
    "INSERT INTO appraisal_score (period, employee, indicator, value_text, score_milli, reason, ref, scored_by, "
    "scored_at) VALUES "
)
ROWS_A_STATEMENT = 500  # 9 columns × 500 = 4,500 parameters: under SQLite's and asyncpg's limits


async def _insert_scores(rows: list[tuple]) -> None:
    """Many rows a statement, as plain tuples: building a Table object per row took most of the fill's time."""
    for start in range(0, len(rows), ROWS_A_STATEMENT):
        part = rows[start : start + ROWS_A_STATEMENT]
        values = ", ".join(["({}, {}, {}, {}, {}, {}, {}, {}, {})"] * len(part))
        await AppraisalScore.raw(_INSERT + values, *[value for row in part for value in row]).run()


async def scores(period_id: int) -> dict[int, dict[str, dict]]:
    """employee -> indicator code -> its score row."""
    found: dict[int, dict[str, dict]] = {}
    for row in await AppraisalScore.select().where(AppraisalScore.period == period_id).run():
        found.setdefault(row["employee"], {})[row["indicator"]] = row
    return found


async def enter_scores(
    period_id: int, employee_id: int, values: dict[str, str], zone: ZoneInfo, actor: audit.Actor
) -> None:
    """A supervisor's scores of one worker on the entered indicators; an extreme score needs a reason."""
    found = await period(period_id)
    if found.status != "open":
        raise Refused(CLOSED)
    s = await scheme(found.scheme_id, local_today(zone))
    if employee_id not in {p.id for p in await people(s, found.first_day, found.last_day)}:
        raise Refused(N_("This person is not in this period."))
    entered = []
    for indicator in s.entered:
        value = int_field(values.get(f"score_{indicator.code}"), f"score_{indicator.code}", 0, 100)
        reason = values.get(f"reason_{indicator.code}", "").strip()[:200]
        if rules.needs_reason(value) and not reason:
            raise Refused(N_("A score below 60 or above 95 needs a reason."), field=f"reason_{indicator.code}")
        entered.append((indicator.code, value, reason))
    async with write_transaction():
        for code, value, reason in entered:
            where = (
                (AppraisalScore.period == period_id)
                & (AppraisalScore.employee == employee_id)
                & (AppraisalScore.indicator == code)
            )
            await AppraisalScore.delete().where(where).run()
            await AppraisalScore.insert(
                AppraisalScore(
                    period=period_id,
                    employee=employee_id,
                    indicator=code,
                    value_text=str(value),
                    score_milli=value * 1000,
                    reason=reason,
                    scored_by=actor.name,
                    scored_at=utcnow(),
                )
            ).run()
        await audit.record(
            actor,
            "appraisal.score",
            "appraisal_period",
            period_id,
            after={"employee": employee_id, "scores": {c: v for c, v, _ in entered}},
        )
