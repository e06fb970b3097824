"""Record a backlog of scans on a kiosk node as its page does (through record_scan), for sync tests and bench/sync.py.

    FLOORHR_ROLE=kiosk FLOORHR_DATA_DIR=... python -m tests.sync.backlog BADGE1,BADGE2,... COUNT

Scan i is badge i mod n at 2026-03-02 00:00 UTC + i minutes: each badge every n minutes, so punches, not duplicates.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta

from app.attendance.scans.service import node_id, record_scan
from app.db.engine import use_database
from app.settings import Settings
from app.sync import outbox

START = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)


async def record(settings: Settings, badges: list[str], count: int) -> None:
    for index in range(count):
        await record_scan(
            badges[index % len(badges)],
            node_id(settings),
            START + timedelta(minutes=index),
            "kiosk",
            secret=settings.secret_key,
            zone=settings.zone,
        )


def main() -> None:
    settings = Settings.from_env()
    use_database(settings.database_url)
    outbox.configure(settings.role)
    asyncio.run(record(settings, sys.argv[1].split(","), int(sys.argv[2])))


if __name__ == "__main__":
    main()
