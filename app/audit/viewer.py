"""Reading the audit log with filters: who, what (table and record), which plant-local days."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.audit.tables import AuditLog
from app.db.search import contains

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    entity: str = ""
    entity_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


@dataclass(frozen=True)
class AuditPage:
    rows: list[dict]
    total: int
    page: int
    pages: int


def parse_filter(values: dict[str, str]) -> tuple[AuditFilter, list[str]]:
    """The filter from query values, with the names of fields that were not valid dates."""
    bad, dates = [], {}
    for key in ("date_from", "date_to"):
        text = (values.get(key) or "").strip()
        try:
            dates[key] = date.fromisoformat(text) if text else None
        except ValueError:
            bad.append(key)
            dates[key] = None
    return AuditFilter(
        values.get("actor", "").strip(), values.get("entity", "").strip(), values.get("entity_id", "").strip(), **dates
    ), bad


def _where(selection: AuditFilter, zone: ZoneInfo):
    condition = AuditLog.id > 0
    if selection.actor:
        condition &= contains(AuditLog.actor, selection.actor)
    if selection.entity:
        condition &= AuditLog.entity == selection.entity
    if selection.entity_id:
        condition &= AuditLog.entity_id == selection.entity_id
    if selection.date_from:
        condition &= AuditLog.at >= datetime.combine(selection.date_from, time(), zone)
    if selection.date_to:
        condition &= AuditLog.at < datetime.combine(selection.date_to + timedelta(days=1), time(), zone)
    return condition


async def entities() -> list[str]:
    return sorted(row["entity"] for row in await AuditLog.select(AuditLog.entity).distinct().run())


async def search(selection: AuditFilter, zone: ZoneInfo, page: int = 1, per_page: int = PER_PAGE) -> AuditPage:
    """Newest first, one page."""
    where = _where(selection, zone)
    total = await AuditLog.count().where(where).run()
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = (
        await AuditLog.select()
        .where(where)
        .order_by(AuditLog.at, ascending=False)
        .order_by(AuditLog.id, ascending=False)
        .limit(per_page)
        .offset((page - 1) * per_page)
        .output(load_json=True)
        .run()
    )
    return AuditPage(rows, total, page, pages)
