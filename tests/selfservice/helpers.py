"""A worker ready for My page: a badge, a PIN, a kiosk browser, a month of punches, pieces and a payslip."""

from __future__ import annotations

from datetime import date

from app.audit.service import SYSTEM
from app.badges import service as badges
from app.payroll.tables import PayLine, PayPeriod
from app.selfservice.sessions import COOKIE
from app.timeutil import utcnow
from tests.attendance.factories import make_pattern, make_scan, make_shift, weekdays
from tests.cast import post_form, sign_in
from tests.piecework.factories import confirm, make_operation, make_report, make_work_order

PIN = "2580"


async def activate_kiosk(client, name: str = "一号门") -> None:
    await sign_in(client, "hr")
    await client.get("/kiosks")
    await post_form(client, "/kiosks", {"name": name})


async def ready_worker(employee_id: int, settings) -> str:
    """The worker's PIN set; returns their badge's payload."""
    await badges.set_pin(employee_id, PIN, SYSTEM)
    return (await badges.issue_badge(employee_id, settings.secret_key, SYSTEM)).payload


async def locked_payslip(employee_id: int, month: str = "2026-10", net_fen: int = 456_789) -> None:
    period = PayPeriod(
        month=month,
        first_day=date.fromisoformat(month + "-01"),
        last_day=date(2026, 10, 31),
        status="locked",
        locked_at=utcnow(),
        locked_by="hr",
    )
    await period.save().run()
    lines = [
        {
            "code": "piece.normal",
            "label": "Piece pay (normal hours)",
            "amount_fen": net_fen + 10_000,
            "kind": "earning",
        },
        {"code": "deduction.damage", "label": "Damage", "amount_fen": 10_000, "kind": "deduction"},
    ]
    await PayLine.insert(
        PayLine(
            period=period.id,
            employee=employee_id,
            gross_fen=net_fen + 10_000,
            deductions_fen=10_000,
            net_fen=net_fen,
            lines=lines,
            computed_at=utcnow(),
        )
    ).run()


async def a_month_of_work(cast) -> None:
    """Day shift 08:00-17:00 on line A; Monday 23 Nov on time, Tuesday 24 late; 120 bends confirmed at 25 fen."""
    shift = await make_shift("DAY", "白班", "08:00", "17:00", [["12:00", "13:00"]])
    await make_pattern(weekdays(shift), department_id=cast.line_a)
    for at in ("2026-11-23 07:55", "2026-11-23 17:02", "2026-11-24 08:20", "2026-11-24 17:01", "2026-11-25 07:58"):
        await make_scan(cast.worker, at)
    operation = await make_operation(await make_work_order(department_id=cast.line_a), "OP10", "折弯", 25)
    await confirm(await make_report(cast.worker, operation, date(2026, 11, 24), 120))
    await make_report(cast.worker, operation, date(2026, 11, 25), 40)  # not decided yet


async def open_my_page(client, payload: str, pin: str = PIN):
    return await post_form(client, "/me/start", {"text": payload, "pin": pin})


def has_session(client) -> bool:
    return bool(client.cookies.get(COOKIE))
