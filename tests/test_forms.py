"""The shared form fields: each reads what HR types, or refuses with the field named and nothing else."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import Refused
from app.forms import Month, date_field, int_field, money_field, parse_date, parse_int, percent_field


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-03-07", date(2026, 3, 7)),
        ("2026/3/7", date(2026, 3, 7)),
        ("2026.03.07", date(2026, 3, 7)),
        (" 2024-02-29 ", date(2024, 2, 29)),
        ("2026-02-30", None),
        ("07-03-2026", None),
        ("", None),
        (None, None),
    ],
)
def test_a_date_is_read_in_the_three_ways_hr_types_it(text, expected):
    assert parse_date(text) == expected


def test_a_missing_or_unreadable_date_is_refused_with_its_field():
    with pytest.raises(Refused) as refused:
        date_field("30/02/2026", "start")
    assert refused.value.field == "start"
    assert date_field("", "end", required=False) is None


@pytest.mark.parametrize(
    "text, fen",
    [
        ("1234.5", 123450),
        ("1,234.56", 123456),
        ("¥0.07", 7),
        ("2490", 249000),
        ("0", 0),
    ],
)
def test_money_is_read_to_the_fen_without_floats(text, fen):
    assert money_field(text, "amount") == fen


@pytest.mark.parametrize("text", ["12.345", "abc", "-5", "1e3", "99999999999", ""])
def test_unreadable_or_negative_money_is_refused(text):
    with pytest.raises(Refused):
        money_field(text, "amount")


def test_a_negative_amount_is_read_where_the_field_allows_it():
    assert money_field("-12.30", "adjustment", allow_negative=True) == -1230


@pytest.mark.parametrize("text, thousandths", [("8", 8000), ("0.5", 500), ("12.125%", 12125), ("100", 100000)])
def test_a_percent_is_kept_in_thousandths_of_a_percent(text, thousandths):
    assert percent_field(text, "rate") == thousandths


@pytest.mark.parametrize("text", ["101", "-1", "0.0001", "x"])
def test_a_percent_out_of_range_is_refused(text):
    with pytest.raises(Refused):
        percent_field(text, "rate")


def test_whole_numbers_are_bounded_so_huge_input_never_reaches_the_database():
    assert int_field("42", "count", maximum=100) == 42
    for text in ("101", "-1", "9" * 40, "4.5"):
        with pytest.raises(Refused):
            int_field(text, "count", maximum=100)


def test_a_month_knows_its_days_and_its_neighbours_across_a_year_end():
    december = Month.parse("2026-12")
    assert (december.first, december.last) == (date(2026, 12, 1), date(2026, 12, 31))
    assert str(december.next()) == "2027-01" and str(december.previous(12)) == "2025-12"
    assert Month.parse("2028-2").last == date(2028, 2, 29)
    assert len(Month.of(date(2026, 2, 14)).days()) == 28
    for text in ("2026-13", "2026", "26-01", ""):
        with pytest.raises(Refused):
            Month.parse(text)


def test_a_refusal_fills_its_placeholders_after_translation():
    refused = Refused("Enter a whole number from %(minimum)s to %(maximum)s.", field="n", minimum=1, maximum=9)
    shown = refused.errors["n"]  # the tests' default language is Chinese
    assert "1" in shown and "9" in shown and "Enter" not in shown and "%(" not in shown


@pytest.mark.parametrize("typed", ["2026-03-07", "2026/03/07", "2026.03.07"])
def test_hr_types_a_date_the_same_way_on_every_form(typed):
    """People, piecework, attendance and payroll read dates through app.forms, so one spelling works everywhere."""
    from app.attendance.schedule.forms import parse_date as attendance_date
    from app.people.forms import parse_confirm
    from app.piecework.catalogue import parse_day

    assert parse_confirm({"effective_date": typed}) == date(2026, 3, 7)
    assert parse_day(typed) == attendance_date(typed) == date(2026, 3, 7)


def test_the_month_pages_and_payroll_read_a_month_the_same_way():
    from app.attendance.days.routes import month_of
    from app.payroll.service import month_range
    from app.piecework.routes import month_bounds

    today = date(2026, 11, 25)
    assert month_range("2028-02") == month_of("2028-02", today) == month_bounds("2028-02", today)[1:]
    assert month_of("junk", today) == month_bounds("junk", today)[1:] == (date(2026, 11, 1), date(2026, 11, 30))


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", 0),
        ("", None),
        (None, None),
        ("-3", None),
        ("1.5", None),
        ("9" * 9, 999_999_999),
        ("9" * 10, None),
        ("²", None),
        ("①", None),
        ("١٢", None),
        ("１２", None),
    ],
)
def test_a_lenient_number_is_ascii_digits_or_nothing_never_a_crash(typed, number):
    """ "²" and "①" pass str.isdigit() but int() refuses them: a select's value edited in the browser was a 500."""
    assert parse_int(typed) == number
