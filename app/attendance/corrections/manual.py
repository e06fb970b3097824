"""Bulk punch entry after a kiosk outage: HR or a supervisor (for their team) enters a shift's in and out for
many workers at once, from a grid or an Excel sheet, checked row by row before anything is stored.

A row is refused where it would overlap real scans of the person (app.attendance.corrections.manual_rules), or
another shift entered by hand, or names someone not of the supervisor's team. Stored rows are audited,
and the people's days are derived again at once; later real scans for the same shift win (the rows then
show as superseded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from app.attendance import rules
from app.attendance.corrections import manual_rules
from app.attendance.days.compute import manual_spans, recompute_days
from app.attendance.schedule.forms import clock, parse_date
from app.attendance.tables import ManualPunch, Scan
from app.audit import service as audit
from app.auth.service import CurrentUser
from app.db.tx import write_transaction
from app.errors import Refused
from app.i18n import N_
from app.ids import new_id
from app.people.tables import Employee
from app.people.team import team
from app.timeutil import as_utc, utcnow

REASONS = {"kiosk_down": N_("Kiosk down"), "power_cut": N_("Power cut"), "other": N_("Other (see the note)")}
MAX_ROWS = 500


@dataclass(frozen=True)
class EntryRow:
    """One row as typed or read from the sheet: the worker's code, the work date, in and out (HH:MM)."""

    number: int
    code: str
    day: str
    start: str
    end: str


@dataclass
class CheckedRow:
    row: EntryRow
    employee_id: int | None = None
    name: str = ""
    department_id: int | None = None
    work_date: date | None = None
    in_at: datetime | None = None  # UTC
    out_at: datetime | None = None  # UTC
    problem: str = ""  # a message marked for translation; "" when the row can be entered


@dataclass
class Checked:
    rows: list[CheckedRow] = field(default_factory=list)

    @property
    def valid(self) -> list[CheckedRow]:
        return [row for row in self.rows if not row.problem]

    @property
    def refused(self) -> list[CheckedRow]:
        return [row for row in self.rows if row.problem]


def _times(row: EntryRow, checked: CheckedRow, zone: ZoneInfo, now: datetime) -> str:
    """Fill the row's date and UTC span; returns its problem or ""."""
    work_date, start, end = parse_date(row.day), clock(row.start), clock(row.end)
    if work_date is None:
        return N_("Write the date as YYYY-MM-DD.")
    if start is None or end is None:
        return N_("Write in and out as HH:MM.")
    in_local, out_local = manual_rules.local_span(work_date, start, end)
    if out_local - in_local > manual_rules.LONGEST_SHIFT:
        return N_("In and out are more than 16 hours apart.")
    checked.work_date = work_date
    checked.in_at = rules.plant_local_to_utc(in_local, zone)
    checked.out_at = rules.plant_local_to_utc(out_local, zone)
    return N_("A punch cannot be in the future.") if checked.out_at > now else ""


async def _real_punches(ids: list[int], first: datetime, last: datetime) -> dict[int, list[datetime]]:
    found: dict[int, list[datetime]] = {}
    rows = (
        await Scan.select(Scan.employee, Scan.scanned_at)
        .where(
            Scan.employee.is_in(ids or [0])
            & (Scan.outcome == "punch")
            & (Scan.scanned_at >= first - manual_rules.MARGIN)
            & (Scan.scanned_at <= last + manual_rules.MARGIN)
        )
        .order_by(Scan.scanned_at)
        .run()
    )
    for row in rows:
        found.setdefault(row["employee"], []).append(as_utc(row["scanned_at"]))
    return found


async def check(rows: list[EntryRow], user: CurrentUser, zone: ZoneInfo) -> Checked:
    """Every row checked: who, when, the user's team, overlaps with real scans and with other manual rows."""
    if not rows:
        raise Refused(N_("Enter at least one worker's in and out."))
    if len(rows) > MAX_ROWS:
        raise Refused(N_("At most 500 rows at once."))
    codes = {row.code.strip().upper() for row in rows}
    people = {
        item["employee_code"]: item
        for item in await Employee.select(
            Employee.id, Employee.employee_code, Employee.name, Employee.department, Employee.status
        )
        .where(Employee.employee_code.is_in(list(codes) or [""]))
        .run()
    }
    allowed = None if user.has_any("hr") else {member.id for member in await team(user)}
    result, now = Checked(), utcnow()
    for row in rows:
        checked, person = CheckedRow(row), people.get(row.code.strip().upper())
        if person is None or person["status"] == "left":
            checked.problem = N_("No such worker code, or the worker has left.")
        else:
            checked.employee_id, checked.name, checked.department_id = (
                person["id"],
                person["name"],
                person["department"],
            )
            checked.problem = (
                N_("This worker is not of your team.")
                if allowed is not None and person["id"] not in allowed
                else _times(row, checked, zone, now)
            )
        result.rows.append(checked)
    await _overlaps(result.valid)
    return result


