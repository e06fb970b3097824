"""Closing a period into results (total, grade, bonus), contests (held out of pay until HR decides), the results
of a department and of a person with their history, and the bonuses a month's payroll pays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

from app.appraisal import plans, rules
from app.appraisal.figures import read_figures
from app.appraisal.office import scores as office_scores
from app.appraisal.periods import CLOSED, people, period, scores
from app.appraisal.schemes import scheme
from app.appraisal.tables import AppraisalPeriod, AppraisalResult
from app.audit import service as audit
from app.db.prepared import Prepared
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import Month, int_field
from app.i18n import N_
from app.people import plant_settings
from app.timeutil import local_today, utcnow

CONTEST_DAYS_KEY = "appraisal_contest_days"  # the plant's days to contest a result after the close (RULES.md)
PAID = ("final", "upheld", "revised")
BONUS_LABEL = N_("Performance bonus")
STATUS_LABELS = {
    "final": N_("Final"),
    "contested": N_("Contested: held out of pay"),
    "upheld": N_("Contest upheld"),
    "revised": N_("Revised after a contest"),
}
OVER_LIMIT = N_(
    "Grade %(grade)s would hold %(count)s people, above the scheme's limit of %(limit)s%%. Review the scores."
)


def _exact(milli: int | None) -> Fraction | None:
    return None if milli is None else Fraction(milli, 1000)


def grade_of(s, given: dict[str, dict]) -> tuple[rules.Total, rules.Band | None]:
    """One person's total and band from their score rows (indicator code -> row); no band without any figure."""
    total = rules.weighted_total(s.indicators, {c: _exact(r["score_milli"]) for c, r in given.items()}, s.missing)
    return total, rules.band_for(total.score, s.bands) if total.score is not None else None


async def close(period_id: int, zone: ZoneInfo, actor: audit.Actor) -> int:
    """Results for everyone in the period; the bonuses are paid in the month it closes. Refused while an entered
    score is missing (a supervisor has not scored someone): missing scores never count silently."""
    found = await period(period_id)
    if found.status != "open":
        raise Refused(CLOSED)
    today = local_today(zone)
    s = await scheme(found.scheme_id, today)
    if not found.filled:
        raise Refused(N_("Fill the computed indicators before closing."))
    cast = await people(s, found.first_day, found.last_day)
    if s.office:  # the goals and ratings as they stand now
        async with write_transaction():
            await office_scores.refresh(period_id, s.indicators, [p.id for p in cast])
    given = await scores(period_id)
    unscored = [p for p in cast if any(i.code not in given.get(p.id, {}) for i in s.entered)]
    if unscored:
        raise Refused(N_("%(count)s people still need the supervisor's score."), count=len(unscored))
    figures = await read_figures({p.id: p.code for p in cast}, found.first_day, found.last_day, zone)
    pay_month = str(Month.of(today))
    rows = []
    for person in cast:
        total, band = grade_of(s, given.get(person.id, {}))
        worked, scheduled = figures.days.get(person.id, (None, None))
        pay = rules.bonus(s.base_for(person.position_id), band.coefficient_percent, worked, scheduled) if band else None
        rows.append(
            AppraisalResult(
                period=period_id,
                employee=person.id,
                total_milli=None if total.score is None else int(total.score * 1000),
                grade=band.grade if band else "",
                coefficient_percent=band.coefficient_percent if band else 0,
                bonus_fen=pay.fen if pay else 0,
                trace=(pay.trace if pay else "no data")[:200],
                missing=",".join(total.missing)[:200],
                status="final",
                pay_month=pay_month,
            )
        )
    broken = rules.over_limits([row.grade for row in rows if row.grade], s.bands)
    if broken:  # the head sends the scores back to the supervisors; nothing is written
        grade, count, limit = broken[0]
        raise Refused(OVER_LIMIT, grade=grade, count=count, limit=limit)
    async with write_transaction():
        await AppraisalResult.delete().where(AppraisalResult.period == period_id).run()
        for start in range(0, len(rows), 2000):
            await AppraisalResult.insert(*rows[start : start + 2000]).run()
        await (
            AppraisalPeriod.update(
                {
                    AppraisalPeriod.status: "closed",
                    AppraisalPeriod.closed_by: actor.name,
                    AppraisalPeriod.closed_at: utcnow(),
                    AppraisalPeriod.pay_month: pay_month,
                }
            )
            .where(AppraisalPeriod.id == period_id)
            .run()
        )
        lowest = min(s.bands, key=lambda b: b.min_score).grade
        opened = await plans.open_plans(period_id, lowest, today)
        await audit.record(
            actor,
            "appraisal_period.close",
            "appraisal_period",
            period_id,
            after={"results": len(rows), "pay_month": pay_month, "improvement_plans": opened},
        )
    return len(rows)


