"""Pure rules about people: codes, phones, the department tree, exits, hiring age, minor workers, retirement.

Legal source: /work/shared/RULES.md, "Who may be hired". Dates are calendar dates. No database, no HTTP.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction


def N_(s: str) -> str:
    return s  # marks a message for translation; translated where shown


@dataclass(frozen=True)
class Problem:
    """A refusal or a warning: a stable machine code and an English message marked for translation."""

    code: str
    message: str


@dataclass(frozen=True)
class Checked:
    """A normalised value, or the reason (an English message marked for translation) it was refused."""

    value: str
    code: str = ""
    message: str = ""

    @property
    def ok(self) -> bool:
        return not self.code


def _halfwidth(text: str) -> str:
    """Full-width digits and letters (０-９, Ａ-Ｚ) typed with a Chinese IME become ASCII."""
    return unicodedata.normalize("NFKC", text)


def validate_employee_code(text: str) -> Checked:
    """1 to 20 ASCII letters, digits or dashes, starting with a letter or digit; upper-cased."""
    code = _halfwidth(text).strip().upper()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{0,19}", code):
        return Checked(code, "code.bad", N_("An employee code has 1 to 20 letters, digits or dashes."))
    return Checked(code)


CODE_PATTERN = re.compile(r"([A-Z0-9-]{0,10}?)(#{3,8})")
DEFAULT_CODE_PATTERN = "E####"


def valid_code_pattern(pattern: str) -> bool:
    """A prefix of up to 10 letters, digits or dashes, then 3 to 8 '#' for the number: 'E####', 'ZJ-#####'."""
    return bool(CODE_PATTERN.fullmatch(pattern))


def inferred_code_pattern(codes: list[str]) -> str:
    """The shape most existing codes have (prefix and digit count), so a plant's own numbering continues."""
    shapes: dict[str, int] = {}
    for code in codes:
        match = re.fullmatch(r"([A-Z-]*)(\d{3,8})", code)
        if match:
            shape = match.group(1) + "#" * len(match.group(2))
            shapes[shape] = shapes.get(shape, 0) + 1
    return max(shapes, key=lambda shape: (shapes[shape], shape)) if shapes else DEFAULT_CODE_PATTERN


def next_employee_code(pattern: str, codes: list[str]) -> str:
    """The pattern's prefix with the next number after the highest code of that shape: 'E####' after E0060 → E0061."""
    match = CODE_PATTERN.fullmatch(pattern) or CODE_PATTERN.fullmatch(DEFAULT_CODE_PATTERN)
    prefix, width = match.group(1), len(match.group(2))
    numbers = [
        int(code[len(prefix) :])
        for code in codes
        if code.startswith(prefix)
        and code[len(prefix) :].isascii()
        and code[len(prefix) :].isdigit()
        and len(code) - len(prefix) == width
    ]
    return f"{prefix}{max(numbers, default=0) + 1:0{width}d}"


def validate_phone(text: str) -> Checked:
    """Chinese mobile numbers: 11 digits starting 1[3-9]; +86/86 prefixes, spaces and dashes dropped."""
    digits = re.sub(r"[\s\-()]", "", _halfwidth(text))
    digits = re.sub(r"^(\+?86)(?=1[0-9]{10}$)", "", digits)
    if not re.fullmatch(r"1[3-9][0-9]{9}", digits):  # [0-9], not \d: \d also matches other scripts' digits
        return Checked(digits, "phone.bad", N_("Enter an 11-digit mobile number starting with 1."))
    return Checked(digits)


# Organisation ------------------------------------------------------------------------------------


def creates_cycle(department_id: int, new_parent_id: int | None, parent_of: dict[int, int | None]) -> bool:
    """Would making new_parent_id the parent of department_id put a department inside itself?"""
    seen: set[int] = set()
    current = new_parent_id
    while current is not None and current not in seen:
        if current == department_id:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False


