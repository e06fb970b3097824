"""Damage claims: HR records what a worker owes for damage they caused; pay takes it month by month.

Wage Payment Provisions art. 16 (RULES.md, "Pay"): at most 20% of the month's wage, and never below
the minimum wage; the rest carries over to the next months. The balance of a claim is its amount less
what locked months took (their pay lines' traces, ref claim:<id>), so a month computed again before
it is locked never counts a deduction twice.

A locked month computed again later (something behind it changed) takes from each claim exactly what
it took when it was locked, at most: a difference never takes more from the worker than was recorded.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from app.audit import service as audit
from app.db.tx import write_transaction
from app.db.values import json_value
from app.i18n import N_
from app.payroll import rules
from app.payroll.tables import DamageClaim, PayLine
from app.people.tables import Employee
from app.piecework.catalogue import CatalogueError, parse_day, parse_fen
from app.timeutil import utcnow

BAD_AMOUNT = N_("Enter the amount owed in yuan, more than zero, with at most two decimals.")
CAUSE_NEEDED = N_("Say what was damaged (at most 200 characters).")
ALREADY_TAKEN = N_("Pay has already been taken for this claim in a locked month; it cannot be withdrawn.")
PREFIX = "claim:"


class DamageError(ValueError):
    """Refused; the message is marked for translation and nothing changed."""


@dataclass(frozen=True)
class ClaimView:
    id: int
    claimed_on: date
    cause: str
    amount_fen: int
    taken_fen: int  # by locked months
    withdrawn: bool

    @property
    def balance_fen(self) -> int:
        return 0 if self.withdrawn else self.amount_fen - self.taken_fen


def _traces(lines) -> list[list]:
    lines = json_value(lines) or []
    return [
        trace
        for line in lines
        if line.get("code") == "deduction.damage"
        for trace in line.get("trace", [])
        if trace and trace[0] == "damage" and str(trace[1]).startswith(PREFIX)
    ]


async def _taken_by_locked(before_month: str | None, employee_ids: list[int] | None = None) -> dict[int, int]:
    """claim id -> fen taken by locked months before `before_month` (None: by every locked month)."""
    query = PayLine.select(PayLine.lines).where(PayLine.period.status == "locked")
    if before_month is not None:
        query = query.where(PayLine.period.month < before_month)
    if employee_ids is not None:
        query = query.where(PayLine.employee.is_in(employee_ids or [-1]))
    taken: dict[int, int] = defaultdict(int)
    for row in await query.run():
        for trace in _traces(row["lines"]):
            taken[int(str(trace[1])[len(PREFIX) :])] += int(trace[4])
    return taken


async def open_claims(month: str, last: date) -> dict[int, tuple[rules.DamageClaim, ...]]:
    """Per employee, what `month` may take: each claim dated by its last day, less what locked months took."""
    rows = (
        await DamageClaim.select()
        .where((DamageClaim.claimed_on <= last) & DamageClaim.withdrawn_at.is_null())
        .order_by(DamageClaim.claimed_on)
        .order_by(DamageClaim.id)
        .run()
    )
    if not rows:
        return {}
    taken = await _taken_by_locked(month)
    claims: dict[int, list[rules.DamageClaim]] = defaultdict(list)
    for row in rows:
        balance = row["amount_fen"] - taken.get(row["id"], 0)
        if balance > 0:
            claims[row["employee"]].append(rules.DamageClaim(f"{PREFIX}{row['id']}", balance, row["cause"]))
    return {employee: tuple(found) for employee, found in claims.items()}


async def as_locked(period_id: int) -> dict[int, tuple[rules.DamageClaim, ...]]:
    """Per employee, what a locked month took from each claim, as claims of that size (for recomputing it)."""
    claims: dict[int, list[rules.DamageClaim]] = defaultdict(list)
    for row in await PayLine.select(PayLine.employee, PayLine.lines).where(PayLine.period == period_id).run():
        for trace in _traces(row["lines"]):
            if int(trace[4]) > 0:
                claims[row["employee"]].append(rules.DamageClaim(str(trace[1]), int(trace[4]), str(trace[2])))
    return {employee: tuple(found) for employee, found in claims.items()}


def parse_claim(values: dict[str, str]) -> tuple[date, int, str]:
    try:
        claimed_on = parse_day(values.get("claimed_on", ""))
    except CatalogueError as exc:
        raise DamageError(str(exc)) from None
    try:
        amount = parse_fen(values.get("amount", ""))
    except CatalogueError:
        raise DamageError(BAD_AMOUNT) from None
    if amount <= 0:
        raise DamageError(BAD_AMOUNT)
    cause = values.get("cause", "").strip()
    if not cause or len(cause) > 200:
        raise DamageError(CAUSE_NEEDED)
    return claimed_on, amount, cause


async def add_claim(employee_id: int, values: dict[str, str], actor: audit.Actor) -> int:
    claimed_on, amount, cause = parse_claim(values)
    async with write_transaction():
        if not await Employee.exists().where(Employee.id == employee_id).run():
            raise DamageError(N_("No such employee."))
        claim = DamageClaim(
            employee=employee_id,
            claimed_on=claimed_on,
            amount_fen=amount,
            cause=cause,
            entered_by=actor.name,
            entered_at=utcnow(),
        )
        await claim.save().run()
        await audit.record(
            actor,
            "damage_claim.add",
            "employee",
            employee_id,
            after={"claim": claim.id, "claimed_on": claimed_on, "amount_fen": amount, "cause": cause},
        )
    return claim.id


async def withdraw(employee_id: int, claim_id: int, actor: audit.Actor) -> None:
    async with write_transaction():
        row = (
            await DamageClaim.select()
            .where((DamageClaim.id == claim_id) & (DamageClaim.employee == employee_id))
            .first()
            .run()
        )
        if row is None or row["withdrawn_at"] is not None:
            raise DamageError(N_("No such claim."))
        if (await _taken_by_locked(None, [employee_id])).get(claim_id):
            raise DamageError(ALREADY_TAKEN)
        await DamageClaim.update({DamageClaim.withdrawn_at: utcnow()}).where(DamageClaim.id == claim_id).run()
        await audit.record(actor, "damage_claim.withdraw", "employee", employee_id, before={"claim": claim_id})


async def claims_of(employee_id: int) -> list[ClaimView]:
    """The worker's claims with what locked months took from each."""
    rows = await DamageClaim.select().where(DamageClaim.employee == employee_id).order_by(DamageClaim.claimed_on).run()
    taken = await _taken_by_locked(None, [employee_id])
    return [
        ClaimView(
            row["id"],
            row["claimed_on"],
            row["cause"],
            row["amount_fen"],
            taken.get(row["id"], 0),
            row["withdrawn_at"] is not None,
        )
        for row in rows
    ]
