"""The pure rules of identity and contracts: ID and bank-card numbers, probation, notice, deadline, severance."""

from datetime import date
from fractions import Fraction

import pytest

from app.onboarding import rules
from app.onboarding.rules import IdKind

TODAY = date(2026, 3, 1)

# A foreign permanent residence number (2023 card) made for these tests: 9, province 11, nationality
# 840, born 1985-03-12, sequence 001. MOD 11-2 on the first 17 digits with weights
# 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2: 63+9+10+40+32+0+2+9+48+15+0+27+10+10+0+0+2 = 277,
# 277 mod 11 = 2, and "10X98765432"[2] = "X".
FOREIGN_PERMANENT = "91184019850312001X"


# -- resident ID numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number, birth, gender",
    [
        pytest.param(
            "11010519491231002X", "11010519491231002X", date(1949, 12, 31), "F", id="gb11643-standard-example-female"
        ),
        pytest.param(
            "110105199003070017", "110105199003070017", date(1990, 3, 7), "M", id="gb11643-odd-17th-digit-male"
        ),
        pytest.param(
            "11010519491231002x", "11010519491231002X", date(1949, 12, 31), "F", id="gb11643-lowercase-x-becomes-X"
        ),
        pytest.param(" 110105 19491231 002X ", "11010519491231002X", date(1949, 12, 31), "F", id="spaces-stripped"),
        pytest.param(
            "１１０１０５１９４９１２３１００２Ｘ",
            "11010519491231002X",
            date(1949, 12, 31),
            "F",
            id="full-width-digits-and-X-normalized",
        ),
        pytest.param(
            "１１０１０５１９４９１２３１００２ｘ",
            "11010519491231002X",
            date(1949, 12, 31),
            "F",
            id="full-width-lowercase-x-normalized",
        ),
        pytest.param(
            "11010519491231002X\u3000", "11010519491231002X", date(1949, 12, 31), "F", id="ideographic-space-stripped"
        ),
    ],
)
def test_it_accepts_a_valid_resident_id_and_reads_birth_date_and_gender(text, number, birth, gender):
    check = rules.validate_resident_id(text, TODAY)
    assert check.ok and check.errors == () and check.warnings == ()
    assert (check.number, check.birth_date, check.gender) == (number, birth, gender)
    assert (check.kind, check.region_code) == (IdKind.RESIDENT, "110105")


@pytest.mark.parametrize(
    "text, code",
    [
        pytest.param("", "id.empty", id="shape-nothing-typed"),
        pytest.param("11010519491231002", "id.bad_length", id="shape-17-characters"),
        pytest.param("11010519491231002X1", "id.bad_length", id="shape-19-characters"),
        pytest.param("1101051949123100XX", "id.bad_characters", id="shape-X-only-last"),
        pytest.param("11010519491231002Y", "id.bad_characters", id="shape-last-is-digit-or-X"),
        pytest.param("11010519900230001X", "id.bad_birth_date", id="birth-date-30-february"),
        pytest.param("110105199013070010", "id.bad_birth_date", id="birth-date-month-13"),
        pytest.param("11010520300101001X", "id.birth_in_future", id="birth-date-in-the-future"),
        pytest.param("110105199003070018", "id.bad_check_char", id="check-char-mod-11-2-wrong"),
    ],
)
def test_it_refuses_a_malformed_resident_id_with_a_stable_code(text, code):
    check = rules.validate_resident_id(text, TODAY)
    assert not check.ok
    assert [problem.code for problem in check.errors] == [code]
    assert check.errors[0].message  # an English message, translated where shown
    assert check.birth_date is None and check.gender is None


def test_it_refuses_a_wrong_check_character():
    check = rules.validate_resident_id("110105199003070018", TODAY)
    assert check.errors[0].code == "id.bad_check_char"


@pytest.mark.parametrize(
    "text, code",
    [
        # 30 February with a wrong check character: the birth date is checked first (RULES.md's order)
        pytest.param("110105199002300010", "id.bad_birth_date", id="order-birth-date-before-check-char"),
        # a future birth date whose check character is also wrong
        pytest.param("110105203001010010", "id.birth_in_future", id="order-future-before-check-char"),
        # 17 characters of which one is a letter: the length is reported, not the letter
        pytest.param("1101051949123100A", "id.bad_length", id="order-length-before-characters"),
    ],
)
def test_it_reports_only_the_first_failure_in_rules_order(text, code):
    assert [problem.code for problem in rules.validate_resident_id(text, TODAY).errors] == [code]


