"""A worker's posts in published plans by (employee, day): My page's coming two weeks read them.

plan_post had no index a worker's lookup could use, so every My page read the whole table: every post of every
plan ever made (about 14,000 rows a four-week plan of 500 workers).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-06T03:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "plan_post (employee, day) index for a worker's coming shifts"

STATEMENTS = ("CREATE INDEX IF NOT EXISTS plan_post_employee_day ON plan_post (employee, day)",)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="planning", description=DESCRIPTION)

    async def create_indexes():
        engine = engine_finder()
        for statement in STATEMENTS:
            await engine.run_ddl(statement)

    manager.add_raw(create_indexes)
    return manager
