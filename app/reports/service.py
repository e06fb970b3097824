"""HR's dashboard: reads people, exits, attendance and training, applies app.reports.rules.

Each report is a chart, the table it is drawn from, and the same table as an Excel sheet.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from piccolo.query.functions.aggregate import Min

from app.attendance.days import queries as day_queries
from app.attendance.tables import AttendanceDay
from app.db.values import date_value
from app.i18n import N_, gettext
from app.people.tables import Employee, Separation
from app.reports import rules, svg
from app.reports.output import output_per_head_report, trained_output_report
from app.reports.recruiting import recruiting_reports
from app.reports.report import Report
from app.spreadsheets import xlsx_bytes
from app.training import coverage

REPORT_KEYS = (
    "headcount",
    "turnover",
    "retention",
    "onboarding",
    "attendance",
    "overtime",
    "training",
    "output",
    "trained_output",
)
REASON_LABELS = {
    "resignation": N_("Resignation"),
    "dismissal": N_("Dismissal"),
    "contract_end": N_("Contract end"),
    "retirement": N_("Retirement"),
    "other": N_("Other"),
}


async def tenures() -> list[rules.Tenure]:
    """Everyone ever hired, with the reason of the exit that set their last day."""
    reasons = {
        row["employee"]: row["reason"]
        for row in await Separation.select(Separation.employee, Separation.reason)
        .where(Separation.status != "withdrawn")
        .run()
    }
    people = await Employee.select(
        Employee.id, Employee.hire_date, Employee.last_day, Employee.department.name.as_alias("department")
    ).run()
    return [
        rules.Tenure(row["hire_date"], row["last_day"], row["department"] or "", reasons.get(row["id"], ""))
        for row in people
    ]


def _departments(people: list[rules.Tenure]) -> list[str]:
    return sorted({tenure.department for tenure in people if tenure.department})


def headcount_report(people: list[rules.Tenure], today: date) -> Report:
    rows = [
        [name, rules.headcount_on([t for t in people if t.department == name], today)] for name in _departments(people)
    ]
    rows = [row for row in rows if row[1]]
    rows.append([gettext("Whole plant"), rules.headcount_on(people, today)])
    return Report(
        "headcount",
        N_("Headcount by department"),
        [N_("Department"), N_("Headcount")],
        rows,
        svg.bar_chart([(row[0], row[1]) for row in rows], gettext("Headcount by department")),
    )


def turnover_report(people: list[rules.Tenure], today: date, months: int = 6) -> Report:
    rows, plant = [], []
    for year, month in rules.recent_months(today, months):
        label = f"{year}-{month:02d}"
        whole = rules.monthly_turnover(people, year, month)
        plant.append((label, whole.rate))
        for department in ["", *_departments(people)]:
            result = whole if not department else rules.monthly_turnover(people, year, month, department)
            if department and not (result.start or result.end or result.leavers):
                continue
            reasons = ", ".join(
                f"{gettext(REASON_LABELS.get(reason, reason))} {count}"
                for reason, count in sorted(result.by_reason.items())
            )
            rows.append(
                [
                    label,
                    department or gettext("Whole plant"),
                    result.start,
                    result.end,
                    result.leavers,
                    "" if result.rate is None else result.rate,
                    reasons,
                ]
            )
    this_month = plant[-1][0]
    by_department = [(row[1], row[5] if row[5] != "" else None) for row in rows if row[0] == this_month]
    charts = svg.line_chart(plant, gettext("Monthly turnover rate"), "%") + svg.bar_chart(
        by_department, gettext("Turnover rate by department, %(month)s", month=this_month), "%"
    )
    return Report(
        "turnover",
        N_("Monthly turnover rate"),
        [
            N_("Month"),
            N_("Department"),
            N_("Headcount at start"),
            N_("Headcount at end"),
            N_("Leavers"),
            N_("Turnover rate (percent)"),
            N_("Reasons"),
        ],
        rows,
        charts,
        note=N_("Turnover rate = leavers in the month / average headcount, (start + end) / 2."),
    )


def retention_report(people: list[rules.Tenure], today: date, months: int = 12) -> Report:
    rows, points = [], []
    for year, month in rules.recent_months(today, months):
        first, last = rules.month_bounds(year, month)
        cohort = [t for t in people if t.hire_date and first <= t.hire_date <= last]
        result = rules.retention(cohort, today)
        label = f"{year}-{month:02d}"
        points.append((label, result.rate))
        rows.append([label, len(cohort), result.eligible, result.retained, "" if result.rate is None else result.rate])
    return Report(
        "retention",
        N_("90-day retention of new hires"),
        [
            N_("Hired in"),
            N_("Hires"),
            N_("90 days elapsed"),
            N_("Still employed after 90 days"),
            N_("Retention (percent)"),
        ],
        rows,
        svg.line_chart(points, gettext("90-day retention of new hires"), "%"),
        note=N_("Retention = hires still employed 90 days after hire / hires whose 90 days have elapsed."),
    )


async def onboarding_report(people_since: date) -> Report:
    firsts = {
        row["employee"]: row["first"]
        for row in await AttendanceDay.select(AttendanceDay.employee, Min(AttendanceDay.work_date, alias="first"))
        .where(AttendanceDay.first_in.is_not_null())
        .group_by(AttendanceDay.employee)
        .run()
    }
    hires = (
        await Employee.select(
            Employee.id,
            Employee.employee_code,
            Employee.name,
            Employee.hire_date,
            Employee.department.name.as_alias("department"),
        )
        .where(Employee.hire_date >= people_since)
        .order_by(Employee.hire_date, ascending=False)
        .run()
    )
    rows, days = [], []
    for row in hires:
        first = date_value(firsts.get(row["id"]))
        waited = rules.days_to_onboard(row["hire_date"], first)
        if waited is not None:
            days.append(waited)
        rows.append(
            [
                row["employee_code"],
                row["name"],
                row["department"] or "",
                row["hire_date"],
                first or "",
                "" if waited is None else waited,
            ]
        )
    middle = rules.median(days)
    chart = svg.bar_chart(
        [(gettext("Median days"), middle), (gettext("Longest"), max(days) if days else None)],
        gettext("Time to onboard"),
    )
    return Report(
        "onboarding",
        N_("Time to onboard"),
        [
            N_("Employee code"),
            N_("Name"),
            N_("Department"),
            N_("Hire date"),
            N_("First attended day"),
            N_("Days to onboard"),
        ],
        rows,
        chart,
        note=N_("Days from the hire date to the first attendance day with a punch, for hires of the last 6 months."),
    )


async def attendance_report(first: date, last: date) -> Report:
    days = (
        await AttendanceDay.select(AttendanceDay.status, AttendanceDay.employee.department.name.as_alias("department"))
        .where((AttendanceDay.work_date >= first) & (AttendanceDay.work_date <= last))
        .run()
    )
    by_department: dict[str, list[str]] = {}
    for row in days:
        by_department.setdefault(row["department"] or "", []).append(row["status"])
    rows = []
    for department in sorted(by_department):
        attended, scheduled, rate = rules.attendance_rate(by_department[department])
        rows.append([department, attended, scheduled, "" if rate is None else rate])
    attended, scheduled, rate = rules.attendance_rate(row["status"] for row in days)
    rows.append([gettext("Whole plant"), attended, scheduled, "" if rate is None else rate])
    return Report(
        "attendance",
        N_("Attendance rate this month"),
        [N_("Department"), N_("Days attended"), N_("Scheduled days"), N_("Attendance rate (percent)")],
        rows,
        svg.bar_chart(
            [(row[0], row[3] if row[3] != "" else None) for row in rows], gettext("Attendance rate this month"), "%"
        ),
        note=N_("Attended days (present, late, early leave, missing a punch) / scheduled working days."),
    )


async def overtime_report(first: date, last: date) -> Report:
    people = await day_queries.monthly_overtime(first, last)
    rows = [
        [
            row.employee_code,
            row.name,
            row.department_name,
            round(row.total_minutes / 60, 1),
            gettext("Over 36 hours") if rules.over_overtime_limit(row.total_minutes) else "",
        ]
        for row in people
    ]
    flagged = {index for index, row in enumerate(people) if rules.over_overtime_limit(row.total_minutes)}
    return Report(
        "overtime",
        N_("Overtime hours this month"),
        [N_("Employee code"), N_("Name"), N_("Department"), N_("Overtime hours"), N_("Limit")],
        rows,
        svg.bar_chart(
            [(f"{row[1]} {row[0]}", row[3]) for row in rows[:30]], gettext("Overtime hours this month"), "h", limit=36
        ),
        note=N_("The law allows at most 36 hours of overtime a month; people over it are flagged."),
        flagged=flagged,
    )


async def training_report() -> Report:
    totals: dict[str, list[int]] = {}
    for row in await coverage.coverage():
        total = totals.setdefault(row.department, [0, 0])
        total[0] += row.trained
        total[1] += row.headcount
    rows = [
        [department, trained, needed, round(trained * 100 / needed, 1) if needed else ""]
        for department, (trained, needed) in sorted(totals.items())
    ]
    return Report(
        "training",
        N_("Training coverage"),
        [N_("Department"), N_("Trained (person-courses)"), N_("Required (person-courses)"), N_("Coverage (percent)")],
        rows,
        svg.bar_chart([(row[0], row[3] if row[3] != "" else None) for row in rows], gettext("Training coverage"), "%")
        if rows
        else None,
        note=N_("No data until training is in use.")
        if not rows
        else N_("Practical sign-offs passed / people each course is for (general courses: every department)."),
    )


async def dashboard(today: date, zone: ZoneInfo) -> list[Report]:
    people = await tenures()
    first, last = rules.month_bounds(today.year, today.month)
    return [
        headcount_report(people, today),
        turnover_report(people, today),
        retention_report(people, today),
        await onboarding_report(today - timedelta(days=183)),
        await attendance_report(first, today),
        await overtime_report(first, last),
        await training_report(),
        await output_per_head_report(first, last),
        await trained_output_report(first, last),
        *await recruiting_reports(zone),
    ]


def workbook(report: Report) -> bytes:
    return xlsx_bytes(report.key, [gettext(header) for header in report.headers], report.rows)
