"""Pure rules of identity and contracts: ID and bank-card numbers, probation, notice, contract deadline, severance.

Legal source: /work/shared/RULES.md, "Identity" and "Contracts and probation". Dates are calendar
dates (the plant's local day); a contract's end date and a last day are included in the term.
Money is integer fen; severance is rounded once, half up to the fen, in `severance_pay`.
No database, no HTTP.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from statistics import median

from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from app.people.rules import (  # noqa: F401  employment rules live in people; re-exported for onboarding's callers
    SEVERANCE_CAPPED_YEARS,
    SEVERANCE_WAGE_CAP_MULTIPLE,
    Checked,
    Problem,
    Severance,
    add_months,
    contract_end,
    full_months,
    monthly_average_fen,
    resignation_notice_days,
    severance_fen,
    severance_months,
    severance_pay,
)


def N_(s: str) -> str:
    return s  # marks a message for translation; translated where shown


# Identity ----------------------------------------------------------------------------------------

ID_EMPTY = Problem("id.empty", N_("Enter the ID number."))
ID_LEGACY = Problem(
    "id.legacy_15_digit",
    N_("This is an old 15-digit number. Enter the 18-character number on the person's current ID card."),
)
ID_LENGTH = Problem("id.bad_length", N_("An ID number has 18 characters."))
ID_CHARACTERS = Problem("id.bad_characters", N_("An ID number has 17 digits, then a digit or X."))
ID_BIRTH_DATE = Problem("id.bad_birth_date", N_("The birth date inside this ID number does not exist."))
ID_FUTURE = Problem("id.birth_in_future", N_("The birth date inside this ID number is in the future."))
ID_CHECK = Problem(
    "id.bad_check_char", N_("The last character does not match the others: check the number for a typing error.")
)
ID_REGION = Problem(
    "id.unknown_region",
    N_("The region code is not in today's table. Retired codes stay on valid cards: compare the number with the card."),
)
ID_BEFORE_1900 = Problem(
    "id.birth_before_1900",
    N_("The birth date inside this ID number is before 1900: check the number for a typing error."),
)
ID_FOREIGN_PROVINCE = Problem(
    "id.foreign_bad_province",
    N_(
        "A foreigner's permanent residence number has a province code in its 2nd and 3rd digits: these are not one. "
        "Check the number for a typing error."
    ),
)
# Digits 2-3 of a 2023 foreigner's permanent residence number: the mainland province that accepted it.
FOREIGN_PROVINCE_CODES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
    }
)
EARLIEST_BIRTH_YEAR = 1900
ID_UPGRADED = Problem(
    "id.upgraded_from_15_digits",
    N_("An old 15-digit number was converted to 18 characters: compare it with the person's current ID card."),
)


class IdKind(StrEnum):
    RESIDENT = "resident"  # GB 11643-1999 citizen number, first digit 1-8
    FOREIGN_PERMANENT = "foreign_permanent"  # 2023 foreigner's permanent residence ID card, first digit 9


@dataclass(frozen=True)
class IdCheck:
    """What an ID number says, or why it was refused; warnings do not refuse it."""

    number: str
    kind: IdKind | None = None
    birth_date: date | None = None
    gender: str | None = None  # "M" (odd 17th digit) or "F" (even)
    region_code: str | None = None  # county code of the household registration (residents only)
    nationality_code: str | None = None  # digits 4-6 of a foreign permanent residence number
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def normalize_id_text(text: str) -> str:
    """Full-width ０-９ and Ｘ (typed with a Chinese IME) become ASCII, whitespace goes, x becomes X."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def _with_check_char(body17: str) -> str:
    # stdnum's calc_check_digit expects the number with a check position and ignores it: give it "0".
    return body17 + ric.calc_check_digit(body17 + "0")


def upgrade_15_digit(number: str) -> str:
    """The 18-character number of a legacy 15-digit one: "19" goes after the region code and the
    MOD 11-2 check character is added (RULES.md, Identity). First-generation cards are no longer valid
    documents: use this only for typed data. Raises ValueError unless given 15 digits."""
    digits = normalize_id_text(number)
    if not re.fullmatch(r"[0-9]{15}", digits):
        raise ValueError("a legacy ID number has 15 digits")
    return _with_check_char(digits[:6] + "19" + digits[6:])


def _shape_problem(number: str) -> Problem | None:
    if not number:
        return ID_EMPTY
    if re.fullmatch(r"[0-9]{15}", number):
        return ID_LEGACY
    if len(number) != 18:
        return ID_LENGTH
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        return ID_CHARACTERS
    return None


def _region_known(number: str) -> bool:
    try:
        ric.get_birth_place(number)
    except (ValidationError, KeyError):  # stdnum 2.2 raises KeyError for a code known only as a province
        return False
    return True


