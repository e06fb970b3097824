"""Plant settings onboarding reads (company name, badge pick-up place, the induction course)."""

from __future__ import annotations

import json
from typing import Any

from app.people.tables import PlantSetting


async def setting(key: str) -> Any:
    """The setting's JSON value, or None. Read raw: SQLite hands a JSON number back already as a number."""
    row = await PlantSetting.select(PlantSetting.value).where(PlantSetting.key == key).first().run()
    if row is None:
        return None
    value = row["value"]
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
