from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-04T22:16:26:346056"
VERSION = "1.38.0"
DESCRIPTION = "Attendance days keep their overtime by kind (a night shift into or out of a holiday)"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="attendance", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="AttendanceDay",
        tablename="attendance_day",
        column_name="overtime_parts",
        db_column_name="overtime_parts",
        column_class_name="JSON",
        column_class=JSON,
        params={
            "default": "{}",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
