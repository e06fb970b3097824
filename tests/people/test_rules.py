"""The pure rules of people: hiring age, minor workers, retirement, phone numbers and employee codes (RULES.md)."""

from datetime import date

import pytest

from app.people import rules
from app.people.rules import HireStatus, RetirementCategory, YearMonth

BORN = date(2010, 5, 20)  # 16th birthday 2026-05-20, 18th birthday 2028-05-20


# -- age and hiring (Labour Law art. 15) ----------------------------------------------------------


@pytest.mark.parametrize(
    "birth, on, age",
    [
        pytest.param(BORN, date(2026, 5, 19), 15, id="15y364d-is-15"),
        pytest.param(BORN, date(2026, 5, 20), 15, id="16y0d-the-birthday-itself-still-15-day-after-rule"),
        pytest.param(BORN, date(2026, 5, 21), 16, id="16y1d-is-16"),
        pytest.param(BORN, date(2026, 12, 31), 16, id="later-that-year"),
        pytest.param(BORN, BORN, 0, id="the-day-of-birth-is-0"),
        pytest.param(date(2008, 2, 29), date(2026, 2, 28), 17, id="leap-day-birthday-falls-on-28-feb-civil-code-202"),
        pytest.param(date(2008, 2, 29), date(2026, 3, 1), 18, id="leap-day-born-18-from-1-march"),
        pytest.param(date(2008, 2, 29), date(2028, 3, 1), 20, id="leap-day-born-in-a-leap-year-counts-from-1-march"),
    ],
)
def test_age_counts_full_years_from_the_day_after_the_birthday(birth, on, age):
    assert rules.age_on(birth, on) == age


def test_age_before_birth_is_an_error():
    with pytest.raises(ValueError):
        rules.age_on(BORN, date(2010, 5, 19))


@pytest.mark.parametrize(
    "start, status, code",
    [
        pytest.param(date(2026, 5, 19), HireStatus.REFUSED_UNDER_16, "hire.under_16", id="art15-15y364d-refused"),
        pytest.param(
            date(2026, 5, 20),
            HireStatus.REFUSED_UNDER_16,
            "hire.under_16",
            id="art15-16y0d-refused-hiring-allowed-from-the-day-after",
        ),
        pytest.param(date(2026, 5, 21), HireStatus.MINOR_WORKER, "hire.minor_worker", id="art15-16y1d-minor-worker"),
        pytest.param(date(2028, 5, 20), HireStatus.MINOR_WORKER, "hire.minor_worker", id="minor-on-the-18th-birthday"),
        pytest.param(date(2028, 5, 21), HireStatus.ADULT, None, id="adult-from-the-day-after-the-18th-birthday"),
    ],
)
def test_hiring_is_decided_by_the_age_on_the_start_date(start, status, code):
    check = rules.hire_eligibility(BORN, start)
    assert check.status is status
    assert (check.problem.code if check.problem else None) == code
    assert check.allowed is (status is not HireStatus.REFUSED_UNDER_16)


def test_it_refuses_an_applicant_under_16_with_a_message_for_hr():
    check = rules.hire_eligibility(BORN, date(2026, 5, 20))
    assert check.status == "refused_under_16" and check.age == 15
    assert "16" in check.problem.message


@pytest.mark.parametrize(
    "age, banned, certificate, codes",
    [
        pytest.param(
            17, True, False, ["assign.banned_for_minors"], id="minor-kept-out-of-operations-banned-for-minors"
        ),
        pytest.param(16, False, True, ["assign.certificate_needs_18"], id="minor-no-special-certificate-before-18"),
        pytest.param(
            17, True, True, ["assign.banned_for_minors", "assign.certificate_needs_18"], id="minor-both-reasons"
        ),
        pytest.param(17, False, False, [], id="minor-ordinary-operation-allowed"),
        pytest.param(18, True, True, [], id="adult-age-is-no-reason"),
    ],
)
def test_a_minor_worker_is_kept_out_of_banned_operations(age, banned, certificate, codes):
    assert [reason.code for reason in rules.may_assign_operation(age, banned, certificate)] == codes


# -- retirement (2025 reform) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "year, month, category, retires, delay",
    [
        pytest.param(1965, 1, "male", "2025-02", 1, id="reform-man-1965-01-first-month-delayed-1"),
        pytest.param(1965, 12, "male", "2026-03", 3, id="reform-man-1965-12-step-4"),
        pytest.param(1971, 4, "female_55", "2026-08", 4, id="reform-woman-55-1971-04"),
        pytest.param(1995, 12, "female_50", "2050-12", 60, id="reform-woman-50-1995-12-max-60"),
        pytest.param(1976, 9, "male", "2039-09", 36, id="reform-man-1976-09-max-36"),
        pytest.param(1963, 12, "male", "2023-12", 0, id="reform-man-1963-12-before-2025-no-delay"),
        pytest.param(1964, 12, "male", "2024-12", 0, id="reform-man-old-month-2024-12-no-delay"),
        pytest.param(1975, 1, "female_50", "2025-02", 1, id="reform-woman-50-1975-01-first-month"),
        pytest.param(1975, 3, "female_50", "2025-05", 2, id="reform-woman-50-step-2"),
    ],
)
def test_the_retirement_month_follows_the_2025_reform(year, month, category, retires, delay):
    assert str(rules.retirement_month(year, month, category)) == retires
    assert rules.retirement_delay_months(year, month, RetirementCategory(category)) == delay


