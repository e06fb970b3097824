"""Composite indexes for the kiosk hot path (Piccolo columns declare single-column indexes only).

scan (node_id, node_seq): the next node_seq is max + 1 of this node, in every scan's write
transaction; scan (employee, scanned_at): the last punch of the person being scanned.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-23T00:50:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "scan indexes for the kiosk hot path"

STATEMENTS = (
    "CREATE INDEX IF NOT EXISTS scan_node_id_node_seq ON scan (node_id, node_seq)",
    "CREATE INDEX IF NOT EXISTS scan_employee_scanned_at ON scan (employee, scanned_at)",
)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="attendance", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(create_indexes)
    return manager
