"""How each employee is paid (payroll's own table, keyed by employee): piece rate or a monthly time rate."""

from __future__ import annotations

from app.audit import service as audit
from app.db.tx import write_transaction
from app.i18n import N_
from app.payroll.tables import SCHEMES, PaySetting
from app.people import plant_settings
from app.people.tables import Employee
from app.piecework.catalogue import CatalogueError, parse_fen
from app.timeutil import utcnow


async def set_pay(employee_id: int, scheme: str, monthly: str, probation: str, actor: audit.Actor) -> None:
    """Monthly amounts are typed in yuan; a time-rate worker needs a monthly base."""
    if scheme not in SCHEMES:
        raise CatalogueError(N_("Choose piece rate or time rate."))
    base = parse_fen(monthly) if monthly.strip() else 0
    trial = parse_fen(probation) if probation.strip() else None
    if scheme == "time" and base == 0:
        raise CatalogueError(N_("A time-rate worker needs a monthly base wage."))
    if not await Employee.exists().where(Employee.id == employee_id).run():
        raise CatalogueError(N_("This employee does not exist."))
    values = {"scheme": scheme, "monthly_base_fen": base, "probation_monthly_fen": trial}
    async with write_transaction():
        before = await PaySetting.select().where(PaySetting.employee == employee_id).first().run()
        if before:
            await PaySetting.update({**values, "updated_at": utcnow()}).where(PaySetting.employee == employee_id).run()
        else:
            await PaySetting.insert(PaySetting(employee=employee_id, updated_at=utcnow(), **values)).run()
        await audit.record(
            actor,
            "set_pay",
            "employee",
            employee_id,
            before={k: before[k] for k in values} if before else None,
            after=values,
        )


async def pay_of(employee_id: int) -> dict | None:
    return await PaySetting.select().where(PaySetting.employee == employee_id).first().run()


async def set_plant_number(key: str, value: int, actor: audit.Actor) -> None:
    """A plant setting payroll reads (minimum_wage_fen, defect_deduct_percent), as reference data."""
    await plant_settings.write(key, value, actor)