@dataclass(frozen=True)
class Result:
    id: int
    period_id: int
    first_day: object
    last_day: object
    department: str
    employee_id: int
    code: str
    name: str
    total: str
    grade: str
    coefficient_percent: int
    bonus_fen: int
    trace: str
    missing: str
    status: str
    pay_month: str
    contest_reason: str
    closed_at: datetime | None = None


def _select(where=None):
    r = AppraisalResult
    query = r.select(
        r.all_columns(),
        r.period.first_day,
        r.period.last_day,
        r.period.closed_at,
        r.period.scheme.department.name,
        r.employee.employee_code,
        r.employee.name,
    )
    if where is not None:
        query = query.where(where)
    return query.order_by(r.period.first_day, ascending=False).order_by(r.employee.employee_code)


_OF_EMPLOYEE = Prepared(lambda employee: _select(AppraisalResult.employee == employee))


async def results(where=None) -> list[Result]:
    return _results(await _select(where).run())


async def of_employee(employee_id: int) -> list[Result]:
    """A person's results, newest period first (My page and the person page read these on every open)."""
    return _results(await _OF_EMPLOYEE.run(employee_id))


def _results(rows: list[dict]) -> list[Result]:
    return [
        Result(
            row["id"],
            row["period"],
            row["period.first_day"],
            row["period.last_day"],
            row["period.scheme.department.name"] or "",
            row["employee"],
            row["employee.employee_code"],
            row["employee.name"],
            rules.show_score(_exact(row["total_milli"])),
            row["grade"],
            row["coefficient_percent"],
            row["bonus_fen"],
            row["trace"],
            row["missing"],
            row["status"],
            row["pay_month"],
            row["contest_reason"],
            row["period.closed_at"],
        )
        for row in rows
    ]


NO_RESULT = N_("No such result.")


async def _result(result_id: int) -> dict:
    row = await AppraisalResult.select().where(AppraisalResult.id == result_id).first().run()
    if row is None:
        raise Refused(NO_RESULT, status=404)
    return row


async def employee_of(result_id: int) -> int:
    return (await _result(result_id))["employee"]


async def scheme_of_periods() -> dict[int, int]:
    """period id -> its scheme id (the grades a contest may be decided to)."""
    return {
        r["id"]: r["scheme"] for r in await AppraisalPeriod.select(AppraisalPeriod.id, AppraisalPeriod.scheme).run()
    }


async def contest(result_id: int, reason: str, zone: ZoneInfo, actor: audit.Actor) -> None:
    """The worker contests (recorded by HR or the department head): the bonus is held out of pay until decided."""
    row = await _result(result_id)
    closed = (
        await AppraisalPeriod.select(AppraisalPeriod.closed_at).where(AppraisalPeriod.id == row["period"]).first().run()
    )
    if row["status"] != "final":
        raise Refused(N_("This result has already been contested."))
    if closed["closed_at"] and not rules.contest_open(
        closed["closed_at"].astimezone(zone).date(), local_today(zone), await contest_days()
    ):
        raise Refused(N_("The days to contest this result have passed."))
    if not reason.strip():
        raise Refused(N_("Write down why the worker contests the result."), field="reason")
    async with write_transaction():
        await (
            AppraisalResult.update(
                {
                    AppraisalResult.status: "contested",
                    AppraisalResult.pay_month: "",
                    AppraisalResult.contest_reason: reason.strip(),
                }
            )
            .where(AppraisalResult.id == result_id)
            .run()
        )
        await audit.record(
            actor,
            "appraisal_result.contest",
            "appraisal_result",
            result_id,
            before={"status": "final", "pay_month": row["pay_month"]},
            after={"reason": reason.strip()},
        )


