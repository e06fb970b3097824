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

from app.appraisal import results as appraisal
from app.attendance.days.queries import overtime_by_kind
from app.attendance.tables import AttendanceDay
from app.contributions import rules as contribution_rules
from app.contributions.service import month_contributions
from app.db.values import date_value, json_value
from app.forms import Month
from app.leave import balances as leave_balances
from app.leave import pay as leave_pay
from app.leave import rules as leave_rules
from app.leave import types as leave_types
from app.leave.service import banked_minutes
from app.payroll import rules
from app.payroll.tables import PayLine, PayPeriod, PaySetting
from app.people import plant_settings
from app.people.tables import Employee
from app.piecework import rules as piece
from app.piecework.catalogue import grade_histories, rate_histories
from app.piecework.tables import GradeFactor, PieceRate
from app.tax.service import bonuses_in

MINIMUM_WAGE_KEY = "minimum_wage_fen"
DEFAULT_MINIMUM_WAGE_FEN = 2_490_00  # ¥2,490 a month until HR sets the local figure (PlantSetting minimum_wage_fen)
DEFECT_PERCENT_KEY = "defect_deduct_percent"  # 0 (default): defective pieces are just not paid
# True where the province says pay after the worker's social insurance and fund must still reach the
# minimum wage (Beijing, Shanghai); False (default): they count toward it (RULES.md).
MINIMUM_AFTER_CONTRIBUTIONS_KEY = "minimum_wage_after_contributions"
CHUNK = 5000  # ids per IN (...): asyncpg takes at most 32,767 parameters
LEAVE_LABELS = {**{info.code: info.label for info in leave_types.NATIONAL}, "sick": rules.N_("Sick pay")}

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
    rates = (
        await PieceRate.select(PieceRate.effective_from)
        .where((PieceRate.effective_from > first) & (PieceRate.effective_from <= last))
        .run()
    )
    grades = (
        await GradeFactor.select(GradeFactor.effective_from)
        .where((GradeFactor.effective_from > first) & (GradeFactor.effective_from <= last))
        .run()
    )
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
    days_paid: dict[int, int] = field(default_factory=dict)  # scheduled days worked or paid (holidays)
    days_scheduled: dict[int, int] = field(default_factory=dict)  # working days and holidays
    damage: dict[int, tuple[rules.DamageClaim, ...]] = field(default_factory=dict)  # app/payroll/damage.py
    leave: dict[int, dict[str, int]] = field(default_factory=dict)  # half days by leave type (app.leave.pay)
    leave_percents: dict[str, int] = field(default_factory=dict)
    average_monthly: dict[int, int] = field(default_factory=dict)  # on leave or leaving: 12 months, no overtime
    owed_at_exit: dict[int, Fraction] = field(default_factory=dict)  # annual leave days owed to leavers
    contributions: dict[int, contribution_rules.Contributions] = field(default_factory=dict)
    minimum_after_contributions: bool = False
    bonuses: dict[int, tuple[int, str]] = field(default_factory=dict)  # year-end bonus fen, how it is taxed
    appraisal: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # performance bonuses (fen, ref)


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
        counts[row["employee"]].append(
            piece.ConfirmedCount(
                group_ref(start, end, row["reports"], operation),
                start,
                operation,
                int(row["quantity"]),
                int(row["defects"]),
                piece.TimeSegment(row["segment"]),
            )
        )
    return counts


async def _workers(first: date, last: date) -> list[Worker]:
    rows = (
        await Employee.select(
            Employee.id,
            Employee.employee_code,
            Employee.name,
            Employee.department.name,
            Employee.status,
            Employee.hire_date,
            Employee.last_day,
            Employee.skill_grade,
        )
        .where(
            (Employee.status != "onboarding")
            & ((Employee.hire_date.is_null()) | (Employee.hire_date <= last))
            & ((Employee.last_day.is_null()) | (Employee.last_day >= first))
        )
        .order_by(Employee.employee_code)
        .run()
    )
    return [
        Worker(
            r["id"],
            r["employee_code"],
            r["name"],
            r["department.name"] or "",
            r["status"],
            r["hire_date"],
            r["last_day"],
            r["skill_grade"],
        )
        for r in rows
    ]


