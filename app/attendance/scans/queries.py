"""Reading scans: the camera's latest result for the kiosk page, HR's review list, the punches export."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from piccolo.query.functions.aggregate import Max

from app.attendance.scans.service import PUNCH, REASON_LABELS, ScanResult
from app.attendance.tables import Scan
from app.spreadsheets import csv_text
from app.timeutil import as_utc

PER_PAGE = 50
OUTCOMES = ("refused", "duplicate", "punch")
_COLUMNS = (
    Scan.id,
    Scan.node_id,
    Scan.node_seq,
    Scan.scanned_at,
    Scan.source,
    Scan.shown_text,
    Scan.outcome,
    Scan.reason,
    Scan.direction,
    Scan.employee.employee_code,
    Scan.employee.name,
    Scan.employee.department.name,
    Scan.clock_suspect,
)
CLOCK_SUSPECT = "clock"  # the review filter for punches whose kiosk's clock was off by more than 2 minutes


@dataclass(frozen=True)
class ScanRow:
    id: object
    node_id: str
    node_seq: int
    scanned_at: datetime
    source: str
    shown_text: str
    outcome: str
    reason: str
    direction: str
    employee_code: str
    employee_name: str
    department_name: str
    clock_suspect: bool = False

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


@dataclass(frozen=True)
class ScanPage:
    items: list[ScanRow]
    total: int
    page: int
    pages: int
    outcome: str


def _row(raw: dict) -> ScanRow:
    return ScanRow(
        raw["id"],
        raw["node_id"],
        raw["node_seq"],
        as_utc(raw["scanned_at"]),
        raw["source"],
        raw["shown_text"],
        raw["outcome"],
        raw["reason"],
        raw["direction"],
        raw["employee.employee_code"] or "",
        raw["employee.name"] or "",
        raw["employee.department.name"] or "",
        bool(raw["clock_suspect"]),
    )


async def last_seq(node: str) -> int:
    row = await Scan.select(Max(Scan.node_seq, alias="seq")).where(Scan.node_id == node).first().run()
    return (row or {}).get("seq") or 0


async def camera_result_after(node: str, after: int) -> ScanResult | None:
    """The newest camera scan of this node after node_seq after, for the kiosk page's poll."""
    raw = (
        await Scan.select(*_COLUMNS)
        .where((Scan.node_id == node) & (Scan.source == "camera") & (Scan.node_seq > after))
        .order_by(Scan.node_seq, ascending=False)
        .first()
        .run()
    )
    if raw is None:
        return None
    row = _row(raw)
    return ScanResult(
        outcome=row.outcome,
        scanned_at=row.scanned_at,
        scan_id=row.id,
        node_seq=row.node_seq,
        direction=row.direction,
        reason=row.reason,
        employee_code=row.employee_code,
        employee_name=row.employee_name,
        department_name=row.department_name,
        punched_at=row.scanned_at if row.outcome == PUNCH else None,
    )


async def review(outcome: str = "refused", page: int = 1) -> ScanPage:
    """Scans newest first, of one outcome ("" for all, "clock" for those with a suspect node clock), for HR."""
    where = Scan.outcome == outcome if outcome in OUTCOMES else None
    if outcome == CLOCK_SUSPECT:
        where = Scan.clock_suspect == True  # noqa: E712 - Piccolo builds SQL from the comparison
    count = Scan.count()
    total = await (count.where(where) if where is not None else count).run()
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(max(1, page), pages)
    query = (
        Scan.select(*_COLUMNS).order_by(Scan.scanned_at, ascending=False).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    )
    raws = await (query.where(where) if where is not None else query).run()
    return ScanPage([_row(raw) for raw in raws], total, page, pages, outcome if where is not None else "")


async def clock_suspect_count() -> int:
    return await Scan.count().where(Scan.clock_suspect == True).run()  # noqa: E712


def local_day_bounds(first: date, last: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of first to the end of last, plant-local days, as aware datetimes."""
    return (datetime.combine(first, time(), zone), datetime.combine(last + timedelta(days=1), time(), zone))


async def punches(first: date, last: date, zone: ZoneInfo) -> list[ScanRow]:
    start, end = local_day_bounds(first, last, zone)
    raws = (
        await Scan.select(*_COLUMNS)
        .where((Scan.outcome == PUNCH) & (Scan.scanned_at >= start) & (Scan.scanned_at < end))
        .order_by(Scan.scanned_at)
        .run()
    )
    return [_row(raw) for raw in raws]


def punches_csv(rows: list[ScanRow], zone: ZoneInfo) -> str:
    """One row per punch, times in the plant's zone with their offset; UTF-8 with a BOM for Excel."""
    header = ("scan_id", "employee_code", "name", "department", "time", "direction", "node", "node_seq", "source")
    return csv_text(
        header,
        (
            (
                row.id,
                row.employee_code,
                row.employee_name,
                row.department_name,
                row.scanned_at.astimezone(zone).isoformat(timespec="seconds"),
                row.direction,
                row.node_id,
                row.node_seq,
                row.source,
            )
            for row in rows
        ),
    )