def test_a_birth_date_of_today_is_not_in_the_future():
    born_today = "110105202603010012"  # born 2026-03-01, check character 2 by MOD 11-2
    assert rules.validate_resident_id(born_today, date(2026, 3, 1)).ok
    assert rules.validate_resident_id(born_today, date(2026, 2, 28)).errors[0].code == "id.birth_in_future"


def test_a_region_code_missing_from_the_table_is_a_warning_not_an_error():
    # 100000 is no county; the number is otherwise valid (check character 8 by MOD 11-2)
    check = rules.validate_resident_id("100000199003070018", TODAY)
    assert check.ok
    assert [problem.code for problem in check.warnings] == ["id.unknown_region"]
    assert check.region_code == "100000"


def test_it_accepts_a_2023_foreign_permanent_residence_number():
    check = rules.validate_resident_id(FOREIGN_PERMANENT, TODAY)
    assert check.ok and check.warnings == ()
    assert check.kind is IdKind.FOREIGN_PERMANENT
    assert (check.birth_date, check.gender, check.nationality_code, check.region_code) == (
        date(1985, 3, 12),
        "M",
        "840",
        None,
    )


def test_it_refuses_a_foreign_permanent_number_with_a_wrong_check_character():
    assert rules.validate_resident_id("911840198503120010", TODAY).errors[0].code == "id.bad_check_char"


# -- the legacy 15-digit number -------------------------------------------------------------------


@pytest.mark.parametrize(
    "legacy, upgraded",
    [
        pytest.param("110105491231002", "11010519491231002X", id="rules-md-vector-19-inserted-check-added"),
        pytest.param("１１０１０５ ４９１２３１ ００２", "11010519491231002X", id="full-width-and-spaces"),
        pytest.param("110105900307001", "110105199003070017", id="male-1990"),
    ],
)
def test_a_15_digit_number_upgrades_to_18_characters(legacy, upgraded):
    assert rules.upgrade_15_digit(legacy) == upgraded


@pytest.mark.parametrize("bad", ["11010549123100", "11010549123100X", "11010519491231002X"])
def test_only_15_digits_upgrade(bad):
    with pytest.raises(ValueError):
        rules.upgrade_15_digit(bad)


def test_a_typed_15_digit_number_is_accepted_upgraded_with_a_warning():
    check = rules.validate_resident_id("110105491231002", TODAY)
    assert check.ok and check.number == "11010519491231002X"
    assert [problem.code for problem in check.warnings] == ["id.upgraded_from_15_digits"]


def test_a_15_digit_number_is_refused_where_only_a_card_may_supply_it():
    check = rules.validate_resident_id("110105491231002", TODAY, accept_legacy=False)
    assert [problem.code for problem in check.errors] == ["id.legacy_15_digit"]


# -- bank cards -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, digits",
    [
        pytest.param("6222021234567891233", "6222021234567891233", id="luhn-19-digits"),
        pytest.param("6222 0212 3456 7891 233", "6222021234567891233", id="luhn-spaces-stripped"),
        pytest.param("6222-0212-3456-7891-233", "6222021234567891233", id="luhn-dashes-stripped"),
        pytest.param("４１１１１１１１１１１１１１１１", "4111111111111111", id="luhn-full-width-16-digits"),
        pytest.param("123456789015", "123456789015", id="luhn-12-digits-shortest"),
    ],
)
def test_it_accepts_a_bank_card_whose_luhn_digit_adds_up(text, digits):
    checked = rules.validate_bank_card(text)
    assert checked.ok and checked.value == digits


@pytest.mark.parametrize(
    "text, code",
    [
        pytest.param("6222021234567891234", "bank.bad_check_digit", id="luhn-last-digit-wrong"),
        pytest.param("12345678903", "bank.bad_length", id="length-11-digits-too-short"),
        pytest.param("62220212345678912345", "bank.bad_length", id="length-20-digits-too-long"),
        pytest.param("", "bank.bad_length", id="length-nothing-typed"),
        pytest.param("6222O21234567891233", "bank.bad_characters", id="characters-letter-O-for-zero"),
    ],
)
def test_it_refuses_a_bad_bank_card_with_a_stable_code(text, code):
    checked = rules.validate_bank_card(text)
    assert (checked.ok, checked.code) == (False, code) and checked.message


# -- masking (PIPL: mask on screen) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "number, masked",
    [
        pytest.param("11010519491231002X", "110105********002X", id="pipl-id-keeps-region-and-last-4"),
        pytest.param("11010519491231002x", "110105********002X", id="pipl-id-normalized-first"),
        pytest.param("110105491231002", "110105*****1002", id="pipl-legacy-15-digit"),
        pytest.param("1234567890", "**********", id="pipl-short-text-all-stars"),
    ],
)
def test_an_id_number_is_shown_masked(number, masked):
    assert rules.mask_id_number(number) == masked