# Scheduled days are every day but rest days (working days, holidays); paid ones were worked or a holiday.
# Rest-day work is overtime, paid on its own line, so it is neither.
_DAYS = """
SELECT employee, COUNT(*) AS days,
  SUM(CASE WHEN status <> 'rest_day' AND (worked_minutes > 0 OR status = 'holiday') THEN 1 ELSE 0 END) AS paid,
  SUM(CASE WHEN status <> 'rest_day' THEN 1 ELSE 0 END) AS scheduled
FROM attendance_day WHERE work_date >= {} AND work_date <= {} GROUP BY employee
"""


async def _attendance(data: MonthData, time_rate: list[int]) -> None:
    """Days paid (worked, or a statutory holiday) of everyone who has attendance days this month, and the
    overtime minutes of time-rate workers."""
    for row in await AttendanceDay.raw(_DAYS, data.first, data.last).run():
        data.days_paid[row["employee"]] = int(row["paid"] or 0)
        data.days_scheduled[row["employee"]] = int(row["scheduled"] or 0)
    for start in range(0, len(time_rate), CHUNK):
        rows = (
            await AttendanceDay.select(
                AttendanceDay.id,
                AttendanceDay.employee,
                AttendanceDay.work_date,
                AttendanceDay.overtime_minutes,
                AttendanceDay.overtime_kind,
                AttendanceDay.overtime_parts,
            )
            .where(
                AttendanceDay.employee.is_in(time_rate[start : start + CHUNK])
                & (AttendanceDay.work_date >= data.first)
                & (AttendanceDay.work_date <= data.last)
                & (AttendanceDay.overtime_minutes > 0)
            )
            .run()
        )
        banked = await banked_minutes(time_rate[start : start + CHUNK], data.first, data.last)
        for row in rows:
            for kind, minutes in overtime_by_kind(row).items():  # a night shift into a holiday has two kinds
                if kind == "rest_day":  # given back as time off in lieu: not paid at 200% too
                    minutes = leave_rules.paid_rest_day_minutes(
                        minutes, banked.get((row["employee"], row["work_date"]), 0)
                    )
                if minutes:
                    data.overtime.setdefault(row["employee"], []).append(
                        rules.OvertimeWork(f"day:{row['id']}:{row['work_date']}", piece.TimeSegment(kind), minutes)
                    )


def employed_all_month(worker: Worker, first: date, last: date) -> bool:
    return (worker.hire_date is None or worker.hire_date <= first) and (
        worker.last_day is None or worker.last_day >= last
    )


async def load_month(first: date, last: date, with_contributions: bool = True) -> MonthData:
    workers = await _workers(first, last)
    settings = {row["employee"]: row for row in await PaySetting.select().run()}
    percent = await plant_number(DEFECT_PERCENT_KEY, 0)
    policy = piece.DefectPolicy("deduct_rate_percent", min(percent, 100)) if percent else piece.DefectPolicy()
    data = MonthData(
        first,
        last,
        workers,
        settings,
        await confirmed_counts(first, last),
        {str(key): value for key, value in (await rate_histories()).items()},
        await grade_histories(),
        await plant_number(MINIMUM_WAGE_KEY, DEFAULT_MINIMUM_WAGE_FEN),
        policy,
    )
    time_rate = [w.id for w in workers if settings.get(w.id, {}).get("scheme") == "time"]
    await _attendance(data, time_rate)
    data.leave, data.leave_percents = await leave_pay.month_leave(first, last), await leave_pay.paid_percents()
    leavers = [w.id for w in workers if w.last_day is not None and first <= w.last_day <= last]
    data.owed_at_exit = await leave_balances.owed_at_exit(leavers, first.year)
    data.average_monthly = await average_monthly(
        sorted((set(data.leave) - set(time_rate)) | set(data.owed_at_exit)), first
    )
    data.contributions = await month_contributions(Month.of(first)) if with_contributions else {}
    data.minimum_after_contributions = await plant_settings.read(MINIMUM_AFTER_CONTRIBUTIONS_KEY) is True
    data.bonuses = await bonuses_in(Month.of(first))
    data.appraisal = await appraisal.bonuses_in(Month.of(first))
    return data


