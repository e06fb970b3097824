"""Recruiting on HR's dashboard: time to fill per post and department, source of hire and offer acceptance."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from app.i18n import N_, gettext
from app.recruiting import candidates, figures
from app.reports.report import Report


def _retained(row: dict) -> str:
    """Of the hires 90 days old or more, those still employed: "2 / 3"; empty before any is 90 days old."""
    return f"{row['retained_90']} / {row['measured_90']}" if row["measured_90"] else ""


async def recruiting_reports(zone: ZoneInfo) -> list[Report]:
    found = await figures.figures(zone)
    fill = Report(
        "time_to_fill",
        N_("Time to fill"),
        [N_("Department"), N_("Post"), N_("Hires"), N_("Median days from approval to hire")],
        [[row["department"], row["post"], row["hires"], f"{row['median_days']:g}"] for row in found.time_to_fill],
        note=N_("Calendar days from HR's approval of the requisition to the hire, per post."),
    )
    total = sum(row["hires"] for row in found.sources) or 1
    acceptance = "" if found.acceptance_percent is None else f"{found.acceptance_percent}%"
    sources = Report(
        "source_of_hire",
        N_("Source of hire"),
        [N_("Source"), N_("Candidates"), N_("Hires"), N_("Share of hires"), N_("Still employed after 90 days")],
        [
            [gettext(candidates.SOURCE_LABELS.get(row["source"], row["source"])), row["candidates"], row["hires"]]
            + [f"{round(100 * row['hires'] / total)}%", _retained(row)]
            for row in found.sources
        ]
        + [[gettext(N_("Offers accepted")), found.offers, found.accepted, acceptance, ""]],
        note=N_("Where candidates came from and who was hired; the last row: offers made and accepted."),
    )
    return [fill, sources]
