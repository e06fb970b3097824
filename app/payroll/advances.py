"""Advances (借支/预支): money HR paid a worker ahead of payday, taken back from net pay.

Taken after tax (an advance is the worker's own pay, paid early: it changes neither the tax nor the
contributions), from the month holding the day it was paid on; never more than the month's net pay less what
the plant leaves every worker (a setting on /netpay, 0 by default: net pay never goes below zero); what is left
carries to the next month. The balance of an advance is its
amount less what locked months took (their pay lines' traces, ref advance:<id>), so a month computed
again before it is locked never takes twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from app.audit import service as audit
from app.db.tx import write_transaction
from app.db.values import json_value
from app.errors import Refused
from app.forms import date_field, money_field
from app.i18n import N_
from app.payroll.tables import Advance, PayLine
from app.people.tables import Employee
from app.timeutil import utcnow

KEEP_KEY = "advance_keep_fen"  # plant setting: net pay an advance's repayment leaves the worker at least (fen)
PREFIX = "advance:"
CODE = "advance"
LABEL = N_("Advance taken back")
NOTE_TOO_LONG = N_("Say what the advance was for in at most 200 characters.")
ALREADY_TAKEN = N_("Pay has already taken part of this advance back in a locked month; it cannot be withdrawn.")


@dataclass(frozen=True)
class Open:
    ref: str  # advance:<id>
    balance_fen: int
    note: str


@dataclass(frozen=True)
class AdvanceView:
    id: int
    paid_on: date
    amount_fen: int
    note: str
    taken_fen: int
    withdrawn: bool

    @property
    def balance_fen(self) -> int:
        return 0 if self.withdrawn else self.amount_fen - self.taken_fen


def take(net_fen: int, advances: tuple[Open, ...], keep_fen: int = 0) -> tuple[dict | None, int]:
    """Pure: the payslip line taking advances back, oldest first, from net pay after tax, and the total taken:
    never more than leaves the worker `keep_fen` (the plant's setting; never below zero)."""
    room, traces = max(net_fen - max(keep_fen, 0), 0), []
    for advance in advances:
        taken = min(room, advance.balance_fen)
        room -= taken
        traces.append(["advance", advance.ref, advance.note, advance.balance_fen, taken])
    total = sum(trace[4] for trace in traces)
    if not traces:
        return None, 0
    line = {
        "code": CODE,
        "label": LABEL,
        "amount_fen": total,
        "kind": "deduction",
        "counts_for_minimum_wage": False,
        "trace": traces,
    }
    return line, total


def _traces(lines) -> list[list]:
    return [
        trace
        for line in json_value(lines) or []
        if line.get("code") == CODE
        for trace in line.get("trace", [])
        if trace and trace[0] == "advance"
    ]


async def _taken_by_locked(before_month: str | None, employee_ids: list[int] | None = None) -> dict[int, int]:
    query = PayLine.select(PayLine.lines).where((PayLine.period.status == "locked") & (PayLine.advance_fen > 0))
    if before_month is not None:
        query = query.where(PayLine.period.month < before_month)
    if employee_ids is not None:
        query = query.where(PayLine.employee.is_in(employee_ids or [-1]))
    taken: dict[int, int] = defaultdict(int)
    for row in await query.run():
        for trace in _traces(row["lines"]):
            taken[int(str(trace[1])[len(PREFIX) :])] += int(trace[4])
    return taken


async def open_advances(month: str, last: date) -> dict[int, tuple[Open, ...]]:
    """Per employee, what `month` may take back: advances paid by its last day, less what locked months took."""
    rows = (
        await Advance.select()
        .where((Advance.paid_on <= last) & Advance.withdrawn_at.is_null())
        .order_by(Advance.paid_on)
        .order_by(Advance.id)
        .run()
    )
    if not rows:
        return {}
    taken = await _taken_by_locked(month)
    found: dict[int, list[Open]] = defaultdict(list)
    for row in rows:
        balance = row["amount_fen"] - taken.get(row["id"], 0)
        if balance > 0:
            found[row["employee"]].append(Open(f"{PREFIX}{row['id']}", balance, row["note"]))
    return {employee: tuple(items) for employee, items in found.items()}


async def add(employee_id: int, values: dict[str, str], actor: audit.Actor) -> int:
    paid_on = date_field(values.get("paid_on"), "paid_on")
    amount = money_field(values.get("amount"), "amount")
    if amount <= 0:
        raise Refused(N_("Enter the amount in yuan, more than zero."), field="amount")
    note = (values.get("note") or "").strip()
    if len(note) > 200:
        raise Refused(NOTE_TOO_LONG, field="note")
    async with write_transaction():
        if not await Employee.exists().where(Employee.id == employee_id).run():
            raise Refused(N_("No such employee."))
        advance = Advance(
            employee=employee_id,
            paid_on=paid_on,
            amount_fen=amount,
            note=note,
            entered_by=actor.name,
            entered_at=utcnow(),
        )
        await advance.save().run()
        await audit.record(
            actor,
            "advance.add",
            "employee",
            employee_id,
            after={"advance": advance.id, "paid_on": paid_on, "amount_fen": amount, "note": note},
        )
    return advance.id


async def withdraw(employee_id: int, advance_id: int, actor: audit.Actor) -> None:
    """An advance entered by mistake; refused once a locked month took part of it back."""
    async with write_transaction():
        row = await Advance.select().where((Advance.id == advance_id) & (Advance.employee == employee_id)).first().run()
        if row is None or row["withdrawn_at"] is not None:
            raise Refused(N_("No such advance."))
        if (await _taken_by_locked(None, [employee_id])).get(advance_id):
            raise Refused(ALREADY_TAKEN)
        await Advance.update({Advance.withdrawn_at: utcnow()}).where(Advance.id == advance_id).run()
        await audit.record(actor, "advance.withdraw", "employee", employee_id, before={"advance": advance_id})


async def advances_of(employee_id: int) -> list[AdvanceView]:
    rows = await Advance.select().where(Advance.employee == employee_id).order_by(Advance.paid_on).run()
    taken = await _taken_by_locked(None, [employee_id])
    return [
        AdvanceView(
            row["id"],
            row["paid_on"],
            row["amount_fen"],
            row["note"],
            taken.get(row["id"], 0),
            row["withdrawn_at"] is not None,
        )
        for row in rows
    ]