def validate_resident_id(text: str, today: date, *, accept_legacy: bool = True) -> IdCheck:
    """Check a resident ID number (GB 11643-1999) or a 2023 foreign permanent residence ID number.

    In RULES.md's order, stopping at the first failure: shape, a real birth date not after today and
    not before 1900, the ISO 7064 MOD 11-2 check character (stdnum.cn.ric), and for a number starting
    with 9 a mainland province code in digits 2-3. A resident's region code missing from today's
    table is a warning. A typed 15-digit number is upgraded (with a warning) when accept_legacy; a number
    read from a card reader passes accept_legacy=False.
    """
    number = normalize_id_text(text)
    warnings: list[Problem] = []
    if accept_legacy and re.fullmatch(r"[0-9]{15}", number):
        number = upgrade_15_digit(number)
        warnings.append(ID_UPGRADED)
    if problem := _shape_problem(number):
        return IdCheck(number, errors=(problem,))
    try:
        birth_date = ric.get_birth_date(number)
    except ValidationError:
        return IdCheck(number, errors=(ID_BIRTH_DATE,))
    if birth_date > today:
        return IdCheck(number, errors=(ID_FUTURE,))
    if birth_date.year < EARLIEST_BIRTH_YEAR:
        return IdCheck(number, errors=(ID_BEFORE_1900,))
    if ric.calc_check_digit(number) != number[-1]:
        return IdCheck(number, errors=(ID_CHECK,))
    kind = IdKind.FOREIGN_PERMANENT if number[0] == "9" else IdKind.RESIDENT
    if kind is IdKind.FOREIGN_PERMANENT and number[1:3] not in FOREIGN_PROVINCE_CODES:
        return IdCheck(number, errors=(ID_FOREIGN_PROVINCE,))
    if kind is IdKind.RESIDENT and not _region_known(number):
        warnings.append(ID_REGION)
    return IdCheck(
        number,
        kind,
        birth_date,
        "M" if int(number[16]) % 2 else "F",
        number[:6] if kind is IdKind.RESIDENT else None,
        number[3:6] if kind is IdKind.FOREIGN_PERMANENT else None,
        (),
        tuple(warnings),
    )


def validate_bank_card(text: str) -> Checked:
    """A bank card number: 12 to 19 digits (spaces and dashes dropped), the last a Luhn check digit
    (RULES.md, Identity; stdnum.luhn)."""
    digits = re.sub(r"[\s-]+", "", unicodedata.normalize("NFKC", text))
    if not re.fullmatch(r"[0-9]*", digits):
        return Checked(digits, "bank.bad_characters", N_("A bank card number has only digits."))
    if not 12 <= len(digits) <= 19:
        return Checked(digits, "bank.bad_length", N_("A bank card number has 12 to 19 digits."))
    if not luhn.is_valid(digits):
        return Checked(
            digits, "bank.bad_check_digit", N_("The card number does not add up: check it for a typing error.")
        )
    return Checked(digits)


