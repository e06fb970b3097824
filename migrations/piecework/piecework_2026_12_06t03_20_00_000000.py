"""A worker's piece reports of a month by (employee, work_date): My page and the worker's month read them.

With only single-column indexes SQLite may search by work_date and read every worker's reports of the month to
keep one worker's (44,000 rows for 1,000 workers), a cost that grows with the plant.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T03:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "piece_report (employee, work_date) index for a worker's month"

STATEMENTS = ("CREATE INDEX IF NOT EXISTS piece_report_employee_work_date ON piece_report (employee, work_date)",)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="piecework", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(create_indexes)
    return manager
