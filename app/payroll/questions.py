"""Workers' questions on payslip items (disputes): raised from self-service, listed and answered by HR.

Each question waits in the approvals inbox too (kind "pay_question", HR decides): accepting it there
("the worker is right: corrected on the next payslip") or refusing it with a reason answers it, and an
answer written on /netpay/questions closes its inbox item. The worker reads the answer on My page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from app.approvals import registry
from app.approvals import service as approvals
from app.audit import service as audit
from app.db.prepared import Prepared
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import Month
from app.i18n import N_, gettext
from app.payroll.payslip import item_label
from app.payroll.tables import PayLine, PayQuestion
from app.timeutil import utcnow

KIND = "pay_question"  # the approvals inbox's kind
ACCEPTED = N_("Accepted: the difference will be corrected on the next payslip.")
TEXT_NEEDED = N_("Say what is wrong (at most 500 characters).")
NO_SUCH_ITEM = N_("There is no such item on this payslip.")


async def _item_names(rows: list[dict]) -> dict[tuple, str]:
    """(employee, month, code) -> the item's name as the payslip shows it, in the current language (not the code)."""
    names: dict[tuple, str] = {}
    for employee, month in {(row["employee"], row["month"]) for row in rows}:
        line = (
            await PayLine.select(PayLine.lines)
            .where((PayLine.employee == employee) & (PayLine.period.month == month))
            .first()
            .output(load_json=True)
            .run()
        )
        for entry in line["lines"] if line else []:
            names[(employee, month, entry["code"])] = item_label(entry)
        names[(employee, month, "net")] = gettext(N_("Net pay"))
    return names


def _named(names: dict[tuple, str], row: dict) -> str:
    return names.get((row["employee"], row["month"], row["item"]), row["item"])


@dataclass(frozen=True)
class Question:
    id: int
    employee_id: int
    code: str
    name: str
    month: str
    item: str
    text: str
    raised_at: datetime
    answer: str
    status: str = "pending"  # pending | approved (accepted or answered) | rejected (the payslip stands)


async def raise_question(employee_id: int, period: str, item: str, text: str, actor: audit.Actor = audit.SYSTEM) -> int:
    """A question on `item` (a line code of the month's payslip, or "net") of `period` (YYYY-MM)."""
    month, text = str(Month.parse(period)), (text or "").strip()
    if not text or len(text) > 500:
        raise Refused(TEXT_NEEDED, field="text")
    line = (
        await PayLine.select(PayLine.lines)
        .where((PayLine.employee == employee_id) & (PayLine.period.month == month))
        .first()
        .output(load_json=True)
        .run()
    )
    codes = {entry["code"] for entry in (line["lines"] if line else [])} | ({"net"} if line else set())
    if item not in codes:
        raise Refused(NO_SUCH_ITEM, field="item")
    async with write_transaction():
        question = PayQuestion(employee=employee_id, month=month, item=item, text=text, raised_at=utcnow())
        await question.save().run()
        await approvals.file(KIND, str(question.id), employee_id, f"{month} {item}: {text}", hr_only=True)
        await audit.record(
            actor, "pay_question.raise", "employee", employee_id, after={"month": month, "item": item, "text": text}
        )
    return question.id


async def answer(question_id: int, text: str, actor: audit.Actor) -> None:
    text = (text or "").strip()
    if not text or len(text) > 500:
        raise Refused(N_("Write the answer (at most 500 characters)."), field="answer")
    async with write_transaction():
        await approvals.settle(KIND, str(question_id), True, text[:200], actor)
        updated = (
            await PayQuestion.update(
                {PayQuestion.answer: text, PayQuestion.answered_by: actor.name, PayQuestion.answered_at: utcnow()}
            )
            .where(PayQuestion.id == question_id)
            .returning(PayQuestion.employee)
            .run()
        )
        if not updated:
            raise Refused(N_("No such question."), status=404)
        await audit.record(
            actor,
            "pay_question.answer",
            "employee",
            updated[0]["employee"],
            after={"question": question_id, "answer": text},
        )


async def open_questions(include_answered: bool = False) -> list[Question]:
    query = PayQuestion.select(
        PayQuestion.all_columns(),
        PayQuestion.employee.employee_code.as_alias("code"),
        PayQuestion.employee.name.as_alias("name"),
    ).order_by(PayQuestion.raised_at)
    if not include_answered:
        query = query.where(PayQuestion.answered_at.is_null())
    rows = await query.run()
    names = await _item_names(rows)
    return [
        Question(
            r["id"],
            r["employee"],
            r["code"],
            r["name"],
            r["month"],
            _named(names, r),
            r["text"],
            r["raised_at"],
            r["answer"],
        )
        for r in rows
    ]


async def decided(ref: str, approved: bool, reason: str, actor: audit.Actor) -> None:
    """The approvals inbox's callback (inside the decision's transaction): the reason is the answer; an
    acceptance without one gets the standard answer, in the decider's language."""
    text = reason or gettext(ACCEPTED if approved else N_("The payslip is right."))
    await (
        PayQuestion.update(
            {PayQuestion.answer: text, PayQuestion.answered_by: actor.name, PayQuestion.answered_at: utcnow()}
        )
        .where((PayQuestion.id == int(ref)) & PayQuestion.answered_at.is_null())
        .run()
    )


async def describe(refs: list[str]) -> dict[str, str]:
    """The inbox's line: the month, the item and the worker's words."""
    ids = [int(ref) for ref in refs if ref.isascii() and ref.isdigit()]
    rows = await PayQuestion.select().where(PayQuestion.id.is_in(ids or [0])).run()
    names = await _item_names(rows)
    return {
        str(row["id"]): gettext(N_("Payslip %(month)s, item %(item)s: %(text)s"))
        % {"month": row["month"], "item": _named(names, row), "text": row["text"]}
        for row in rows
    }


@cache
def _mine(limit: int) -> Prepared:
    """My page and the payslip page read a worker's questions on every open (app.db.prepared: built once)."""
    return Prepared(
        lambda employee: (
            PayQuestion.select()
            .where(PayQuestion.employee == employee)
            .order_by(PayQuestion.raised_at, ascending=False)
            .limit(limit)
        )
    )


async def mine(employee_id: int, limit: int = 10) -> list[Question]:
    """A worker's own questions, newest first, with HR's answer and the outcome (what My page shows)."""
    rows = await _mine(limit).run(employee_id)
    outcomes = await approvals.outcomes(KIND, [str(row["id"]) for row in rows])
    names = await _item_names(rows)
    return [
        Question(
            r["id"],
            r["employee"],
            "",
            "",
            r["month"],
            _named(names, r),
            r["text"],
            r["raised_at"],
            r["answer"],
            outcomes.get(str(r["id"]), ("approved" if r["answered_at"] else "pending", ""))[0],
        )
        for r in rows
    ]


registry.register(
    registry.Kind(
        KIND,
        N_("Payslip question"),
        lambda ref: "/netpay/questions",
        decided,
        describe,
        decides=N_("HR"),
    )
)
