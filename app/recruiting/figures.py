"""Recruiting figures for the dashboard: time to fill per post and department, source of hire, offer acceptance."""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from app.recruiting import rules
from app.recruiting.tables import Application, Candidate, Requisition, StageMove


@dataclass
class Figures:
    time_to_fill: list[dict] = field(default_factory=list)  # {department, post, hires, median_days}
    sources: list[dict] = field(default_factory=list)  # {source, hires, candidates}
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
    for source in sorted({row["source"] for row in candidates}):
        found.sources.append(
            {
                "source": source,
                "candidates": sum(1 for row in candidates if row["source"] == source),
                "hires": sum(1 for hire in hires if hire["source"] == source),
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
