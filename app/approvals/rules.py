"""Pure rules of approval: the chain a request goes through and when a waiting step is overdue.

RULES.md ("Leave"): leave needs the approval the plant's rules set, usually the department head,
then HR above a number of days. Times are aware UTC datetimes. No database, no HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

DEFAULT_OVERDUE_HOURS = 24
DEFAULT_HR_ABOVE_DAYS = 3
DEPT_HEAD, SUPERVISOR, HR = "dept_head", "supervisor", "hr"


@dataclass(frozen=True)
class Step:
    role: str  # dept_head | supervisor | hr
    employee: int | None = None  # the deciding head's or supervisor's employee id


def chain(days: Fraction | int, hr_above_days: int, head_employee: int | None, requester: int | None) -> list[Step]:
    """The department head (not when the head is the requester, or there is none), then HR when the
    request is for more than hr_above_days days; never empty: with no head, HR decides."""
    steps = [Step(DEPT_HEAD, head_employee)] if head_employee is not None and head_employee != requester else []
    if days > hr_above_days or not steps:
        steps.append(Step(HR))
    return steps


def team_chain(supervisor: int | None, head_employee: int | None, requester: int | None) -> list[Step]:
    """A worker's everyday request (a missing punch, overtime, a piece count): their supervisor decides, else
    their department head, else HR; never the requester themselves."""
    if supervisor is not None and supervisor != requester:
        return [Step(SUPERVISOR, supervisor)]
    if head_employee is not None and head_employee != requester:
        return [Step(DEPT_HEAD, head_employee)]
    return [Step(HR)]


def is_overdue(waiting_since: datetime, now: datetime, limit_hours: int = DEFAULT_OVERDUE_HOURS) -> bool:
    """Waiting longer than the plant's limit (more than limit_hours: exactly the limit is not yet overdue)."""
    return now - waiting_since > timedelta(hours=limit_hours)


def may_decide(step: Step, roles: tuple[str, ...], employee_id: int | None) -> bool:
    """A department head or supervisor decides their step; HR (and admins) decide HR's step and stand in for
    a head or a supervisor."""
    if "admin" in roles or "hr" in roles:
        return True
    return step.role in (DEPT_HEAD, SUPERVISOR) and employee_id is not None and step.employee == employee_id