async def average_monthly(employee_ids: list[int], first: date) -> dict[int, int]:
    """For piece-rate workers' leave pay: the average monthly pay of the previous 12 computed months without
    overtime (the lines that count toward the minimum wage: no overtime, no excluded allowances)."""
    if not employee_ids:
        return {}
    periods = (
        await PayPeriod.select(PayPeriod.id)
        .where((PayPeriod.first_day < first) & (PayPeriod.first_day >= date(first.year - 1, first.month, 1)))
        .run()
    )
    months: dict[int, list[int]] = defaultdict(list)
    for row in (
        await PayLine.select(PayLine.employee, PayLine.lines)
        .where(PayLine.period.is_in([p["id"] for p in periods] or [0]) & PayLine.employee.is_in(employee_ids))
        .run()
    ):
        lines = json_value(row["lines"], [])
        months[row["employee"]].append(
            sum(
                line["amount_fen"]
                for line in lines
                if line["kind"] == "earning"
                and line["counts_for_minimum_wage"]
                and not line["code"].startswith("earning.leave.")
            )
        )
    return {employee: leave_rules.average_monthly_fen(amounts) for employee, amounts in months.items()}


def pay_inputs(worker: Worker, data: MonthData) -> rules.PayInputs:
    """One worker's PayInputs: time-rate base and overtime, or piece counts (whose overtime is in segments).

    Days paid pro-rate the month (÷ 21.75, at most a full month): for someone employed only part of
    it, and for a piece worker's minimum-wage floor when some scheduled day was not worked; one who
    worked every scheduled day is owed the whole floor (rules.full_month_worked, RULES.md "Pay").
    """
    setting = data.settings.get(worker.id) or {"scheme": "piece", "monthly_base_fen": 0, "probation_monthly_fen": None}
    time_rate = setting["scheme"] == "time"
    month = _leave_month(worker, data, time_rate, setting["monthly_base_fen"])
    paid_days = Fraction(data.days_paid.get(worker.id, 0))
    paid_leave = leave_rules.as_days(month.paid_halves) if month else 0  # paid leave counts as days worked
    worked_all = rules.full_month_worked(data.days_scheduled.get(worker.id, 0), paid_days + paid_leave)
    if employed_all_month(worker, data.first, data.last) and (
        time_rate or worker.id not in data.days_paid or worked_all
    ):
        paid_days = None  # a full month; a piece worker who does not clock in gets the whole floor
    probation = setting["probation_monthly_fen"] if time_rate and worker.status == "probation" else None
    paid_days, earnings = _leave(worker, data, month, setting["monthly_base_fen"] if time_rate else 0, paid_days)
    return rules.PayInputs(
        minimum_wage_fen=data.minimum_wage_fen,
        monthly_base_fen=setting["monthly_base_fen"] if time_rate else 0,
        probation_monthly_fen=probation,
        paid_days=paid_days,
        counts=tuple(data.counts.get(worker.id, ())),
        rates=data.rates,
        grade_history=data.grades.get(worker.skill_grade, ()),
        defect_policy=data.defect_policy,
        overtime=tuple(data.overtime.get(worker.id, ())) if time_rate else (),
        damage_claims=data.damage.get(worker.id, ()),
        minimum_after_fen=_minimum_after(worker, data),
        earnings=earnings + _bonus(worker, data) + _performance(worker, data),
    )