def tree_order(parent_of: dict[int, int | None], order: list[int]) -> list[tuple[int, int]]:
    """(department id, depth) in display order: each department after its parent, siblings in the order
    given. A department whose parent is missing (or part of a loop) is shown at the top."""
    children: dict[int | None, list[int]] = {}
    for node in order:
        parent = parent_of.get(node)
        children.setdefault(
            parent if parent in parent_of and not creates_cycle(node, parent, parent_of) else None, []
        ).append(node)
    result: list[tuple[int, int]] = []

    def walk(node: int, depth: int) -> None:
        result.append((node, depth))
        for child in children.get(node, []):
            walk(child, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    return result


# Lifecycle ---------------------------------------------------------------------------------------

SETTLEMENT_ITEMS = (
    "final_wages_paid",
    "equipment_returned",
    "badge_returned",
    "contract_archived",
    "social_insurance_stopped",
)


def add_months(start: date, months: int) -> date:
    """The same day months later; the 31st becomes the month's last day where the month is shorter."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def service_length(hire_date: date, last_day: date) -> tuple[int, int]:
    """(years, months) of full months served from the hire date through the last day, both included:
    what the termination certificate states as the years of service (RULES.md, "At exit")."""
    return divmod(full_months(hire_date, last_day + timedelta(days=1)), 12)


def earliest_resignation_day(notice_date: date, in_probation: bool) -> date:
    """The earliest last day of a resignation given notice on notice_date: 30 days' notice, 3 during
    probation (Labour Contract Law art. 37), counted from the day after the notice."""
    return notice_date + timedelta(days=resignation_notice_days(in_probation))


def full_months(start: date, stop: date) -> int:
    """Whole months from start up to stop (exclusive); a month from the 31st ends on a shorter month's last day."""
    months = (stop.year - start.year) * 12 + stop.month - start.month
    while months > 0 and add_months(start, months) > stop:
        months -= 1
    return max(0, months)


def resignation_notice_days(in_probation: bool) -> int:
    """Days of written notice a worker gives to resign: 30, or 3 during probation (Labour Contract Law art. 37)."""
    return 3 if in_probation else 30


def contract_end(start: date, term_months: int) -> date:
    """The last day of a fixed term of term_months from start (the end date included in the term)."""
    return add_months(start, term_months) - timedelta(days=1)


# Severance ---------------------------------------------------------------------------------------

SEVERANCE_WAGE_CAP_MULTIPLE = 3  # × the local average monthly wage (art. 47)
SEVERANCE_CAPPED_YEARS = 12  # years paid at most when the wage is capped (art. 47)


def severance_months(start: date, last_day: date) -> Fraction:
    """Months of pay owed as severance for service from start through last_day (Labour Contract Law
    art. 47): one per full year; a remainder of 6 months or more counts as a year, a shorter one
    (even a few days) as half."""
    if last_day < start:
        raise ValueError("the last day cannot come before the start")
    stop = last_day + timedelta(days=1)
    months = full_months(start, stop)
    years, rest = divmod(months, 12)
    if rest >= 6:
        return Fraction(years + 1)
    if rest or add_months(start, months) < stop:
        return years + Fraction(1, 2)
    return Fraction(years)


def monthly_average_fen(wages_fen: Sequence[int]) -> Fraction:
    """Exact average monthly wage in fen over the last 12 months given (fewer if fewer were worked),
    the base of severance (art. 47). Not rounded: severance is rounded once, at the end."""
    last = list(wages_fen)[-12:]
    if not last:
        raise ValueError("no monthly wages given")
    return Fraction(sum(last), len(last))


@dataclass(frozen=True)
class Severance:
    """The severance computed, with what it was computed from (fen, exact until amount_fen)."""

    monthly_base_fen: Fraction
    months_of_pay: Fraction
    capped: bool  # the wage was above 3× the local average: base and years capped
    amount_fen: int


def severance_pay(monthly_average: int | Fraction, years: int | Fraction, local_average_wage_fen: int) -> Severance:
    """Severance in fen (art. 47): monthly average wage × years, where years is severance_months().
    A wage higher than 3× the local average monthly wage is paid at 3× and then for 12 years at most
    ("higher than" excludes exactly 3×, Civil Code art. 1259). Rounded once, half up to the fen."""
    if monthly_average < 0 or years < 0 or local_average_wage_fen < 0:
        raise ValueError("wages and years cannot be negative")
    cap = SEVERANCE_WAGE_CAP_MULTIPLE * local_average_wage_fen
    capped = monthly_average > cap
    base = Fraction(cap if capped else monthly_average)
    months = Fraction(min(years, SEVERANCE_CAPPED_YEARS) if capped else years)
    return Severance(base, months, capped, math.floor(base * months + Fraction(1, 2)))


def severance_fen(monthly_average: int | Fraction, years: int | Fraction, local_average_wage_fen: int) -> int:
    """Just the amount of severance_pay, in fen."""
    return severance_pay(monthly_average, years, local_average_wage_fen).amount_fen


# Who may be hired --------------------------------------------------------------------------------

MINIMUM_HIRING_AGE = 16  # Labour Law art. 15
ADULT_AGE = 18  # 16 and 17 are minor workers; no special-operation certificate before 18


def birthday_in(birth_date: date, year: int) -> date:
    """The birthday in year; 29 February falls on 28 February in a common year (Civil Code art. 202:
    with no corresponding day, the period ends on the month's last day)."""
    return date(year, birth_date.month, min(birth_date.day, calendar.monthrange(year, birth_date.month)[1]))


def age_on(birth_date: date, on_date: date) -> int:
    """Age in full years (周岁) on on_date. A year of age is complete at the end of the birthday, so it
    counts from the day after: on the 16th birthday a person is still 15 (RULES.md: "hiring is allowed
    from the day after the 16th birthday"; Civil Code arts. 201-202 count a period from the next day)."""
    if on_date < birth_date:
        raise ValueError("on_date is before the birth date")
    years = on_date.year - birth_date.year
    if on_date <= birthday_in(birth_date, on_date.year):
        years -= 1
    return max(0, years)


class HireStatus(StrEnum):
    REFUSED_UNDER_16 = "refused_under_16"
    MINOR_WORKER = "minor_worker"
    ADULT = "adult"


HIRE_UNDER_16 = Problem(
    "hire.under_16", N_("Under 16 on the start date: may not be employed (Labour Law art. 15). HR has been told.")
)
HIRE_MINOR = Problem(
    "hire.minor_worker",
    N_(
        "A minor worker (16 or 17): health check before assignment, register "
        "with the county labour bureau, no operation banned for minors."
    ),
)


@dataclass(frozen=True)
class HireCheck:
    """The hiring decision for an age on the start date; problem is an error when refused, else a warning."""

    status: HireStatus
    age: int
    problem: Problem | None = None

    @property
    def allowed(self) -> bool:
        return self.status is not HireStatus.REFUSED_UNDER_16


def hire_eligibility(birth_date: date, start_date: date) -> HireCheck:
    """Under 16 on the start date: refused (Labour Law art. 15); 16 and 17: a minor worker, flagged;
    otherwise an adult. Age as age_on, so a start on the 16th birthday is refused and the day after is
    allowed; likewise a start on the 18th birthday is still a minor worker's."""
    age = age_on(birth_date, start_date)
    if age < MINIMUM_HIRING_AGE:
        return HireCheck(HireStatus.REFUSED_UNDER_16, age, HIRE_UNDER_16)
    if age < ADULT_AGE:
        return HireCheck(HireStatus.MINOR_WORKER, age, HIRE_MINOR)
    return HireCheck(HireStatus.ADULT, age)


ASSIGN_BANNED = Problem("assign.banned_for_minors", N_("This operation is banned for minor workers (under 18)."))
ASSIGN_CERTIFICATE = Problem(
    "assign.certificate_needs_18",
    N_("This operation needs a special-operation certificate, which nobody under 18 can hold."),
)


def may_assign_operation(
    age: int, operation_banned_for_minors: bool, needs_special_certificate: bool
) -> tuple[Problem, ...]:
    """Why a worker of this age (age_on today) may not be assigned the operation, or () if the age allows
    it (RULES.md, minor workers). The certificate itself is checked by the training rules."""
    if age >= ADULT_AGE:
        return ()
    reasons = (ASSIGN_BANNED,) if operation_banned_for_minors else ()
    return reasons + ((ASSIGN_CERTIFICATE,) if needs_special_certificate else ())


# Retirement --------------------------------------------------------------------------------------


class RetirementCategory(StrEnum):
    MALE = "male"
    FEMALE_55 = "female_55"  # women in cadre / management posts
    FEMALE_50 = "female_50"  # women in worker posts


@dataclass(frozen=True, order=True)
class YearMonth:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> YearMonth:
        return cls(day.year, day.month)

    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    def plus(self, months: int) -> YearMonth:
        year, month = divmod(self.index + months, 12)
        return YearMonth(year, month + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


REFORM_START = YearMonth(2025, 1)  # the 2025 retirement reform applies to old retirement months from here
_RETIREMENT = {  # category: (old retirement age in years, step in months, maximum delay in months)
    RetirementCategory.MALE: (60, 4, 36),
    RetirementCategory.FEMALE_55: (55, 4, 36),
    RetirementCategory.FEMALE_50: (50, 2, 60),
}


def retirement_delay_months(birth_year: int, birth_month: int, category: RetirementCategory | str) -> int:
    """Months the 2025 reform adds to the old retirement month (RULES.md, in force 2025-01-01): 0 when
    the old month is before 2025-01, else min(max, floor(months since 2025-01 / step) + 1)."""
    if not 1 <= birth_month <= 12:
        raise ValueError("birth_month is 1 to 12")
    age, step, most = _RETIREMENT[RetirementCategory(category)]
    since = YearMonth(birth_year, birth_month).plus(age * 12).index - REFORM_START.index
    return 0 if since < 0 else min(most, since // step + 1)


def retirement_month(birth_year: int, birth_month: int, category: RetirementCategory | str) -> YearMonth:
    """The month a person reaches retirement: birth month + 60 years (men), 55 or 50 (women, by post),
    plus the reform's delay. Man born 1965-01 → 2025-02; woman (50) born 1995-12 → 2050-12."""
    age = _RETIREMENT[RetirementCategory(category)][0]
    return YearMonth(birth_year, birth_month).plus(
        age * 12 + retirement_delay_months(birth_year, birth_month, category)
    )


def retiring_within(birth_date: date, category: RetirementCategory | str, today: date, months: int = 6) -> bool:
    """Does the person reach retirement from this month through the month `months` months on (RULES.md:
    show who reaches retirement in the next 6 months)? Someone already past it is not included."""
    ahead = retirement_month(birth_date.year, birth_date.month, category).index - YearMonth.of(today).index
    return 0 <= ahead <= months