def mask_id_number(number: str) -> str:
    """An ID number as shown to roles that may not see it (PIPL): the region code and the last four
    characters stay, 110105********002X. Anything shorter than 11 characters is all stars."""
    text = normalize_id_text(number)
    if len(text) < 11:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def mask_bank_card(number: str) -> str:
    """A bank card as shown masked: the last four digits only, **** **** **** 1234 (the length is hidden too)."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", number), flags=re.ASCII)
    return "**** **** **** " + digits[-4:] if len(digits) >= 4 else "****"


# Contracts and probation -------------------------------------------------------------------------

PROBATION_NEGATIVE = Problem("probation.negative", N_("A probation cannot be negative."))
PROBATION_REPEATED = Problem(
    "probation.repeated",
    N_("This person already had a probation with this employer: only one is allowed (Labour Contract Law art. 19)."),
)
PROBATION_NONE = Problem(
    "probation.not_allowed", N_("A contract under 3 months has no probation (Labour Contract Law art. 19).")
)
PROBATION_LONG = Problem(
    "probation.too_long", N_("The probation is longer than this contract term allows (Labour Contract Law art. 19).")
)


def contract_term_months(start: date, end: date | None) -> int | None:
    """A fixed term in whole months, the end date included (2026-03-01 to 2027-02-28 is 12 months, to
    2027-02-27 is 11); None for an open-ended contract (no end date)."""
    if end is None:
        return None
    if end < start:
        raise ValueError("a contract cannot end before it starts")
    return full_months(start, end + timedelta(days=1))


def max_probation_months(term_months: int | None) -> int:
    """Longest lawful probation in months for a contract term in months, None for open-ended
    (Labour Contract Law art. 19): under 3 → 0; 3 to under 12 → 1; 12 to under 36 → 2; 36 or more,
    or open-ended → 6. "Or more" includes the value, "under" excludes it (Civil Code art. 1259)."""
    if term_months is None:
        return 6
    if term_months < 0:
        raise ValueError("a contract term cannot be negative")
    for at_least, limit in ((36, 6), (12, 2), (3, 1)):
        if term_months >= at_least:
            return limit
    return 0


def check_probation(
    term_months: int | None, probation_months: int, *, had_probation_before: bool = False
) -> tuple[Problem, ...]:
    """Why a probation of probation_months is unlawful for this term (art. 19), or () when it is lawful.
    One probation per employer and employee: a second one is refused."""
    if probation_months < 0:
        return (PROBATION_NEGATIVE,)
    if probation_months == 0:
        return ()
    if had_probation_before:
        return (PROBATION_REPEATED,)
    limit = max_probation_months(term_months)
    if limit == 0:
        return (PROBATION_NONE,)
    return (PROBATION_LONG,) if probation_months > limit else ()


def contract_deadline(start_date: date) -> date:
    """The last day to sign the written contract: one month from the start, the start day counted
    (Labour Contract Law art. 10): a 2026-03-10 start gives 2026-04-09, a 2026-01-31 start 2026-02-27.
    Counting the start day is the earlier of the readings courts use, so HR is never warned late."""
    return add_months(start_date, 1) - timedelta(days=1)


def double_wages_owed(start_date: date, on_date: date, signed_on: date | None = None) -> bool:
    """Is double wage owed for on_date because there is no written contract yet (art. 82)? From the day
    after the deadline until the day before signing; it stops after a year's service, when the contract
    is deemed open-ended (Implementing Regulations of the Labour Contract Law arts. 6-7, beyond RULES.md)."""
    if on_date <= contract_deadline(start_date) or on_date >= add_months(start_date, 12):
        return False
    return signed_on is None or on_date < signed_on


# Who may be hired ----------------------------------------------------------------------------------

UNDER_16 = Problem(
    "age.under_16", N_("You must be over 16 on your first working day to be hired (Labour Law art. 15). Please see HR.")
)


class AgeBand(StrEnum):
    UNDER_16 = "under_16"  # may not be employed (Labour Law art. 15)
    MINOR = "minor"  # 16 or 17: a minor worker (未成年工), allowed with protection and registration
    ADULT = "adult"


def age_band(birth_date: date, start_date: date) -> AgeBand:
    """The age band on the start date (RULES.md, "Who may be hired"). A full age is reached the day after the
    birthday, so hiring is allowed from the day after the 16th birthday and a worker is an adult from the day
    after the 18th. A 29 February birthday falls on 28 February in other years."""
    if start_date <= add_months(birth_date, 16 * 12):
        return AgeBand.UNDER_16
    if start_date <= add_months(birth_date, 18 * 12):
        return AgeBand.MINOR
    return AgeBand.ADULT


# Onboarding durations ------------------------------------------------------------------------------


def step_seconds(steps: dict[str, dict[str, str]]) -> dict[str, int]:
    """Seconds each finished step took, from the flow's {step: {"started": iso, "finished": iso}} (UTC)."""
    durations = {}
    for step, times in steps.items():
        if times.get("started") and times.get("finished"):
            delta = datetime.fromisoformat(times["finished"]) - datetime.fromisoformat(times["started"])
            durations[step] = max(0, int(delta.total_seconds()))
    return durations


def monthly_medians(finished: Sequence[tuple[str, int]]) -> list[tuple[str, float, int]]:
    """(month "YYYY-MM", median seconds, how many) per month, newest first, from (month, seconds) of each
    finished onboarding; the month is the plant-local month it finished in."""
    by_month: dict[str, list[int]] = {}
    for month, seconds in finished:
        by_month.setdefault(month, []).append(seconds)
    return [(month, float(median(values)), len(values)) for month, values in sorted(by_month.items(), reverse=True)]


# Safety induction class time -----------------------------------------------------------------------

READING_CHARS_PER_MINUTE = 300  # careful reading of Chinese safety text
MINUTES_PER_QUESTION = 1


def course_minutes(text_chars: int, questions: int) -> int:
    """The class time a self-study course really holds: its text read at 300 characters a minute plus a minute a
    quiz question, rounded up (RULES.md, safety training: records carry the hours actually taught)."""
    return max(1, math.ceil(text_chars / READING_CHARS_PER_MINUTE) + questions * MINUTES_PER_QUESTION)


def credited_minutes(course_minutes_held: int, spent_seconds: float) -> int:
    """The class minutes an induction record may claim: the whole minutes the worker spent on the course, and
    never more than the course holds (a record must not claim more than was taught)."""
    return max(0, min(course_minutes_held, int(spent_seconds // 60)))


def reading_seconds_left(read_since: datetime, now: datetime, pages: int, seconds_per_page: int) -> int:
    """Seconds the worker must still spend on the induction's pages before its quiz opens (0: it is open)."""
    return max(0, math.ceil(pages * seconds_per_page - (now - read_since).total_seconds()))


def retry_opens_at(failed_at: datetime, wait_minutes: int) -> datetime:
    """After a failed induction quiz the next try opens this long after it (and after reading the pages again)."""
    return failed_at + timedelta(minutes=wait_minutes)
