"""Rows for appraisal tests: a scheme for line A, attendance days, confirmed pieces."""

from __future__ import annotations

from datetime import date, timedelta

from app.appraisal import schemes
from app.attendance.tables import AttendanceDay
from app.audit.service import SYSTEM
from app.timeutil import utcnow
from tests.conftest import TEST_NOW
from tests.piecework.factories import confirm, make_operation, make_report, make_work_order

TODAY = TEST_NOW.date()
OCTOBER = (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)  # the month before the tests' clock


def scheme_form(department: int, **more) -> dict[str, str]:
    """50 output (target 100%), 20 quality (98%), 10 lateness (1 day, 25 points a day over), 20 supervisor."""
    return {
        "name": "装配月度考核",
        "department": str(department),
        "period_kind": "month",
        "missing": "reweight",
        "weight_output": "50",
        "target_output": "100",
        "weight_quality": "20",
        "target_quality": "98",
        "weight_lateness": "10",
        "target_lateness": "1",
        "penalty_lateness": "25",
        "weight_supervisor": "20",
        "min_A": "90",
        "coefficient_A": "150",
        "min_B": "75",
        "coefficient_B": "100",
        "min_C": "60",
        "coefficient_C": "60",
        "min_D": "0",
        "coefficient_D": "0",
        "bonus_base": "500",
        **more,
    }


async def line_a_scheme(cast, **more) -> int:
    form = scheme_form(cast.line_a, **more)
    return await schemes.save_scheme(schemes.parse_scheme(form), None, TODAY, SYSTEM)


async def worked_days(employee: int, first: date, days: int, late: int = 0, scheduled: int | None = None) -> None:
    """`days` worked days of 8 hours from first (the first `late` of them late), then absent up to `scheduled`."""
    for n in range(scheduled or days):
        worked = n < days
        await AttendanceDay.insert(
            AttendanceDay(
                employee=employee,
                work_date=first + timedelta(days=n),
                worked_minutes=480 if worked else 0,
                late_minutes=5 if n < late else 0,
                status=("late" if n < late else "present") if worked else "absent",
                computed_at=utcnow(),
            )
        ).run()


async def made_pieces(cast, employee: int, day: date, quantity: int, defects: int = 0, standard: int = 10) -> None:
    order = await make_work_order(f"WO-{employee}-{day:%m%d}", department_id=cast.line_a)
    operation = await make_operation(order, "OP10", "折弯", 25, standard_per_hour=standard)
    await confirm(await make_report(employee, operation, day, quantity, defects))
