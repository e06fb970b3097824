"""Moving a plant from SQLite to PostgreSQL: every table's rows copied in dependency order.

The SQLite file has already been migrated to today's schema, so Piccolo's table classes describe both
sides. Rows go through asyncpg's COPY (copy_records_to_table) in chunks: no statement carries parameters,
so asyncpg's 32,767-parameter limit on INSERT never applies, and it is the fastest path PostgreSQL has.
Piccolo's SQLite converters (registered when piccolo.engine.sqlite is imported) turn stored text back into
dates, aware datetimes, UUIDs and booleans, which is what asyncpg's binary COPY wants.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from piccolo.columns import JSON, JSONB
from piccolo.table import sort_table_classes

from app.db.engine import all_tables

CHUNK_ROWS = 20_000


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _converter(column):
    if isinstance(column, (JSON, JSONB)):  # SQLite hands a JSON number or list back as that, not as text
        return lambda value: value if value is None or isinstance(value, str) else json.dumps(value)
    return None


def _rows(cursor: sqlite3.Cursor, converters: list):
    while rows := cursor.fetchmany(CHUNK_ROWS):
        if any(converters):
            rows = [
                tuple(convert(value) if convert else value for convert, value in zip(converters, row)) for row in rows
            ]
        yield rows


async def _copy_table(source: sqlite3.Connection, connection, table) -> int:
    name = table._meta.tablename
    columns = [column._meta.db_column_name for column in table._meta.columns]
    cursor = source.execute(f"SELECT {', '.join(map(_quoted, columns))} FROM {_quoted(name)} ORDER BY rowid")
    copied = 0
    for rows in _rows(cursor, [_converter(column) for column in table._meta.columns]):
        await connection.copy_records_to_table(name, records=rows, columns=columns)
        copied += len(rows)
    if (
        copied
        and table._meta.primary_key._meta.db_column_name == "id"
        and await connection.fetchval("SELECT pg_get_serial_sequence($1, 'id')", _quoted(name))
    ):
        await connection.execute(
            f"SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT max(id) FROM {_quoted(name)}))", _quoted(name)
        )
    return copied


async def copy_sqlite_to_postgres(sqlite_file: Path, url: str) -> dict[str, int]:
    """Copy every floorhr table's rows from sqlite_file into the (migrated, empty) PostgreSQL database at url."""
    import asyncpg

    source = sqlite3.connect(sqlite_file, detect_types=sqlite3.PARSE_DECLTYPES)
    connection = await asyncpg.connect(url)
    copied = {}
    try:
        async with connection.transaction():
            for table in sort_table_classes(all_tables()):  # referenced tables first
                copied[table._meta.tablename] = await _copy_table(source, connection, table)
    finally:
        await connection.close()
        source.close()
    return copied
