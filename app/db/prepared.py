"""Selects Piccolo builds once and runs many times with new values.

Building a select in Piccolo (columns through foreign keys, joins, where clauses, then the SQL text) costs about as
much CPU as SQLite takes to run a small one: on My page, which runs some twenty on every open, building was a third
of the page's time. A Prepared select is built once per process, engine kind and list lengths, with a placeholder
where each value goes; each run puts the values in their places and hands Piccolo's engine the finished SQL, then
Piccolo's own result handling (JSON, output options, first()) as the built query would.

    MINE = Prepared(lambda employee, since: Scan.select(Scan.id).where((Scan.employee == employee) & ...))
    rows = await MINE.run(employee_id, first_day)

The values are what Piccolo would send itself: ints, strings, dates, datetimes, booleans, or a list of them for
is_in (one build per length). None is not a placeholder: the build gets None itself (a build of its own), so
`column == value` builds `IS NULL` as Piccolo would, or the build leaves a condition out ("everyone" instead of some
people's ids). Table rows and enums are refused (Piccolo converts those while building).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from piccolo.query.base import Query
from piccolo.query.methods.select import First, Select
from piccolo.querystring import QueryString

_PLAIN = (int, str, date, datetime, float, uuid.UUID)  # bool is an int
MAX_SHAPES = 64  # builds kept per Prepared (one per set of list lengths): a long tail of lengths builds again


class _Slot:
    """Where value number `index` (item `item` of it, for a list) goes in the built query."""

    __slots__ = ("index", "item")

    def __init__(self, index: int, item: int | None = None):
        self.index, self.item = index, item


class _Compiled(QueryString):
    """SQL already compiled with its values: Piccolo's engines run it as they run a frozen query."""

    def __init__(self, sql: str, args: list, query_type: str, table):  # noqa: D107  (no template to parse)
        self.template, self.args, self.query_type, self.table = sql, [], query_type, table
        self._frozen_compiled_strings = (sql, args)
        self.columns, self._alias = [], None


@dataclass
class _Plan:
    query: Query  # the built select: its result handling is reused
    first: bool  # built with .first(): one row or None
    compiled: dict[str, tuple[str, list, list[tuple[int, _Slot]], str]]  # engine type -> sql, args, slots, kind
    placeholders: int  # the slots handed to the build: each must come out as one value of the SQL


class Prepared:
    def __init__(self, build: Callable[..., Any]):
        self._build = build
        self._plans: dict[tuple, _Plan] = {}

    def _plan(self, values: tuple) -> _Plan:
        shape = tuple(
            len(value) if isinstance(value, list | tuple) else "none" if value is None else "value" for value in values
        )
        plan = self._plans.get(shape)
        if plan is None:
            slots = [
                None if kind == "none" else _Slot(index) if kind == "value" else [_Slot(index, n) for n in range(kind)]
                for index, kind in enumerate(shape)
            ]
            built = self._build(*slots)
            first = isinstance(built, First)
            if not first and not isinstance(built, Select):
                raise TypeError(f"a prepared query is a select or a select's first(), not {type(built).__name__}")
            expected = sum(1 if kind == "value" else 0 if kind == "none" else kind for kind in shape)
            plan = _Plan(built.query if first else built, first, {}, expected)
            if len(self._plans) >= MAX_SHAPES:
                self._plans.clear()
            self._plans[shape] = plan
        return plan

    async def run(self, *values) -> Any:
        for value in values:
            for item in value if isinstance(value, list | tuple) else () if value is None else (value,):
                if not isinstance(item, _PLAIN):
                    raise TypeError(f"a prepared select takes plain values, not {type(item).__name__}")
        plan = self._plan(values)
        engine = plan.query.table._meta.db
        compiled = plan.compiled.get(engine.engine_type)
        if compiled is None:
            (querystring,) = plan.query.querystrings
            sql, args = querystring.compile_string(engine_type=engine.engine_type)
            slots = [(position, arg) for position, arg in enumerate(args) if isinstance(arg, _Slot)]
            if len(slots) != plan.placeholders:  # a value the build dropped or Piccolo changed would run as another
                raise TypeError(f"{plan.placeholders} values given, {len(slots)} placeholders in the built SQL")
            compiled = plan.compiled[engine.engine_type] = (sql, args, slots, querystring.query_type)
        sql, args, slots, kind = compiled
        filled = list(args)
        for position, slot in slots:
            filled[position] = values[slot.index] if slot.item is None else values[slot.index][slot.item]
        rows = await engine.run_querystring(_Compiled(sql, filled, kind, plan.query.table), in_pool=True)
        rows = await plan.query._process_results(rows)
        if plan.first:
            return rows[0] if rows else None
        return rows
