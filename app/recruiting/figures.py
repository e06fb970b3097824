"""Recruiting figures for the dashboard: time to fill per post and department, source of hire, offer acceptance."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from app.recruiting import rules
from app.recruiting.hooks import hooks
from app.recruiting.tables import Application, Candidate, Requisition, StageMove
from app.timeutil import local_today


@dataclass
class Figures:
    time_to_fill: list[dict] = field(default_factory=list)  # {department, post, hires, median_days}
    sources: list[dict] = field(default_factory=list)  # {source, hires, candidates, measured_90, retained_90}
    offers: int = 0
    accepted: int = 0
    open_requisitions: int = 0
    pending_requisitions: int = 0

    @property
    def acceptance_percent(self) -> int | None:
        return round(100 * self.accepted / self.offers) if self.offers else None


async def figures(zone: ZoneInfo) -> Figures:
    found = Figures()
    hires = (
        await Application.select(
            Application.hired_on,
            Application.invite,
            Application.requisition.title.as_alias("post"),
            Application.requisition.department.name.as_alias("department"),
            Application.requisition.decided_at.as_alias("approved_at"),
            Application.requisition.created_at.as_alias("asked_at"),
            Application.candidate.source.as_alias("source"),
        )
        .where(Application.stage == rules.Stage.HIRED)
        .run()
    )
    groups: dict[tuple[str, str], list[int]] = {}
    for hire in hires:
        started = (hire["approved_at"] or hire["asked_at"]).astimezone(zone).date()
        groups.setdefault((hire["department"], hire["post"]), []).append(rules.days_to_fill(started, hire["hired_on"]))
    found.time_to_fill = [
        {"department": department, "post": post, "hires": len(days), "median_days": rules.median(days)}
        for (department, post), days in sorted(groups.items())
    ]
    candidates = await Candidate.select(Candidate.source).run()
    employees = await hooks().employees_of_invites([hire["invite"] for hire in hires if hire["invite"]])
    today = local_today(zone)
    for source in sorted({row["source"] for row in candidates}):
        kept = [
            rules.retained_90_days(
                hire["hired_on"],
                today,
                hire["invite"] in employees,
                employees.get(hire["invite"], {}).get("last_day"),
            )
            for hire in hires
            if hire["source"] == source and hire["invite"]
        ]
        found.sources.append(
            {
                "source": source,
                "candidates": sum(1 for row in candidates if row["source"] == source),
                "hires": sum(1 for hire in hires if hire["source"] == source),
                "measured_90": sum(1 for value in kept if value is not None),
                "retained_90": sum(1 for value in kept if value),
            }
        )
    offered = {
        row["application"]
        for row in await StageMove.select(StageMove.application).where(StageMove.to_stage == rules.Stage.OFFER).run()
    }
    found.offers = len(offered)
    found.accepted = (
        await Application.count().where(Application.id.is_in(list(offered)) & (Application.stage == rules.Stage.HIRED))
        if offered
        else 0
    )
    found.open_requisitions = await Requisition.count().where(Requisition.status == rules.RequisitionStatus.OPEN)
    found.pending_requisitions = await Requisition.count().where(Requisition.status == rules.RequisitionStatus.PENDING)
    return found
