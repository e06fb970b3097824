"""ID numbers starting with 9 carry a province code in digits 2-3; birth years before 1900 are refused
(issue 16, point 6). Check characters are computed here from GB 11643's MOD 11-2 rule (RULES.md)."""

from __future__ import annotations

from datetime import date

import pytest

from app.onboarding import rules

TODAY = date(2026, 11, 25)
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def with_check(body17: str) -> str:
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, WEIGHTS)) % 11]


@pytest.mark.parametrize(
    "body, kind, error",
    [
        pytest.param("91184019850312001", rules.IdKind.FOREIGN_PERMANENT, None, id="9_then_beijing_11_is_accepted"),
        pytest.param("96584019850312001", rules.IdKind.FOREIGN_PERMANENT, None, id="9_then_xinjiang_65_is_accepted"),
        pytest.param("99184019850312001", None, "id.foreign_bad_province", id="9_then_91_is_no_province"),
        pytest.param("90084019850312001", None, "id.foreign_bad_province", id="9_then_00_is_no_province"),
        pytest.param("91684019850312001", None, "id.foreign_bad_province", id="9_then_16_is_no_province"),
        pytest.param("11010518991231001", None, "id.birth_before_1900", id="born_1899_is_refused"),
        pytest.param("91184018991231001", None, "id.birth_before_1900", id="a_foreigner_born_1899_is_refused_too"),
        pytest.param("11010519000101001", rules.IdKind.RESIDENT, None, id="born_1900_01_01_is_accepted"),
    ],
)
def test_id_numbers_are_checked_for_province_and_birth_year(body, kind, error):
    check = rules.validate_resident_id(with_check(body), TODAY)
    assert check.kind is kind
    assert [problem.code for problem in check.errors] == ([error] if error else [])
