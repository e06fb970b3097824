"""A search for % or _ finds those characters, not everything (issue 16, point 8), on both engines."""

from __future__ import annotations

import pytest

from app.people.service import search_employees
from tests.cast import make_employee


@pytest.mark.parametrize(
    "query, codes",
    [
        ("A_1", ["A_1"]),  # _ is a letter here, not "any one character" (AB1 does not match)
        ("C%", ["C%1"]),  # % is a percent sign, not "anything" (CX1 does not match)
        ("%", ["C%1"]),
        ("_", ["A_1"]),
        ("\\", ["D\\1"]),
        ("b1", ["AB1"]),  # still case-insensitive
    ],
)
async def test_search_matches_percent_and_underscore_literally(cast, query, codes):
    for code in ("A_1", "AB1", "C%1", "CX1", "D\\1"):
        await make_employee(code, f"测试{code}", cast.line_a)
    found = await search_employees(query)
    assert sorted(row.employee_code for row in found.items) == codes