@pytest.mark.parametrize(
    "number, masked",
    [
        pytest.param("6222021234567891234", "**** **** **** 1234", id="pipl-19-digit-card"),
        pytest.param("4111 1111 1111 1111", "**** **** **** 1111", id="pipl-16-digit-card-length-hidden"),
        pytest.param("123", "****", id="pipl-too-short-shows-nothing"),
    ],
)
def test_a_bank_card_is_shown_masked(number, masked):
    assert rules.mask_bank_card(number) == masked


# -- probation (Labour Contract Law art. 19, Civil Code art. 1259) --------------------------------


@pytest.mark.parametrize(
    "term_months, limit",
    [
        pytest.param(0, 0, id="art19-no-term-no-probation"),
        pytest.param(2, 0, id="art19-under-3-months-none"),
        pytest.param(3, 1, id="art19-3-month-contract-allows-1-civil-code-1259-includes"),
        pytest.param(11, 1, id="art19-11-month-contract-allows-1"),
        pytest.param(12, 2, id="art19-12-month-contract-allows-2"),
        pytest.param(35, 2, id="art19-35-month-contract-allows-2"),
        pytest.param(36, 6, id="art19-36-month-contract-allows-6"),
        pytest.param(60, 6, id="art19-5-year-contract-allows-6"),
        pytest.param(None, 6, id="art19-open-ended-allows-6"),
    ],
)
def test_the_longest_probation_follows_the_contract_term(term_months, limit):
    assert rules.max_probation_months(term_months) == limit


@pytest.mark.parametrize(
    "start, end, months",
    [
        pytest.param(date(2026, 3, 1), date(2027, 2, 28), 12, id="one-year-end-date-included"),
        pytest.param(date(2026, 3, 15), date(2027, 3, 13), 11, id="a-day-short-of-a-year-is-11-months"),
        pytest.param(date(2026, 3, 1), date(2029, 2, 28), 36, id="three-years"),
        pytest.param(date(2026, 3, 1), date(2026, 5, 31), 3, id="three-months"),
        pytest.param(date(2026, 3, 1), date(2026, 5, 30), 2, id="a-day-short-of-three-months"),
        pytest.param(date(2026, 1, 31), date(2026, 4, 29), 3, id="from-the-31st-to-a-30-day-month"),
        pytest.param(date(2026, 3, 1), None, None, id="open-ended-has-no-term"),
    ],
)
def test_a_contract_term_counts_whole_months_with_the_end_date_included(start, end, months):
    assert rules.contract_term_months(start, end) == months


def test_a_term_a_day_short_of_a_year_allows_only_1_month_probation():
    assert rules.max_probation_months(rules.contract_term_months(date(2026, 3, 15), date(2027, 3, 13))) == 1


def test_a_contract_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        rules.contract_term_months(date(2026, 3, 1), date(2026, 2, 28))


@pytest.mark.parametrize(
    "term_months, probation, before, codes",
    [
        pytest.param(12, 2, False, [], id="art19-12-months-2-months-lawful"),
        pytest.param(12, 3, False, ["probation.too_long"], id="art19-12-months-3-months-too-long"),
        pytest.param(2, 1, False, ["probation.not_allowed"], id="art19-under-3-months-none-allowed"),
        pytest.param(2, 0, False, [], id="art19-no-probation-always-lawful"),
        pytest.param(None, 6, False, [], id="art19-open-ended-6-months-lawful"),
        pytest.param(None, 7, False, ["probation.too_long"], id="art19-open-ended-7-months-too-long"),
        pytest.param(36, 1, True, ["probation.repeated"], id="art19-one-probation-per-employer-and-employee"),
        pytest.param(36, -1, False, ["probation.negative"], id="negative-probation"),
    ],
)
def test_a_probation_is_checked_against_the_term(term_months, probation, before, codes):
    problems = rules.check_probation(term_months, probation, had_probation_before=before)
    assert [problem.code for problem in problems] == codes


# -- notice, deadline, double wages ---------------------------------------------------------------


@pytest.mark.parametrize(
    "in_probation, days",
    [
        pytest.param(False, 30, id="art37-30-days-notice"),
        pytest.param(True, 3, id="art37-3-days-during-probation"),
    ],
)
def test_a_resignation_needs_notice(in_probation, days):
    assert rules.resignation_notice_days(in_probation) == days


