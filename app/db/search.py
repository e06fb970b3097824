"""Case-insensitive 'contains' on both engines, with % and _ typed by the user matched as themselves."""

from __future__ import annotations

from piccolo.columns import Column
from piccolo.columns.combination import Where
from piccolo.columns.operators.comparison import ComparisonOperator
from piccolo.engine.sqlite import SQLiteEngine


class _LikeEscaped(ComparisonOperator):
    # SQLite's LIKE has no escape character unless one is named (PostgreSQL's default is the backslash).
    template = "{name} LIKE {value} ESCAPE '\\'"


class _ILikeEscaped(ComparisonOperator):
    template = "{name} ILIKE {value} ESCAPE '\\'"


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: Column, text: str) -> Where:
    """ILIKE on PostgreSQL; SQLite's LIKE is already case-insensitive (and has no ILIKE)."""
    pattern = f"%{escape_like(text)}%"
    sqlite = isinstance(column._meta.table._meta.db, SQLiteEngine)
    return Where(column=column, value=pattern, operator=_LikeEscaped if sqlite else _ILikeEscaped)
