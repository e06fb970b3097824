"""Pure rules of the organisation and of exits: the department tree, years of service, notice."""

from __future__ import annotations

from datetime import date

import pytest

from app.people import rules

#         1 plant
#        / \
#   2 stamping  3 assembly
#                 |
#               4 line A
PARENTS = {1: None, 2: 1, 3: 1, 4: 3}


@pytest.mark.parametrize(
    "department, new_parent, cycle",
    [
        (4, 2, False),  # line A moves under stamping
        (3, 4, True),  # assembly inside its own line
        (1, 4, True),  # the plant inside its grandchild
        (2, 2, True),  # inside itself
        (2, None, False),  # to the top
    ],
)
def test_a_department_cannot_be_put_inside_itself(department, new_parent, cycle):
    assert rules.creates_cycle(department, new_parent, PARENTS) is cycle


def test_the_tree_lists_each_department_after_its_parent():
    assert rules.tree_order(PARENTS, [3, 4, 1, 2]) == [(1, 0), (3, 1), (4, 2), (2, 1)]


def test_a_department_in_a_loop_or_with_a_missing_parent_is_shown_at_the_top():
    assert rules.tree_order({1: 2, 2: 1, 5: 99}, [1, 2, 5]) == [(1, 0), (2, 0), (5, 0)]


@pytest.mark.parametrize(
    "hire, last_day, expected",
    [
        (date(2024, 3, 1), date(2026, 2, 28), (2, 0)),  # two full years, last day included
        (date(2024, 3, 1), date(2026, 2, 27), (1, 11)),
        (date(2024, 3, 15), date(2024, 9, 14), (0, 6)),
        (date(2024, 1, 31), date(2024, 2, 29), (0, 1)),  # month-end: 31 January to the end of February
        (date(2024, 3, 1), date(2024, 3, 1), (0, 0)),
        (date(2015, 7, 1), date(2025, 6, 30), (10, 0)),
    ],
)
def test_years_of_service_count_full_months_through_the_last_day(hire, last_day, expected):
    assert rules.service_length(hire, last_day) == expected


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 11, 15), 3, date(2025, 2, 15)),
    ],
)
def test_adding_months_keeps_the_day_or_takes_the_month_end(start, months, expected):
    assert rules.add_months(start, months) == expected


@pytest.mark.parametrize(
    "in_probation, expected",
    [
        (False, date(2026, 4, 10)),  # 30 days' notice (Labour Contract Law art. 37)
        (True, date(2026, 3, 14)),  # 3 days during probation
    ],
)
def test_a_resignation_ends_no_earlier_than_the_notice_allows(in_probation, expected):
    assert rules.earliest_resignation_day(date(2026, 3, 11), in_probation) == expected
