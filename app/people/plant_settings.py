"""Plant-wide settings (PlantSetting rows): read them, and change one as reference data kiosks pull.

Every writer goes through `write`: a new change number (so kiosk nodes pull the value), the JSON
text the column takes, and an audit entry, in one transaction.
"""

from __future__ import annotations

import json
from typing import Any

from app.audit import service as audit
from app.db.prepared import Prepared
from app.db.tx import write_transaction
from app.people.tables import PlantSetting
from app.sync.changes import next_change_no

PLANT_NAME = "plant_name"  # the employer's name: contracts, payroll ledger, termination certificates
BADGE_PICKUP = "onboarding_badge_pickup"  # where a worker onboarded at a kiosk collects the badge
EMPLOYEE_CODE_PATTERN = "employee_code_pattern"  # e.g. E####: the new-employee form suggests the next code
EMPLOYER_ADDRESS = "employer_address"  # Labour Contract Law art. 17: the employer's address on contracts
LEGAL_REPRESENTATIVE = "legal_representative"  # art. 17: the employer's legal representative (or principal)
PAY_DAY = "pay_day"  # art. 17 (pay): the day of the month wages are paid, "1".."31"
PAY_LOCKED_THROUGH = "pay_locked_through"  # the last day of the latest locked pay month (ISO date), set by payroll
NAME_LIMIT = 100
TABLE_NAME = PlantSetting._meta.tablename  # for a change-number watermark (attendance's staleness)


_READ = Prepared(  # read by most pages, some several times (app.db.prepared: built once)
    lambda key: PlantSetting.select(PlantSetting.value).where(PlantSetting.key == key).first()
)


async def read(key: str) -> Any:
    """The setting's value, or None. Read raw: SQLite hands a JSON number back already as a number."""
    row = await _READ.run(key)
    if row is None:
        return None
    value = row["value"]
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def read_text(key: str) -> str:
    value = await read(key)
    return value if isinstance(value, str) else ""


async def read_int(key: str, default: int, minimum: int = 0) -> int:
    """A whole-number setting (a count, fen, minutes), or default when unset or not a whole number >= minimum."""
    value = await read(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= minimum else default


async def write(key: str, value: Any, actor: audit.Actor, shown: Any = None) -> None:
    """shown: what the audit log keeps instead of a bulky value (a picture's size and hash)."""
    async with write_transaction():
        change_no, text = await next_change_no(), json.dumps(value, ensure_ascii=False)
        before = await read(key)
        updated = (
            await PlantSetting.update({PlantSetting.value: text, PlantSetting.change_no: change_no})
            .where(PlantSetting.key == key)
            .returning(PlantSetting.id)
            .run()
        )
        if not updated:
            await PlantSetting.insert(PlantSetting(key=key, value=text, change_no=change_no)).run()
        await audit.record(
            actor,
            "plant_setting.update",
            "plant_setting",
            key,
            before={key: before if shown is None else "…"},
            after={key: value if shown is None else shown},
        )
