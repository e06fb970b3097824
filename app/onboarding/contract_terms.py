"""Fixed-term labour contracts signed in floorhr that end soon: HR must decide to renew or not before the end
(after two fixed terms in a row the worker may ask for an open-ended one, Labour Contract Law art. 14). The term
is the invite's; people hired before floorhr have no term on record and are not listed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.onboarding.tables import SignedContract
from app.people.rules import contract_end

NOTICE_DAYS = 30


@dataclass(frozen=True)
class Ending:
    employee_id: int
    employee_code: str
    name: str
    department: str
    ends_on: date


async def ending(today: date, within_days: int = NOTICE_DAYS) -> list[Ending]:
    """Active people whose latest signed fixed-term contract ends from today to within_days ahead (or has
    already ended while they still work: overdue for a decision)."""
    rows = (
        await SignedContract.select(
            SignedContract.employee,
            SignedContract.employee.employee_code.as_alias("code"),
            SignedContract.employee.name.as_alias("name"),
            SignedContract.employee.department.name.as_alias("department"),
            SignedContract.flow.invite.start_date.as_alias("start"),
            SignedContract.flow.invite.term_months.as_alias("months"),
        )
        .where((SignedContract.employee.status != "left") & SignedContract.flow.invite.term_months.is_not_null())
        .order_by(SignedContract.signed_at)
        .run()
    )
    latest = {row["employee"]: row for row in rows}  # signing order: the last one stands
    horizon = today + timedelta(days=within_days)
    found = [
        Ending(row["employee"], row["code"], row["name"], row["department"] or "", end)
        for row in latest.values()
        if (end := contract_end(row["start"], row["months"])) <= horizon
    ]
    return sorted(found, key=lambda item: (item.ends_on, item.employee_code))
