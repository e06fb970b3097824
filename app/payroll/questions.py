"""Workers' questions on payslip items (disputes): raised from self-service, listed and answered by HR."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.forms import Month
from app.i18n import N_
from app.payroll.tables import PayLine, PayQuestion
from app.timeutil import utcnow

TEXT_NEEDED = N_("Say what is wrong (at most 500 characters).")
NO_SUCH_ITEM = N_("There is no such item on this payslip.")


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
        await audit.record(
            actor, "pay_question.raise", "employee", employee_id, after={"month": month, "item": item, "text": text}
        )
    return question.id


async def answer(question_id: int, text: str, actor: audit.Actor) -> None:
    text = (text or "").strip()
    if not text or len(text) > 500:
        raise Refused(N_("Write the answer (at most 500 characters)."), field="answer")
    async with write_transaction():
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
    return [
        Question(
            r["id"], r["employee"], r["code"], r["name"], r["month"], r["item"], r["text"], r["raised_at"], r["answer"]
        )
        for r in await query.run()
    ]
