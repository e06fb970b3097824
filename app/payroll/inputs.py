"""Everything a month's pay is computed from, read in a handful of queries for the whole plant.

Confirmed counts are the first decision on each report of the month (first-wins, rejections
dropped); rates and grade factors are whole histories (the rules pick the one in force on each
report's date); overtime minutes come from attendance days (time-rate workers); pay settings
from payroll's own table, keyed by employee.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from app.attendance.tables import AttendanceDay
from app.db.values import date_value
from app.payroll import rules
from app.payroll.tables import PaySetting
from app.people import plant_settings
from app.people.tables import Employee
from app.piecework import rules as piece
from app.piecework.catalogue import grade_histories, rate_histories
from app.piecework.tables import GradeFactor, PieceRate

MINIMUM_WAGE_KEY = "minimum_wage_fen"
DEFAULT_MINIMUM_WAGE_FEN = 2_490_00  # ¥2,490 a month until HR sets the local figure (PlantSetting minimum_wage_fen)
DEFECT_PERCENT_KEY = "defect_deduct_percent"  # 0 (default): defective pieces are just not paid
CHUNK = 5000  # ids per IN (...): asyncpg takes at most 32,767 parameters

# The decisions that count (first-wins, flagged when stored), rejections left out, summed per worker,
# operation, segment and "bucket": the days between two dates on which some rate or grade factor changes.
# Within a bucket every rate and factor is constant and pay is linear in good pieces, so pricing the sums
# is exactly pricing each report; a month is a few rows per worker instead of one per report. Every
# report behind a group is on the person's drill-down page.
_COUNTS = """
SELECT employee, operation, segment, {bucket} AS bucket, MIN(work_date) AS first_date,
  MAX(work_date) AS last_date, SUM(quantity) AS quantity, SUM(defects) AS defects, COUNT(*) AS reports
FROM piece_confirmation
WHERE work_date >= {{}} AND work_date <= {{}} AND counts = {{}} AND action <> 'reject'
GROUP BY employee, operation, segment, bucket
ORDER BY employee, first_date, operation
"""


async def change_dates(first: date, last: date) -> list[date]:
    """Dates inside the month (after its first day) on which a rate or a grade factor changes."""
    rates = await PieceRate.select(PieceRate.effective_from).where(
        (PieceRate.effective_from > first) & (PieceRate.effective_from <= last)).run()
    grades = await GradeFactor.select(GradeFactor.effective_from).where(
        (GradeFactor.effective_from > first) & (GradeFactor.effective_from <= last)).run()
    return sorted({row["effective_from"] for row in rates + grades})


def _bucket_sql(boundaries: list[date]) -> str:
    if not boundaries:
        return "0"
    whens = " ".join(f"WHEN work_date >= {{}} THEN {n}" for n in range(len(boundaries), 0, -1))
    return f"CASE {whens} ELSE 0 END"


@dataclass(frozen=True)
class Worker:
    id: int
    code: str
    name: str
    department: str
    status: str
    hire_date: date | None
    last_day: date | None
    skill_grade: int


@dataclass
class MonthData:
    first: date
    last: date
    workers: list[Worker]
    settings: dict[int, dict]
    counts: dict[int, list[piece.ConfirmedCount]]
    rates: dict[str, tuple[piece.PieceRate, ...]]
    grades: dict[int, tuple[piece.GradeFactor, ...]]
    minimum_wage_fen: int
    defect_policy: piece.DefectPolicy
    overtime: dict[int, list[rules.OvertimeWork]] = field(default_factory=dict)
    days_paid: dict[int, int] = field(default_factory=dict)
    damage: dict[int, tuple[rules.DamageClaim, ...]] = field(default_factory=dict)  # app/payroll/damage.py


async def plant_number(key: str, default: int) -> int:
    return await plant_settings.read_int(key, default)


def group_ref(first: date, last: date, reports: int, operation: str) -> str:
    """What a piece trace points at: the reports of one operation from `first` to `last` (`reports` of them)."""
    return f"{first.isoformat()}..{last.isoformat()}:{reports}:{operation}"


async def confirmed_counts(first: date, last: date) -> dict[int, list[piece.ConfirmedCount]]:
    """Per employee, the confirmed counts of the month grouped by operation, segment and bucket; each group
    dated by its first report (any of its dates has the same rate and factor in force)."""
    boundaries = await change_dates(first, last)
    query = _COUNTS.format(bucket=_bucket_sql(boundaries))
    counts: dict[int, list[piece.ConfirmedCount]] = defaultdict(list)
    for row in await Employee.raw(query, *reversed(boundaries), first, last, True).run():
        start, end, operation = date_value(row["first_date"]), date_value(row["last_date"]), str(row["operation"])
        counts[row["employee"]].append(piece.ConfirmedCount(
            group_ref(start, end, row["reports"], operation), start, operation, int(row["quantity"]),
            int(row["defects"]), piece.TimeSegment(row["segment"])))
    return counts


async def _workers(first: date, last: date) -> list[Worker]:
    rows = await Employee.select(
        Employee.id, Employee.employee_code, Employee.name, Employee.department.name, Employee.status,
        Employee.hire_date, Employee.last_day, Employee.skill_grade).where(
        (Employee.status != "onboarding") & ((Employee.hire_date.is_null()) | (Employee.hire_date <= last)) &
        ((Employee.last_day.is_null()) | (Employee.last_day >= first))).order_by(Employee.employee_code).run()
    return [Worker(r["id"], r["employee_code"], r["name"], r["department.name"] or "", r["status"], r["hire_date"],
                   r["last_day"], r["skill_grade"]) for r in rows]


_DAYS = """
SELECT employee, COUNT(*) AS days,
  SUM(CASE WHEN worked_minutes > 0 OR status = 'holiday' THEN 1 ELSE 0 END) AS paid
