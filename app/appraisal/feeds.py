"""Appraisal results as other capabilities show them: the probation assessment (app.training, plugged through
app.training.hooks by app.wiring) sees a worker's results over the probation and the latest one."""

from __future__ import annotations

from datetime import date

from app.appraisal.results import STATUS_LABELS, of_employee
from app.training.hooks import AppraisalLine


async def for_probation(employee_id: int, first: date, last: date) -> list[AppraisalLine]:
    """The results of periods overlapping first..last, and the latest result even when it does not, newest first."""
    found = await of_employee(employee_id)  # newest period first
    lines = []
    for n, r in enumerate(found):
        overlaps = r.first_day <= last and r.last_day >= first
        if overlaps or n == 0:
            lines.append(
                AppraisalLine(
                    r.id,
                    r.period_id,
                    r.first_day,
                    r.last_day,
                    r.total,
                    r.grade,
                    STATUS_LABELS.get(r.status, r.status),
                    f"/appraisal/people/{employee_id}#result-{r.id}",
                    overlaps,
                )
            )
    return lines
