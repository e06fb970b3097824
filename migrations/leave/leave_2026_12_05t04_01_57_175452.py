from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Date
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-05T04:01:57:175452"
VERSION = "1.38.0"
DESCRIPTION = "A run of work since (the 12 months of annual leave); a leave across 31 December split by year"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="leave", description=DESCRIPTION
    )

    manager.add_column(
        table_class_name="LeavePerson",
        tablename="leave_person",
        column_name="continuous_since",
        db_column_name="continuous_since",
        column_class_name="Date",
        column_class=Date,
        params={
            "default": None,
            "null": True,
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

    manager.add_column(
        table_class_name="LeaveRequest",
        tablename="leave_request",
        column_name="halves_first_year",
        db_column_name="halves_first_year",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": None,
            "null": True,
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