FROM attendance_day WHERE work_date >= {} AND work_date <= {} GROUP BY employee
"""


async def _attendance(data: MonthData, time_rate: list[int]) -> None:
    """Days paid (worked, or a statutory holiday) of everyone who has attendance days this month, and the
    overtime minutes of time-rate workers."""
    for row in await AttendanceDay.raw(_DAYS, data.first, data.last).run():
        data.days_paid[row["employee"]] = int(row["paid"] or 0)
    for start in range(0, len(time_rate), CHUNK):
        rows = await AttendanceDay.select(
            AttendanceDay.id, AttendanceDay.employee, AttendanceDay.work_date, AttendanceDay.overtime_minutes,
            AttendanceDay.overtime_kind).where(
            AttendanceDay.employee.is_in(time_rate[start:start + CHUNK]) & (AttendanceDay.work_date >= data.first) &
            (AttendanceDay.work_date <= data.last) & (AttendanceDay.overtime_minutes > 0)).run()
        for row in rows:
            if row["overtime_kind"]:
                data.overtime.setdefault(row["employee"], []).append(rules.OvertimeWork(
                    f"day:{row['id']}:{row['work_date']}", piece.TimeSegment(row["overtime_kind"]),
                    row["overtime_minutes"]))


def employed_all_month(worker: Worker, first: date, last: date) -> bool:
    return (worker.hire_date is None or worker.hire_date <= first) and (worker.last_day is None or
                                                                         worker.last_day >= last)


async def load_month(first: date, last: date) -> MonthData:
    workers = await _workers(first, last)
    settings = {row["employee"]: row for row in await PaySetting.select().run()}
    percent = await plant_number(DEFECT_PERCENT_KEY, 0)
    policy = piece.DefectPolicy("deduct_rate_percent", min(percent, 100)) if percent else piece.DefectPolicy()
    data = MonthData(first, last, workers, settings, await confirmed_counts(first, last),
                     {str(key): value for key, value in (await rate_histories()).items()}, await grade_histories(),
                     await plant_number(MINIMUM_WAGE_KEY, DEFAULT_MINIMUM_WAGE_FEN), policy)
    time_rate = [w.id for w in workers if settings.get(w.id, {}).get("scheme") == "time"]
    await _attendance(data, time_rate)
    return data


def pay_inputs(worker: Worker, data: MonthData) -> rules.PayInputs:
    """One worker's PayInputs: time-rate base and overtime, or piece counts (whose overtime is in segments).

    Days paid pro-rate the month (÷ 21.75, at most a full month): for someone employed only part of
    it, and for a piece worker's minimum-wage floor, which is for a full month worked (RULES.md, "Pay").
    """
    setting = data.settings.get(worker.id) or {"scheme": "piece", "monthly_base_fen": 0, "probation_monthly_fen": None}
    time_rate = setting["scheme"] == "time"
    paid_days = Fraction(data.days_paid.get(worker.id, 0))
    if employed_all_month(worker, data.first, data.last) and (time_rate or worker.id not in data.days_paid):
        paid_days = None  # a full month; a piece worker who does not clock in gets the whole floor
    probation = setting["probation_monthly_fen"] if time_rate and worker.status == "probation" else None
    return rules.PayInputs(
        minimum_wage_fen=data.minimum_wage_fen, monthly_base_fen=setting["monthly_base_fen"] if time_rate else 0,
        probation_monthly_fen=probation, paid_days=paid_days, counts=tuple(data.counts.get(worker.id, ())),
        rates=data.rates, grade_history=data.grades.get(worker.skill_grade, ()), defect_policy=data.defect_policy,
        overtime=tuple(data.overtime.get(worker.id, ())) if time_rate else (),
        damage_claims=data.damage.get(worker.id, ()))


def is_paid_here(worker: Worker, data: MonthData) -> bool:
    """Someone this payroll pays: a pay setting, or confirmed counts this month."""
    return worker.id in data.settings or bool(data.counts.get(worker.id))