async def _overlaps(rows: list[CheckedRow]) -> None:
    """Refuse rows near real scans, overlapping a stored manual row, or overlapping another row of the batch."""
    if not rows:
        return
    first, last = min(row.in_at for row in rows), max(row.out_at for row in rows)
    ids = list({row.employee_id for row in rows})
    real = await _real_punches(ids, first, last)
    stored = await manual_spans(ids, first - manual_rules.LONGEST_SHIFT, last)
    taken: dict[int, list[tuple[datetime, datetime]]] = {key: list(value) for key, value in stored.items()}
    for row in sorted(rows, key=lambda item: item.row.number):
        span = (row.in_at, row.out_at)
        if manual_rules.near_real_punches(row.in_at, row.out_at, real.get(row.employee_id, [])):
            row.problem = N_("The kiosk recorded real scans for this shift: they count, not this row.")
        elif any(manual_rules.spans_overlap(span, other) for other in taken.get(row.employee_id, [])):
            row.problem = N_("Overlaps another shift entered by hand for this worker.")
        else:
            taken.setdefault(row.employee_id, []).append(span)


async def enter(
    rows: list[EntryRow], reason: str, note: str, user: CurrentUser, zone: ZoneInfo, valid_only: bool
) -> tuple[int, Checked]:
    """Store the rows (all of them, or with valid_only the valid ones) as one batch; returns (stored, checked).
    With a refused row and not valid_only nothing is stored."""
    if reason not in REASONS:
        raise Refused(N_("Choose why the punches are entered by hand."), field="reason")
    checked = await check(rows, user, zone)
    if checked.refused and not valid_only or not checked.valid:
        return 0, checked
    batch, now = new_id(), utcnow()
    async with write_transaction():
        for row in checked.valid:
            entry = ManualPunch(
                id=new_id(),
                batch=batch,
                employee=row.employee_id,
                department=row.department_id,
                work_date=row.work_date,
                in_at=row.in_at,
                out_at=row.out_at,
                reason=reason,
                note=note[:200],
                entered_by=user.actor.name,
                entered_by_user=user.id,
                entered_at=now,
            )
            await ManualPunch.insert(entry).run()
            await audit.record(
                user.actor,
                "manual_punch.enter",
                "manual_punch",
                entry.id,
                after={
                    "employee": row.employee_id,
                    "work_date": row.work_date,
                    "in": row.in_at,
                    "out": row.out_at,
                    "reason": reason,
                    "note": note[:200],
                },
            )
    first = min(row.work_date for row in checked.valid)
    last = max(row.work_date for row in checked.valid)
    await recompute_days(
        list({row.employee_id for row in checked.valid}), first - timedelta(days=1), last + timedelta(days=1), zone
    )
    return len(checked.valid), checked


@dataclass(frozen=True)
class ManualEntry:
    id: object
    employee_code: str
    name: str
    work_date: date
    in_at: datetime
    out_at: datetime
    reason: str
    note: str
    entered_by: str
    entered_at: datetime
    superseded: bool  # real scans of this shift arrived later: they count, this row does not


async def entries(user: CurrentUser, first: date, last: date) -> list[ManualEntry]:
    """Rows entered by hand for work dates first..last (a supervisor: their team's), newest first."""
    query = (
        ManualPunch.select(ManualPunch.all_columns(), ManualPunch.employee.employee_code, ManualPunch.employee.name)
        .where((ManualPunch.work_date >= first) & (ManualPunch.work_date <= last))
        .order_by(ManualPunch.work_date, ascending=False)
        .order_by(ManualPunch.employee.employee_code)
        .limit(1000)
    )
    if not user.has_any("hr"):
        query = query.where(ManualPunch.employee.is_in([member.id for member in await team(user)] or [0]))
    rows = await query.run()
    if not rows:
        return []
    real = await _real_punches(
        list({row["employee"] for row in rows}),
        min(as_utc(row["in_at"]) for row in rows),
        max(as_utc(row["out_at"]) for row in rows),
    )
    return [
        ManualEntry(
            row["id"],
            row["employee.employee_code"],
            row["employee.name"],
            row["work_date"],
            as_utc(row["in_at"]),
            as_utc(row["out_at"]),
            row["reason"],
            row["note"],
            row["entered_by"],
            as_utc(row["entered_at"]),
            manual_rules.near_real_punches(as_utc(row["in_at"]), as_utc(row["out_at"]), real.get(row["employee"], [])),
        )
        for row in rows
    ]


HEADERS = {
    "code": ("工号", "code", "employee code"),
    "day": ("日期", "date", "work date"),
    "start": ("上班", "in", "上班时间"),
    "end": ("下班", "out", "下班时间"),
}


def _cell(value, kind: str) -> str:
    """A sheet cell as the text the row checks read: dates as YYYY-MM-DD, times as HH:MM."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if kind == "day" else value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "strftime"):  # a time
        return value.strftime("%H:%M")
    return str(value).strip()


def rows_from_sheet(cells: list[list[object]]) -> list[EntryRow]:
    """The rows under the header row (the first naming 工号 / code); columns 工号, 日期, 上班, 下班."""
    for index, header in enumerate(cells[:10]):  # noqa: B007 - index is read after the loop
        names = [str(cell or "").strip().lower() for cell in header]
        columns = {
            key: next((n for n, name in enumerate(names) if name in labels), None) for key, labels in HEADERS.items()
        }
        if None not in columns.values():
            break
    else:
        raise Refused(N_("The sheet needs a header row with the columns 工号, 日期, 上班 and 下班."), field="file")
    found = []
    for number, row in enumerate(cells[index + 1 :], start=index + 2):
        values = {key: _cell(row[column] if column < len(row) else None, key) for key, column in columns.items()}
        if any(values.values()):
            found.append(EntryRow(number, values["code"], values["day"], values["start"], values["end"]))
    return found