def test_an_unknown_retirement_category_or_month_is_refused():
    with pytest.raises(ValueError):
        rules.retirement_month(1970, 1, "female_60")
    with pytest.raises(ValueError):
        rules.retirement_month(1970, 13, "male")


@pytest.mark.parametrize(
    "today, retiring",
    [
        pytest.param(date(2025, 8, 15), False, id="seven-months-ahead-not-yet"),
        pytest.param(date(2025, 9, 1), True, id="six-months-ahead-shown"),
        pytest.param(date(2026, 3, 31), True, id="retiring-this-month-shown"),
        pytest.param(date(2026, 4, 1), False, id="already-past-not-shown"),
    ],
)
def test_it_shows_who_reaches_retirement_in_the_next_6_months(today, retiring):
    # a man born 1965-12 retires in 2026-03
    assert rules.retiring_within(date(1965, 12, 10), "male", today) is retiring


def test_year_months_order_and_add():
    assert YearMonth(2025, 12).plus(1) == YearMonth(2026, 1)
    assert YearMonth(2025, 12) < YearMonth(2026, 1)
    assert str(YearMonth.of(date(2026, 3, 9))) == "2026-03"


# -- phone numbers and employee codes -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number",
    [
        pytest.param("13800138000", "13800138000", id="eleven-digits"),
        pytest.param("138 0013 8000", "13800138000", id="spaces-stripped"),
        pytest.param("138-0013-8000", "13800138000", id="dashes-stripped"),
        pytest.param("+86 138 0013 8000", "13800138000", id="plus-86-dropped"),
        pytest.param("8613800138000", "13800138000", id="86-dropped"),
        pytest.param("１３８００１３８０００", "13800138000", id="full-width-digits-normalized"),
        pytest.param("19912345678", "19912345678", id="starts-19"),
    ],
)
def test_it_accepts_a_chinese_mobile_number(text, number):
    checked = rules.validate_phone(text)
    assert checked.ok and checked.value == number


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("12800138000", id="second-digit-2"),
        pytest.param("1380013800", id="ten-digits"),
        pytest.param("138001380001", id="twelve-digits"),
        pytest.param("010-12345678", id="a-landline"),
        pytest.param("١٣٨٠٠١٣٨٠٠٠", id="arabic-indic-digits-are-not-ascii"),
        pytest.param("", id="nothing-typed"),
    ],
)
def test_it_refuses_what_is_not_a_chinese_mobile_number(text):
    checked = rules.validate_phone(text)
    assert (checked.ok, checked.code) == (False, "phone.bad") and checked.message


@pytest.mark.parametrize(
    "text, code",
    [
        pytest.param("a-001", "A-001", id="upper-cased"),
        pytest.param("  w42 ", "W42", id="surrounding-spaces-stripped"),
        pytest.param("ｗ０４２", "W042", id="full-width-normalized"),
        pytest.param("A" * 20, "A" * 20, id="twenty-characters"),
    ],
)
def test_an_employee_code_is_normalized(text, code):
    checked = rules.validate_employee_code(text)
    assert checked.ok and checked.value == code


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("A" * 21, id="twenty-one-characters"),
        pytest.param("A 01", id="inner-space"),
        pytest.param("A_01", id="underscore"),
        pytest.param("张三", id="chinese-characters"),
        pytest.param("-A01", id="leading-dash"),
    ],
)
def test_it_refuses_a_malformed_employee_code(text):
    checked = rules.validate_employee_code(text)
    assert (checked.ok, checked.code) == (False, "code.bad")


@pytest.mark.parametrize(
    "pattern, codes, expected",
    [
        ("E####", ["E0001", "E0060", "S0002", "E12"], "E0061"),  # the highest number of that shape, plus one
        ("E####", [], "E0001"),
        ("ZJ-#####", ["ZJ-00009", "E0100"], "ZJ-00010"),
        ("W###", ["W999"], "W1000"),  # past the width: one more digit, never a clash
    ],
)
def test_the_next_employee_code_follows_the_pattern(pattern, codes, expected):
    from app.people.rules import next_employee_code

    assert next_employee_code(pattern, codes) == expected


def test_the_pattern_is_inferred_from_the_codes_most_people_have():
    from app.people.rules import inferred_code_pattern, valid_code_pattern

    assert inferred_code_pattern(["E0001", "E0002", "S0001", "A-12"]) == "E####"
    assert inferred_code_pattern(["张三"]) == "E####"
    assert valid_code_pattern("ZJ-#####") and not valid_code_pattern("E##") and not valid_code_pattern("####X")
