"""HR's yearly calendar: statutory holidays, moved rest days and make-up working days, entered or imported.

floorhr does not guess the State Council's dates (RULES.md): HR enters them, imports a CSV of
date,kind,name, or imports a year shipped in static/calendars (copied from the State Council's
notice for that year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.attendance.schedule.forms import CalendarInput
from app.attendance.tables import CalendarDay
from app.audit import service as audit
from app.db.tx import write_transaction
from app.settings import REPO_ROOT
from app.sync.changes import next_change_no, record_deletion

BUNDLED_DIR = REPO_ROOT / "static" / "calendars"


@dataclass(frozen=True)
class CalendarRow:
    id: int
    day: date
    kind: str
    name: str


def bundled_years() -> list[int]:
    """Years whose official dates ship with floorhr (static/calendars/YYYY.csv)."""
    return sorted(int(path.stem) for path in BUNDLED_DIR.glob("*.csv") if path.stem.isdigit())


def bundled_file(year: int) -> Path | None:
    path = BUNDLED_DIR / f"{year}.csv"
    return path if year in bundled_years() else None


async def year_days(year: int) -> list[CalendarRow]:
    rows = (
        await CalendarDay.select()
        .where((CalendarDay.day >= date(year, 1, 1)) & (CalendarDay.day <= date(year, 12, 31)))
        .order_by(CalendarDay.day)
        .run()
    )
    return [CalendarRow(row["id"], row["day"], row["kind"], row["name"]) for row in rows]


async def kinds_now(days: list[date]) -> dict[date, str]:
    """What the calendar holds now for these dates (the notice preview shows what an import changes)."""
    if not days:
        return {}
    rows = (
        await CalendarDay.select(CalendarDay.day, CalendarDay.kind)
        .where((CalendarDay.day >= min(days)) & (CalendarDay.day <= max(days)))
        .run()
    )
    return {row["day"]: row["kind"] for row in rows}


async def _upsert(item: CalendarInput) -> int:
    """Inside the caller's write transaction: one day, added or changed, with a new change number."""
    change_no = await next_change_no()
    updated = (
        await CalendarDay.update(
            {CalendarDay.kind: item.kind, CalendarDay.name: item.name, CalendarDay.change_no: change_no}
        )
        .where(CalendarDay.day == item.day)
        .returning(CalendarDay.id)
        .run()
    )
    if updated:
        return updated[0]["id"]
    rows = (
        await CalendarDay.insert(CalendarDay(day=item.day, kind=item.kind, name=item.name, change_no=change_no))
        .returning(CalendarDay.id)
        .run()
    )
    return rows[0]["id"]


async def save_day(item: CalendarInput, actor: audit.Actor) -> None:
    async with write_transaction():
        day_id = await _upsert(item)
        await audit.record(
            actor,
            "calendar_day.save",
            "calendar_day",
            day_id,
            after={"day": item.day, "kind": item.kind, "name": item.name},
        )


async def import_days(items: list[CalendarInput], actor: audit.Actor) -> int:
    """All the days in one transaction (a date already there takes the file's kind and name); one audit entry."""
    async with write_transaction():
        for item in items:
            await _upsert(item)
        await audit.record(
            actor,
            "calendar_day.import",
            "calendar_day",
            f"{items[0].day.year}" if items else "",
            after={
                "days": len(items),
                "from": min(i.day for i in items) if items else None,
                "to": max(i.day for i in items) if items else None,
            },
        )
    return len(items)


async def delete_day(day_id: int, actor: audit.Actor) -> None:
    async with write_transaction():
        deleted = (
            await CalendarDay.delete()
            .where(CalendarDay.id == day_id)
            .returning(CalendarDay.day, CalendarDay.kind)
            .run()
        )
        if deleted:
            await record_deletion(CalendarDay._meta.tablename, day_id)
            await audit.record(actor, "calendar_day.delete", "calendar_day", day_id, before=deleted[0])
