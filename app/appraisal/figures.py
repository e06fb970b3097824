"""The computed indicators' figures for a period, read for all its people in a handful of grouped queries:
confirmed pieces against the operation's standard (app.piecework), attendance days (app.attendance), training
passed and signed off (app.training), safety incidents HR recorded (app.appraisal.safety). Each figure carries a
link to the records behind it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

from app.appraisal import safety
from app.appraisal.rules import Source
from app.attendance.tables import AttendanceDay
from app.db.values import date_value
from app.piecework.tables import Operation
from app.training.tables import PracticalSignoff, QuizAttempt, SafetyEducation

CHUNK = 5000  # ids per IN (...): asyncpg takes at most 32,767 parameters

# The decisions that count (first-wins, rejections dropped), summed per worker and operation.
_PIECES = """
SELECT employee, operation, SUM(quantity) AS quantity, SUM(defects) AS defects
FROM piece_confirmation
WHERE work_date >= {} AND work_date <= {} AND counts = {} AND action <> 'reject' AND employee IN ({})
GROUP BY employee, operation
"""
# Scheduled days are all but rest days; worked ones had minutes worked or were a statutory holiday (as payroll).
_DAYS = """
SELECT employee, SUM(worked_minutes) AS minutes,
  SUM(CASE WHEN status <> 'rest_day' THEN 1 ELSE 0 END) AS scheduled,
  SUM(CASE WHEN status <> 'rest_day' AND (worked_minutes > 0 OR status = 'holiday') THEN 1 ELSE 0 END) AS worked,
  SUM(CASE WHEN late_minutes > 0 OR early_leave_minutes > 0 THEN 1 ELSE 0 END) AS late
FROM attendance_day WHERE work_date >= {} AND work_date <= {} AND employee IN ({}) GROUP BY employee
"""


@dataclass(frozen=True)
class Figure:
    """value: None when there is no data for it; text: as shown; ref: a link to the records."""

    value: Fraction | None
    text: str
    ref: str


@dataclass
class Figures:
    by_person: dict[int, dict[Source, Figure]] = field(default_factory=lambda: defaultdict(dict))
    days: dict[int, tuple[int, int]] = field(default_factory=dict)  # (worked, scheduled) for pro-rating


def _in(ids: list[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)  # ints only: safe to inline, and one parameter list fewer


def _pct(value: Fraction) -> str:
    return f"{float(value):.1f}%"


async def _pieces(found: Figures, ids: list[int], first: date, last: date, hours: dict[int, Fraction]) -> None:
    standards = {
        r["id"]: r["standard_per_hour"] for r in await Operation.select(Operation.id, Operation.standard_per_hour).run()
    }
    made: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    earned: dict[int, Fraction] = defaultdict(Fraction)  # hours at standard pace
    for row in await Operation.raw(_PIECES.format("{}", "{}", "{}", _in(ids)), first, last, True).run():
        quantity, defects = int(row["quantity"] or 0), int(row["defects"] or 0)
        made[row["employee"]][0] += quantity
        made[row["employee"]][1] += defects
        if standards.get(row["operation"]):
            earned[row["employee"]] += Fraction(quantity - defects, standards[row["operation"]])
    for employee in ids:
        ref = f"/payroll/{first:%Y-%m}/{employee}"
        quantity, defects = made.get(employee, (0, 0))
        quality = Fraction(quantity - defects, quantity) * 100 if quantity else None
        found.by_person[employee][Source.QUALITY] = Figure(
            quality, f"{quantity - defects}/{quantity}" if quantity else "", ref
        )
        worked = hours.get(employee)
        output = earned[employee] / worked * 100 if employee in earned and worked else None
        text = f"{float(earned[employee]):.1f} h / {float(worked):.1f} h" if output is not None else ""
        found.by_person[employee][Source.OUTPUT] = Figure(output, text, ref)


async def _attendance(found: Figures, ids: list[int], first: date, last: date, codes: dict[int, str]) -> dict:
    hours: dict[int, Fraction] = {}
    rows = {r["employee"]: r for r in await AttendanceDay.raw(_DAYS.format("{}", "{}", _in(ids)), first, last).run()}
    for employee in ids:
        ref = f"/attendance/days?from={first}&to={last}&q={codes.get(employee, '')}"
        row = rows.get(employee)
        scheduled, worked = (int(row["scheduled"] or 0), int(row["worked"] or 0)) if row else (0, 0)
        found.days[employee] = (worked, scheduled)
        rate = Fraction(worked, scheduled) * 100 if scheduled else None
        found.by_person[employee][Source.ATTENDANCE] = Figure(rate, f"{worked}/{scheduled}" if scheduled else "", ref)
        late = Fraction(int(row["late"] or 0)) if row else None
        found.by_person[employee][Source.LATENESS] = Figure(late, "" if late is None else str(late), ref)
        if row and row["minutes"]:
            hours[employee] = Fraction(int(row["minutes"]), 60)
    return hours


def _utc_bounds(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time(), zone)
    return start, datetime.combine(last + timedelta(days=1), time(), zone)


async def _training(found: Figures, ids: list[int], first: date, last: date, zone: ZoneInfo) -> None:
    start, end = _utc_bounds(first, last, zone)
    done: dict[int, set] = defaultdict(set)
    quizzes = QuizAttempt.select(QuizAttempt.employee, QuizAttempt.course).where(
        QuizAttempt.employee.is_in(ids)
        & (QuizAttempt.passed == True)
        & (QuizAttempt.taken_at >= start)
        & (QuizAttempt.taken_at < end)
    )
    for row in await quizzes.run():
        done[row["employee"]].add(("course", row["course"]))
    practicals = PracticalSignoff.select(PracticalSignoff.employee, PracticalSignoff.course).where(
        PracticalSignoff.employee.is_in(ids)
        & (PracticalSignoff.passed == True)
        & (PracticalSignoff.signed_at >= start)
        & (PracticalSignoff.signed_at < end)
    )
    for row in await practicals.run():
        done[row["employee"]].add(("course", row["course"]))
    safety = SafetyEducation.select(SafetyEducation.employee, SafetyEducation.id, SafetyEducation.signed_off_on).where(
        SafetyEducation.employee.is_in(ids)
        & (SafetyEducation.signed_off_on >= first)
        & (SafetyEducation.signed_off_on <= last)
    )
    for row in await safety.run():
        if date_value(row["signed_off_on"]):
            done[row["employee"]].add(("safety", row["id"]))
    for employee in ids:
        count = len(done.get(employee, ()))
        found.by_person[employee][Source.TRAINING] = Figure(Fraction(count), str(count), f"/training/people/{employee}")


async def read_figures(people: dict[int, str], first: date, last: date, zone: ZoneInfo) -> Figures:
    """people: employee id -> code. Every computed source's figure for each of them over first..last."""
    found = Figures()
    ids = sorted(people)  # none: no query (IN () is not SQL)
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        hours = await _attendance(found, part, first, last, people)
        await _pieces(found, part, first, last, hours)
        await _training(found, part, first, last, zone)
        await _safety(found, part, first, last)
    return found


async def _safety(found: Figures, ids: list[int], first: date, last: date) -> None:
    """Incidents HR recorded in the period; none is a figure (0: full marks), never missing data."""
    for employee, (units, text) in (await safety.units(ids, first, last)).items():
        found.by_person[employee][Source.SAFETY] = Figure(units, text, f"/appraisal/safety?employee={employee}")
