"""The employer's side of every labour contract: a named HR user the plant authorises, and the plant's seal.

Both are plant settings, so kiosk nodes that sign contracts offline pull them with the rest of the reference data.
The signatory is kept as the name printed on the contract ("display name（username）"), fixed when HR chooses it.
"""

from __future__ import annotations

import base64
import binascii

from app.audit import service as audit
from app.auth.tables import User
from app.errors import Refused
from app.i18n import N_
from app.onboarding import contract
from app.people import plant_settings

SIGNATORY = "contract_signatory"
SEAL = "contract_seal"
SIGNING_ROLES = ("hr", "admin")
NOT_A_SIGNATORY = N_("Choose an active HR user to sign contracts for the plant.")
BAD_SEAL = N_("The seal must be a PNG picture of 100 to 1,200 pixels a side and at most 300 KB.")


async def company_name() -> str:
    return await plant_settings.read_text(plant_settings.PLANT_NAME) or "本公司"


async def candidates() -> list[dict]:
    """Active users who may sign for the plant (HR and admins), for the chooser."""
    rows = await User.select(User.id, User.username, User.display_name, User.roles).where(User.active == True).run()  # noqa: E712
    return [row for row in rows if set(row["roles"].split(",")) & set(SIGNING_ROLES)]


def _printed(row: dict) -> str:
    return f"{row['display_name'] or row['username']}（{row['username']}）"


async def choose_signatory(user_id: int | None, actor: audit.Actor) -> str:
    chosen = next((row for row in await candidates() if row["id"] == user_id), None)
    if chosen is None:
        raise Refused(NOT_A_SIGNATORY, field="signatory")
    await plant_settings.write(SIGNATORY, _printed(chosen), actor)
    return _printed(chosen)


async def upload_seal(png: bytes, actor: audit.Actor) -> None:
    if contract.seal_png(png) is None:
        raise Refused(BAD_SEAL, field="seal")
    text = base64.b64encode(png).decode("ascii")
    await plant_settings.write(SEAL, text, actor, shown=f"PNG, {len(png)} bytes, SHA-256 {contract.sha256_hex(png)}")


async def seal() -> bytes | None:
    try:
        return base64.b64decode(await plant_settings.read_text(SEAL), validate=True) or None
    except (binascii.Error, ValueError):
        return None


async def employer_side() -> contract.EmployerSide | None:
    """Who signs for the plant and its seal, or None while HR has not set both (no contract is signed then)."""
    representative, stamp = await plant_settings.read_text(SIGNATORY), await seal()
    if not representative or stamp is None:
        return None
    return contract.EmployerSide(await company_name(), representative, stamp)
