"""Checks of a leave request before it is filed: no overlap, within the figure of its event or of its year, within
what is left of annual leave and time off in lieu (pending requests counting against what is left)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from app.errors import Refused
from app.i18n import N_, gettext
from app.leave import balances, rules, types
from app.leave.tables import LeaveRequest

if TYPE_CHECKING:
    from app.leave.requests import Counted, RequestInput

OVERLAP = N_("This person already has leave on some of these days.")
TOO_MUCH_ANNUAL = N_("Not enough annual leave: %(days)s days left this year.")
TOO_MUCH_LIEU = N_("Not enough time off in lieu: %(hours)s hours left.")
TOO_LONG_EVENT = N_("%(type)s is at most %(days)s days for one event; these dates count %(asked)s.")
TOO_MUCH_EVENT = N_(
    "%(type)s is at most %(days)s days for one event: %(taken)s already asked for this event, these dates count "
    "%(asked)s."
)
TOO_MUCH_YEARLY = N_("%(type)s is at most %(days)s days a year: %(left)s days left in %(year)s.")


async def _waiting(employee_id: int, code: str) -> list[dict]:
    """This person's pending requests of a type: what they already ask for counts against what is left."""
    return (
        await LeaveRequest.select(
            LeaveRequest.halves,
            LeaveRequest.halves_first_year,
            LeaveRequest.minutes,
            LeaveRequest.first_day,
            LeaveRequest.last_day,
        )
        .where(
            (LeaveRequest.employee == employee_id)
            & (LeaveRequest.status == "pending")
            & (LeaveRequest.type_code == code)
        )
        .run()
    )


def _in_year(row: dict, year: int) -> int:
    return rules.halves_in_year(row["halves"], row["halves_first_year"], row["first_day"], row["last_day"], year)


async def check(data: RequestInput, info: types.TypeInfo, counted: Counted) -> None:
    """Refuse an overlap, more than an event or a year allows, more annual leave or time off in lieu than is left."""
    clash = (
        await LeaveRequest.exists()
        .where(
            (LeaveRequest.employee == data.employee_id)
            & LeaveRequest.status.is_in(["pending", "approved"])
            & (LeaveRequest.first_day <= data.last)
            & (LeaveRequest.last_day >= data.first)
        )
        .run()
    )
    if clash:
        raise Refused(OVERLAP, field="first")
    allowed = rules.event_days_allowed(info.code, info.days, data.difficult, data.babies, data.pregnancy_months)
    if allowed is not None:
        await _check_event(data, info, counted, allowed)
    if info.code in rules.YEARLY_TYPES and info.days is not None:
        await _check_yearly(data, info, counted)
    if info.code == types.ANNUAL:
        waiting = await _waiting(data.employee_id, info.code)
        for year, halves in sorted(counted.by_year.items()):  # across 31 December: each year's own balance
            left = (await balances.of_person(data.employee_id, year)).annual_left_halves
            left -= sum(_in_year(row, year) for row in waiting)  # what pending requests already ask for
            if halves > left:
                raise Refused(TOO_MUCH_ANNUAL, field="first", days=str(rules.as_days(max(left, 0))))
    if info.code == types.LIEU:
        waiting = await _waiting(data.employee_id, info.code)
        left = (await balances.of_person(data.employee_id, data.first.year)).lieu_minutes
        left -= sum(row["minutes"] for row in waiting)
        if counted.minutes > left:
            raise Refused(TOO_MUCH_LIEU, field="first", hours=f"{max(left, 0) / 60:g}")


async def _check_event(data: RequestInput, info: types.TypeInfo, counted: Counted, allowed: int) -> None:
    """A per-event type (marriage, bereavement, paternity, maternity): this request alone, then with the person's
    other pending or approved leave of the type for the same event (rules.event_halves: the same event date, or for
    requests made before they named one, near in time), within the event's days."""
    asked = f"{float(rules.as_days(counted.halves)):g}"
    if rules.as_days(counted.halves) > allowed:
        raise Refused(TOO_LONG_EVENT, field="last", type=gettext(info.label), days=allowed, asked=asked)
    rows = (
        await LeaveRequest.select(
            LeaveRequest.first_day, LeaveRequest.last_day, LeaveRequest.halves, LeaveRequest.event_date
        )
        .where(
            (LeaveRequest.employee == data.employee_id)
            & (LeaveRequest.type_code == info.code)
            & LeaveRequest.status.is_in(["pending", "approved"])
        )
        .run()
    )
    others = [rules.Taken(row["first_day"], row["last_day"], row["halves"], row["event_date"]) for row in rows]
    leave = rules.Taken(data.first, data.last, counted.halves, data.event_date)
    before = rules.event_halves(info.code, leave, others)
    if rules.as_days(before + counted.halves) > allowed:
        raise Refused(
            TOO_MUCH_EVENT,
            field="first",
            type=gettext(info.label),
            days=allowed,
            taken=f"{float(rules.as_days(before)):g}",
            asked=asked,
        )


async def _check_yearly(data: RequestInput, info: types.TypeInfo, counted: Counted) -> None:
    """A type with a figure per year (childcare leave): this request and the year's others within it."""
    for year, halves in sorted(counted.by_year.items()):
        rows = (
            await LeaveRequest.select(
                LeaveRequest.halves, LeaveRequest.halves_first_year, LeaveRequest.first_day, LeaveRequest.last_day
            )
            .where(
                (LeaveRequest.employee == data.employee_id)
                & (LeaveRequest.type_code == info.code)
                & LeaveRequest.status.is_in(["pending", "approved"])
                & (LeaveRequest.first_day <= date(year, 12, 31))
                & (LeaveRequest.last_day >= date(year, 1, 1))
            )
            .run()
        )
        left = info.days * rules.HALVES_PER_DAY - sum(_in_year(row, year) for row in rows)
        if halves > left:
            raise Refused(
                TOO_MUCH_YEARLY,
                field="first",
                type=gettext(info.label),
                days=info.days,
                left=f"{float(rules.as_days(max(left, 0))):g}",
                year=year,
            )