@pytest.mark.parametrize(
    "start, deadline",
    [
        pytest.param(date(2026, 3, 10), date(2026, 4, 9), id="art10-one-month-start-day-counted"),
        pytest.param(date(2026, 3, 1), date(2026, 3, 31), id="art10-start-on-the-1st-ends-month-end"),
        pytest.param(date(2026, 1, 31), date(2026, 2, 27), id="art10-from-the-31st-the-earlier-reading"),
        pytest.param(date(2026, 12, 15), date(2027, 1, 14), id="art10-across-the-new-year"),
    ],
)
def test_the_written_contract_is_due_within_a_month_of_the_start(start, deadline):
    assert rules.contract_deadline(start) == deadline


START = date(2026, 3, 10)  # deadline 2026-04-09


@pytest.mark.parametrize(
    "on, signed_on, owed",
    [
        pytest.param(date(2026, 4, 9), None, False, id="art82-not-on-the-deadline"),
        pytest.param(date(2026, 4, 10), None, True, id="art82-from-the-day-after-the-deadline"),
        pytest.param(date(2026, 4, 1), date(2026, 4, 5), False, id="art82-signed-in-time"),
        pytest.param(date(2026, 5, 1), date(2026, 5, 20), True, id="art82-until-the-day-before-signing"),
        pytest.param(date(2026, 5, 20), date(2026, 5, 20), False, id="art82-not-from-the-signing-day"),
        pytest.param(date(2027, 3, 9), None, True, id="regs-art7-last-day-of-the-first-year"),
        pytest.param(date(2027, 3, 10), None, False, id="regs-art7-after-a-year-deemed-open-ended"),
    ],
)
def test_double_wages_are_owed_after_the_deadline_until_the_contract_is_signed(on, signed_on, owed):
    assert rules.double_wages_owed(START, on, signed_on) is owed


# -- severance (art. 47) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, last_day, months",
    [
        pytest.param(date(2020, 3, 1), date(2026, 2, 28), Fraction(6), id="art47-six-full-years"),
        pytest.param(date(2020, 3, 1), date(2026, 8, 31), Fraction(7), id="art47-6-months-over-counts-as-a-year"),
        pytest.param(date(2020, 3, 1), date(2026, 8, 30), Fraction(13, 2), id="art47-a-day-short-of-6-months-is-half"),
        pytest.param(date(2020, 3, 1), date(2027, 1, 31), Fraction(7), id="art47-11-months-over-counts-as-a-year"),
        pytest.param(date(2020, 3, 1), date(2026, 3, 10), Fraction(13, 2), id="art47-a-few-days-over-is-half"),
        pytest.param(date(2026, 3, 1), date(2026, 3, 10), Fraction(1, 2), id="art47-ten-days-is-half"),
        pytest.param(date(2025, 3, 1), date(2025, 8, 31), Fraction(1), id="art47-exactly-6-months-is-one"),
    ],
)
def test_severance_counts_a_month_per_year_with_halves(start, last_day, months):
    assert rules.severance_months(start, last_day) == months


@pytest.mark.parametrize(
    "average, years, local, amount, capped",
    [
        pytest.param(600_000, Fraction(5), 800_000, 3_000_000, False, id="art47-5-years-at-6000-yuan"),
        pytest.param(600_001, Fraction(1, 2), 800_000, 300_001, False, id="rounding-half-fen-rounds-up-once"),
        pytest.param(3_000_000, Fraction(5), 800_000, 12_000_000, True, id="art47-wage-capped-at-3x-local"),
        pytest.param(3_000_000, Fraction(20), 800_000, 28_800_000, True, id="art47-capped-wage-then-12-years"),
        pytest.param(
            2_400_000,
            Fraction(20),
            800_000,
            48_000_000,
            False,
            id="art47-exactly-3x-is-not-higher-civil-code-1259-no-year-cap",
        ),
        pytest.param(600_000, Fraction(20), 800_000, 12_000_000, False, id="art47-year-cap-only-for-capped-wages"),
    ],
)
def test_severance_is_paid_in_fen_with_the_3x_then_12_year_cap(average, years, local, amount, capped):
    result = rules.severance_pay(average, years, local)
    assert (result.amount_fen, result.capped) == (amount, capped)
    assert rules.severance_fen(average, years, local) == amount


def test_severance_rounds_the_exact_average_only_once():
    # 12 months averaging 500,000.5 fen: × 0.5 year = 250,000.25 fen → 250,000; rounding the average first
    # (500,001) would give 250,000.5 → 250,001.
    average = rules.monthly_average_fen([500_000] * 11 + [500_006])
    assert average == Fraction(6_000_006, 12)
    assert rules.severance_fen(average, Fraction(1, 2), 800_000) == 250_000


def test_the_average_wage_uses_the_last_12_months_only():
    assert rules.monthly_average_fen([999_999] + [400_000] * 12) == 400_000
    assert rules.monthly_average_fen([300_000, 500_000]) == 400_000
