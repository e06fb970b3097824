"""HR's shifts, weekly patterns, one-day overrides and the overtime unit: reference data with change numbers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from app.attendance import rules
from app.attendance.days.compute import OVERTIME_UNIT_KEY
from app.attendance.schedule.forms import OverrideInput, PatternInput, ShiftInput
from app.attendance.schedule.roster import ShiftDef, all_shifts, shift_def
from app.attendance.tables import Shift, ShiftAssignment, ShiftOverride
from app.audit import service as audit
from app.db.tx import write_transaction
from app.i18n import N_
from app.people import plant_settings
from app.people.tables import Department, Employee
from app.sync.changes import next_change_no, record_deletion

UNKNOWN_EMPLOYEE = N_("There is no employee with this code.")


@dataclass(frozen=True)
class ShiftRow:
    id: int
    code: str
    name: str
    label: str
    start: str  # HH:MM
    end: str
    breaks: str  # as typed in the form: 12:00-13:00, 18:00-18:30
    grace_late_minutes: int
    grace_early_minutes: int
    planned_minutes: int
    crosses_midnight: bool


@dataclass(frozen=True)
class PatternRow:
    id: int
    target: str  # the department's name, or the employee's code and name
    for_employee: bool
    week: tuple[str, ...]  # shift names, "" for a rest day
    effective_from: date


@dataclass(frozen=True)
class OverrideRow:
    id: int
    employee_code: str
    name: str
    work_date: date
    shift_name: str  # "" for a day off


def _shift_row(shift: ShiftDef) -> ShiftRow:
    shape = shift.shape
    return ShiftRow(
        shift.id,
        shift.code,
        shift.name,
        shift.label,
        f"{shape.start:%H:%M}",
        f"{shape.end:%H:%M}",
        ", ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in shape.breaks),
        shape.grace_late_minutes,
        shape.grace_early_minutes,
        rules.planned_minutes(shape),
        shape.end <= shape.start,
    )


async def list_shifts() -> list[ShiftRow]:
    return [_shift_row(shift) for shift in (await all_shifts()).values()]


async def get_shift(shift_id: int) -> ShiftRow | None:
    row = await Shift.select().where(Shift.id == shift_id).first().run()
    return _shift_row(shift_def(row)) if row else None


async def save_shift(shift_id: int | None, data: ShiftInput, actor: audit.Actor) -> dict[str, str]:
    """Create (shift_id None) or change a shift; errors per field, nothing saved when there are any."""
    values = {
        "code": data.code,
        "name": data.name,
        "start": data.start,
        "end": data.end,
        "breaks": json.dumps(data.breaks_json),
        "grace_late_minutes": data.grace_late_minutes,
        "grace_early_minutes": data.grace_early_minutes,
    }
    async with write_transaction():
        taken = Shift.exists().where(Shift.code == data.code)
        if await (taken.where(Shift.id != shift_id) if shift_id else taken).run():
            return {"code": N_("This shift code is already in use.")}
        change_no = await next_change_no()
        if shift_id is None:
            rows = await Shift.insert(Shift(**values, change_no=change_no)).returning(Shift.id).run()
            await audit.record(actor, "shift.create", "shift", rows[0]["id"], after=values)
            return {}
        before = (
            await Shift.select(*Shift.all_columns(exclude=[Shift.id, Shift.change_no]))
            .where(Shift.id == shift_id)
            .first()
            .run()
        )
        await Shift.update({**values, "change_no": change_no}).where(Shift.id == shift_id).run()
        await audit.record(actor, "shift.update", "shift", shift_id, *audit.changed_fields(before or {}, values))
    return {}


async def _employee_id(code: str) -> int | None:
    row = await Employee.select(Employee.id).where(Employee.employee_code == code).first().run()
    return row["id"] if row else None


async def list_patterns() -> list[PatternRow]:
    names = {shift.id: shift.name for shift in (await all_shifts()).values()}
    rows = (
        await ShiftAssignment.select(
            ShiftAssignment.id,
            ShiftAssignment.week,
            ShiftAssignment.effective_from,
            ShiftAssignment.department.name,
            ShiftAssignment.employee,
            ShiftAssignment.employee.employee_code,
            ShiftAssignment.employee.name,
        )
        .order_by(ShiftAssignment.effective_from, ascending=False)
        .output(load_json=True)
        .run()
    )
    return [
        PatternRow(
            row["id"],
            f"{row['employee.employee_code']} {row['employee.name']}"
            if row["employee"]
            else row["department.name"] or "",
            row["employee"] is not None,
            tuple(names.get(item, "") for item in (list(row["week"] or []) + [None] * 7)[:7]),
            row["effective_from"],
        )
        for row in rows
    ]


async def save_pattern(data: PatternInput, actor: audit.Actor) -> dict[str, str]:
    """A weekly pattern from a date; the same target and date again replaces it."""
    employee_id = await _employee_id(data.employee_code) if data.employee_code else None
    if data.employee_code and employee_id is None:
        return {"employee_code": UNKNOWN_EMPLOYEE}
    if data.department_id and not await Department.exists().where(Department.id == data.department_id).run():
        return {"department_id": N_("Choose a department from the list.")}
    target = (
        ShiftAssignment.employee == employee_id
        if employee_id
        else ((ShiftAssignment.department == data.department_id) & ShiftAssignment.employee.is_null())
    )
    same = target & (ShiftAssignment.effective_from == data.effective_from)
    values = {"week": json.dumps(list(data.week)), "effective_from": data.effective_from}
    async with write_transaction():
        change_no = await next_change_no()
        existing = await ShiftAssignment.select(ShiftAssignment.id).where(same).first().run()
        if existing:
            await ShiftAssignment.update({**values, "change_no": change_no}).where(same).run()
            pattern_id = existing["id"]
        else:
            rows = (
                await ShiftAssignment.insert(
                    ShiftAssignment(
                        employee=employee_id,
                        department=None if employee_id else data.department_id,
                        change_no=change_no,
                        **values,
                    )
                )
                .returning(ShiftAssignment.id)
                .run()
            )
            pattern_id = rows[0]["id"]
        await audit.record(
            actor,
            "shift_pattern.save",
            "shift_pattern",
            pattern_id,
            after={**values, "employee": employee_id, "department": data.department_id},
        )
    return {}


async def delete_pattern(pattern_id: int, actor: audit.Actor) -> None:
    async with write_transaction():
        deleted = (
            await ShiftAssignment.delete().where(ShiftAssignment.id == pattern_id).returning(ShiftAssignment.id).run()
        )
        if deleted:
            await record_deletion(ShiftAssignment._meta.tablename, pattern_id)
            await audit.record(actor, "shift_pattern.delete", "shift_pattern", pattern_id)


async def list_overrides(since: date) -> list[OverrideRow]:
    rows = (
        await ShiftOverride.select(
            ShiftOverride.id,
            ShiftOverride.work_date,
            ShiftOverride.employee.employee_code,
            ShiftOverride.employee.name,
            ShiftOverride.shift.name,
        )
        .where(ShiftOverride.work_date >= since)
        .order_by(ShiftOverride.work_date)
        .run()
    )
    return [
        OverrideRow(
            row["id"], row["employee.employee_code"], row["employee.name"], row["work_date"], row["shift.name"] or ""
        )
        for row in rows
    ]


async def save_override(data: OverrideInput, actor: audit.Actor) -> dict[str, str]:
    """One day for one employee: another shift, or a day off; the same day again replaces it."""
    employee_id = await _employee_id(data.employee_code)
    if employee_id is None:
        return {"employee_code": UNKNOWN_EMPLOYEE}
    same = (ShiftOverride.employee == employee_id) & (ShiftOverride.work_date == data.work_date)
    async with write_transaction():
        change_no = await next_change_no()
        existing = await ShiftOverride.select(ShiftOverride.id).where(same).first().run()
        if existing:
            await (
                ShiftOverride.update({ShiftOverride.shift: data.shift_id, ShiftOverride.change_no: change_no})
                .where(same)
                .run()
            )
            override_id = existing["id"]
        else:
            rows = (
                await ShiftOverride.insert(
                    ShiftOverride(
                        employee=employee_id, work_date=data.work_date, shift=data.shift_id, change_no=change_no
                    )
                )
                .returning(ShiftOverride.id)
                .run()
            )
            override_id = rows[0]["id"]
        await audit.record(
            actor,
            "shift_override.save",
            "shift_override",
            override_id,
            after={"employee": employee_id, "work_date": data.work_date, "shift": data.shift_id},
        )
    return {}


async def delete_override(override_id: int, actor: audit.Actor) -> None:
    async with write_transaction():
        deleted = await ShiftOverride.delete().where(ShiftOverride.id == override_id).returning(ShiftOverride.id).run()
        if deleted:
            await record_deletion(ShiftOverride._meta.tablename, override_id)
            await audit.record(actor, "shift_override.delete", "shift_override", override_id)


async def set_overtime_unit(minutes: int, actor: audit.Actor) -> None:
    """Overtime is rounded down to this many minutes a day (PlantSetting overtime_unit_minutes)."""
    await plant_settings.write(OVERTIME_UNIT_KEY, minutes, actor)
