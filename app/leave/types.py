"""Leave types: the national defaults (RULES.md), HR's province figures over them (LeaveType rows), the HR page's saves."""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.audit import service as audit
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.leave.rules import Unit
from app.leave.tables import LeaveType
from app.sync.changes import next_change_no

ANNUAL, SICK, PERSONAL, LIEU, MATERNITY = "annual", "sick", "personal", "lieu", "maternity"
UNKNOWN = N_("Choose a leave type.")


@dataclass(frozen=True)
class TypeInfo:
    """paid_percent: the share of the normal wage paid (sick: the plant's share, never below 80% of the
    minimum wage); unit: working or calendar days; days: the yearly or per-event figure, None without one."""

    code: str
    label: str
    paid_percent: int
    unit: Unit
    days: int | None
    evidence: bool = False
    hr_only: bool = False
    active: bool = True


NATIONAL = (
    TypeInfo(ANNUAL, N_("Annual leave"), 100, Unit.WORKING, None),
    TypeInfo(SICK, N_("Sick leave"), 60, Unit.WORKING, None, evidence=True),
    TypeInfo(PERSONAL, N_("Personal leave"), 0, Unit.WORKING, None),
    TypeInfo("marriage", N_("Marriage leave"), 100, Unit.WORKING, 3, evidence=True),
    TypeInfo(MATERNITY, N_("Maternity leave"), 100, Unit.CALENDAR, 98, evidence=True, hr_only=True),
    TypeInfo("paternity", N_("Paternity leave"), 100, Unit.CALENDAR, 15, evidence=True),
    TypeInfo("childcare", N_("Childcare leave"), 100, Unit.WORKING, 10),
    TypeInfo("bereavement", N_("Bereavement leave"), 100, Unit.WORKING, 3),
    TypeInfo("work_injury", N_("Work-injury leave"), 100, Unit.CALENDAR, None, evidence=True, hr_only=True),
    TypeInfo(LIEU, N_("Time off in lieu"), 100, Unit.WORKING, None),
)
_BY_CODE = {info.code: info for info in NATIONAL}
# What a per-event type's event date is (rules.EVENT_TYPES): asked on every request form, shown to the approver.
EVENT_LABELS = {
    "marriage": N_("Wedding date"),
    "bereavement": N_("Date of death"),
    "paternity": N_("Birth date (or expected birth date)"),
    MATERNITY: N_("Birth date (or expected birth date)"),
}
MISCARRIAGE_DATE = N_("Date of the miscarriage")


def event_label(code: str, pregnancy_months: int | None = None) -> str:
    """The message id naming a request's event date: a miscarriage's for maternity leave with months of pregnancy."""
    return MISCARRIAGE_DATE if code == MATERNITY and pregnancy_months is not None else EVENT_LABELS.get(code, "")


async def all_types() -> list[TypeInfo]:
    """Every type with HR's figures applied, in the national order."""
    rows = {row["code"]: row for row in await LeaveType.select().run()}
    found = []
    for info in NATIONAL:
        row = rows.get(info.code)
        found.append(
            info
            if row is None
            else replace(
                info,
                paid_percent=row["paid_percent"],
                unit=Unit(row["unit"]),
                days=row["days"],
                evidence=row["evidence"],
                hr_only=row["hr_only"],
                active=row["active"],
            )
        )
    return found


async def maternity_figure() -> int | None:
    """Maternity leave's days (the province's figure, 98 nationally): a request without a last day runs them."""
    return next(t.days for t in await all_types() if t.code == MATERNITY)


async def type_info(code: str) -> TypeInfo:
    for info in await all_types():
        if info.code == code and info.active:
            return info
    raise Refused(UNKNOWN, field="type_code")


async def save_type(info: TypeInfo, actor: audit.Actor) -> None:
    if info.code not in _BY_CODE:
        raise Refused(UNKNOWN, field="type_code")
    values = {
        "paid_percent": info.paid_percent,
        "unit": info.unit.value,
        "days": info.days,
        "evidence": info.evidence,
        "hr_only": info.hr_only,
        "active": info.active,
    }
    async with write_transaction():
        change_no = await next_change_no()
        before = await LeaveType.select().where(LeaveType.code == info.code).first().run()
        if before:
            await (
                LeaveType.update(
                    {**{getattr(LeaveType, k): v for k, v in values.items()}, LeaveType.change_no: change_no}
                )
                .where(LeaveType.code == info.code)
                .run()
            )
        else:
            await LeaveType.insert(LeaveType(code=info.code, change_no=change_no, **values)).run()
        await audit.record(
            actor,
            "leave_type.save",
            "leave_type",
            info.code,
            before={k: before[k] for k in values} if before else None,
            after=values,
        )
