"""A report of HR's dashboard: a chart, the table it is drawn from, and the same table as an Excel sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup


@dataclass
class Report:
    key: str
    title: str  # msgid
    headers: list[str]  # msgids
    rows: list[list[Any]]
    chart: Markup | None = None
    note: str = ""  # msgid shown under the title
    flagged: set[int] = field(default_factory=set)  # row indexes to highlight
