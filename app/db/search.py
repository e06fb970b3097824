"""Case-insensitive 'contains' on both engines."""

from __future__ import annotations

from piccolo.columns import Column
from piccolo.columns.combination import Where
from piccolo.engine.sqlite import SQLiteEngine


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: Column, text: str) -> Where:
    """ILIKE on PostgreSQL; SQLite's LIKE is already case-insensitive (and has no ILIKE)."""
    pattern = f"%{escape_like(text)}%"
    if isinstance(column._meta.table._meta.db, SQLiteEngine):
        return column.like(pattern)
    return column.ilike(pattern)
