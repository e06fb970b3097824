"""Output reports from piecework: pieces per head by department, and per hour of trained v. untrained workers."""

from __future__ import annotations

from datetime import date, datetime

from app.attendance.tables import AttendanceDay
from app.i18n import N_, gettext
from app.people.tables import Employee
from app.piecework.tables import Operation, PieceConfirmation
from app.reports import rules, svg
from app.reports.report import Report
from app.training.tables import PracticalSignoff


async def _counted(first: date, last: date) -> list[dict]:
    """Counted decisions of the month (first decision per report, not rejections), good = quantity - defects."""
    return (
        await PieceConfirmation.select(
            PieceConfirmation.employee,
            PieceConfirmation.operation,
            PieceConfirmation.work_date,
            PieceConfirmation.quantity,
            PieceConfirmation.defects,
        )
        .where(
            (PieceConfirmation.counts == True)
            & (PieceConfirmation.action != "reject")  # noqa: E712
            & (PieceConfirmation.work_date >= first)
            & (PieceConfirmation.work_date <= last)
        )
        .run()
    )


async def output_per_head_report(first: date, last: date):
    rows = await _counted(first, last)
    departments = {
        row["id"]: row["department"] or ""
        for row in await Employee.select(Employee.id, Employee.department.name.as_alias("department"))
        .where(Employee.id.is_in(list({row["employee"] for row in rows}) or [0]))
        .run()
    }
    by_department: dict[str, dict[int, int]] = {}
    for row in rows:
        people = by_department.setdefault(departments.get(row["employee"], ""), {})
        people[row["employee"]] = people.get(row["employee"], 0) + row["quantity"] - row["defects"]
    table = [[department, *rules.output_per_head(people)] for department, people in sorted(by_department.items())]
    plant = {employee: good for people in by_department.values() for employee, good in people.items()}
    if plant:
        table.append([gettext("Whole plant"), *rules.output_per_head(plant)])
    return Report(
        "output",
        N_("Output per head this month"),
        [N_("Department"), N_("People with counted pieces"), N_("Good pieces"), N_("Pieces per head")],
        table,
        svg.bar_chart([(row[0], row[3]) for row in table], gettext("Output per head this month")) if table else None,
        note=N_("Good pieces confirmed by supervisors (defects taken off) / people who had pieces counted.")
        if table
        else N_("No data until piece counts are confirmed."),
    )


async def trained_output_report(first: date, last: date):
    taught = {
        row["id"]: (row["name"], row["course"])
        for row in await Operation.select(Operation.id, Operation.name, Operation.course)
        .where(Operation.course.is_not_null())
        .run()
    }
    counted = [row for row in await _counted(first, last) if row["operation"] in taught]
    people = list({row["employee"] for row in counted}) or [0]
    minutes = {
        (row["employee"], row["work_date"]): row["worked_minutes"]
        for row in await AttendanceDay.select(
            AttendanceDay.employee, AttendanceDay.work_date, AttendanceDay.worked_minutes
        )
        .where(
            AttendanceDay.employee.is_in(people)
            & (AttendanceDay.work_date >= first)
            & (AttendanceDay.work_date <= last)
        )
        .run()
    }
    signed: dict[tuple[int, int], datetime] = {}
    for row in (
        await PracticalSignoff.select(PracticalSignoff.employee, PracticalSignoff.course, PracticalSignoff.signed_at)
        .where(PracticalSignoff.employee.is_in(people) & (PracticalSignoff.passed == True))
        .run()
    ):  # noqa: E712
        key = (row["employee"], row["course"])
        signed[key] = min(signed.get(key, row["signed_at"]), row["signed_at"])
    grouped: dict[tuple[int, int, date], int] = {}
    for row in counted:
        key = (row["employee"], row["operation"], row["work_date"])
        grouped[key] = grouped.get(key, 0) + row["quantity"] - row["defects"]
    days = [
        rules.PieceDay(
            employee,
            taught[operation][0],
            work_date,
            good,
            minutes.get((employee, work_date), 0),
            (employee, taught[operation][1]) in signed and signed[(employee, taught[operation][1])].date() <= work_date,
        )
        for (employee, operation, work_date), good in grouped.items()
    ]
    result = rules.output_per_hour(days)
    table = [
        [operation, gettext("Trained") if trained else gettext("Not trained"), *figures]
        for (operation, trained), figures in sorted(result.items(), key=lambda item: (item[0][0], not item[0][1]))
    ]
    return Report(
        "trained_output",
        N_("Output per hour: trained v. untrained"),
        [N_("Operation"), N_("Practical sign-off"), N_("People"), N_("Good pieces"), N_("Pieces an hour")],
        table,
        svg.bar_chart(
            [(f"{row[0]} · {row[1]}", row[4]) for row in table], gettext("Output per hour: trained v. untrained")
        )
        if table
        else None,
        note=N_(
            "Operations taught by a course; trained = passed that course's practical sign-off by the "
            "day of the work. Pieces an hour = good pieces / hours worked those days."
        )
        if table
        else N_("No data until operations name the course that teaches them and counts are confirmed."),
    )