async def contest_days() -> int:
    """The plant's days to contest a result after its period closes (HR sets them on the appraisal page)."""
    return await plant_settings.read_int(CONTEST_DAYS_KEY, rules.DEFAULT_CONTEST_DAYS, minimum=1)


async def save_contest_days(text: str, actor: audit.Actor) -> int:
    """Refused (nothing saved) unless a whole number of days from 1 to MAX_CONTEST_DAYS."""
    days = int_field(text, "contest_days", 1, rules.MAX_CONTEST_DAYS)
    await plant_settings.write(CONTEST_DAYS_KEY, days, actor)
    return days


async def contest_deadlines(found: list[Result], zone: ZoneInfo) -> dict[int, date]:
    """result id -> the last plant-local day it may be contested (closed results only), by the plant's days."""
    if not any(r.closed_at for r in found):
        return {}  # nothing closed (most workers, most days): no need to read the plant's days
    days = await contest_days()
    return {r.id: rules.contest_until(r.closed_at.astimezone(zone).date(), days) for r in found if r.closed_at}


async def decide(result_id: int, grade: str, zone: ZoneInfo, actor: audit.Actor) -> None:
    """HR ends a contest: the same grade (upheld) or another (revised); the bonus is paid in this month."""
    row = await _result(result_id)
    if row["status"] != "contested":
        raise Refused(N_("Only a contested result can be decided."))
    found = await period(row["period"])
    s = await scheme(found.scheme_id, local_today(zone))
    band = next((b for b in s.bands if b.grade == grade), None)
    if band is None:
        raise Refused(N_("Choose a grade."), field="grade")
    values = {
        "status": "upheld" if grade == row["grade"] else "revised",
        "grade": grade,
        "coefficient_percent": band.coefficient_percent,
        "pay_month": str(Month.of(local_today(zone))),
        "decided_by": actor.name,
    }
    # base × the new coefficient, pro-rated as at the close, rounded once (not the old bonus rescaled)
    values["bonus_fen"] = await _rebonus(s, found, row["employee"], band.coefficient_percent, zone)
    async with write_transaction():
        await AppraisalResult.update(values).where(AppraisalResult.id == result_id).run()
        await audit.record(
            actor,
            "appraisal_result.decide",
            "appraisal_result",
            result_id,
            before={k: row[k] for k in ("status", "grade", "bonus_fen")},
            after=values,
        )


async def _rebonus(s, found, employee_id: int, coefficient: int, zone: ZoneInfo) -> int:
    person = next((p for p in await people(s, found.first_day, found.last_day) if p.id == employee_id), None)
    figures = await read_figures({employee_id: person.code if person else ""}, found.first_day, found.last_day, zone)
    worked, scheduled = figures.days.get(employee_id, (None, None))
    return rules.bonus(s.base_for(person.position_id if person else None), coefficient, worked, scheduled).fen


async def bonuses_in(month: Month) -> dict[int, list[tuple[int, str]]]:
    """employee -> [(bonus fen, ref)] paid with `month`'s wages: final or decided results, never contested ones."""
    found: dict[int, list[tuple[int, str]]] = {}
    rows = (
        await AppraisalResult.select(
            AppraisalResult.id, AppraisalResult.employee, AppraisalResult.bonus_fen, AppraisalResult.period
        )
        .where(
            (AppraisalResult.pay_month == str(month))
            & AppraisalResult.status.is_in(list(PAID))
            & (AppraisalResult.bonus_fen > 0)
        )
        .run()
    )
    for row in rows:
        found.setdefault(row["employee"], []).append((row["bonus_fen"], f"appraisal:{row['period']}:{row['id']}"))
    return found