def _leave_month(
    worker: Worker, data: MonthData, time_rate: bool, monthly_fen: int
) -> leave_rules.MonthLeavePay | None:
    """The month's leave (app.leave.rules.month_leave_pay), or None without leave."""
    halves = data.leave.get(worker.id)
    if not halves:
        return None
    monthly = monthly_fen if time_rate else data.average_monthly.get(worker.id, 0)
    return leave_rules.month_leave_pay(halves, data.leave_percents, time_rate, monthly, data.minimum_wage_fen)


def _leave(
    worker: Worker,
    data: MonthData,
    month: leave_rules.MonthLeavePay | None,
    monthly_fen: int,
    paid_days: Fraction | None,
) -> tuple[Fraction | None, tuple[rules.Earning, ...]]:
    """Days off the paid days, days that count as paid, and the leave pay lines (with a leaver's untaken leave)."""
    exit_line = _untaken_at_exit(worker, data, monthly_fen)
    if month is None:
        return paid_days, exit_line
    if paid_days is None:
        paid_days = (
            rules.PAID_DAYS_PER_MONTH - leave_rules.as_days(month.unpaid_halves) if month.unpaid_halves else None
        )
    else:
        paid_days += leave_rules.as_days(month.paid_halves)
    paid_days = None if paid_days is None else max(Fraction(0), paid_days)
    return paid_days, tuple(
        rules.Earning(
            line.code,
            LEAVE_LABELS.get(line.type_code, line.type_code),
            line.amount_fen,
            line.counts_for_minimum_wage,
            f"leave:{line.type_code}:{float(leave_rules.as_days(line.halves)):g}",
        )
        for line in month.lines
    ) + exit_line


UNTAKEN_LABEL = rules.N_("Untaken annual leave at exit (200% on top of the 100% in the month's pay)")


def _untaken_at_exit(worker: Worker, data: MonthData, monthly_fen: int) -> tuple[rules.Earning, ...]:
    """The leaver's untaken annual leave: days owed × daily wage × 200% (app.leave.rules.untaken_annual_pay), the
    daily wage from the average of the last 12 months without overtime (the monthly base before any month)."""
    days = data.owed_at_exit.get(worker.id)
    if not days:
        return ()
    pay = leave_rules.untaken_annual_pay(days, data.average_monthly.get(worker.id) or monthly_fen)
    return (rules.Earning("leave.untaken_annual", UNTAKEN_LABEL, pay.due_fen, False, f"leave:owed:{days}"),)


BONUS_LABEL = rules.N_("Year-end one-time bonus")


def _bonus(worker: Worker, data: MonthData) -> tuple[rules.Earning, ...]:
    """The year-end bonus paid with this month's wages; not toward the minimum wage."""
    bonus = data.bonuses.get(worker.id)
    return (rules.Earning("year_end_bonus", BONUS_LABEL, bonus[0], False, f"bonus:{data.first:%Y}"),) if bonus else ()


def _performance(worker: Worker, data: MonthData) -> tuple[rules.Earning, ...]:
    """Performance bonuses of appraisal periods closed (or contests decided) this month (app.appraisal.results):
    part of the month's wage, so they count toward the minimum wage."""
    return tuple(
        rules.Earning(f"appraisal.{n}", appraisal.BONUS_LABEL, fen, True, ref)
        for n, (fen, ref) in enumerate(data.appraisal.get(worker.id, ()))
    )


def _minimum_after(worker: Worker, data: MonthData) -> int:
    contributions = data.contributions.get(worker.id)
    return contributions.worker_fen if contributions and data.minimum_after_contributions else 0


def is_paid_here(worker: Worker, data: MonthData) -> bool:
    """Someone this payroll pays: a pay setting, or confirmed counts this month."""
    return worker.id in data.settings or bool(data.counts.get(worker.id))
