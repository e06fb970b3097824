"""Pure rules of leave: annual leave, medical period, maternity, counting leave days, time off in lieu, leave pay.

Legal source: /work/shared/RULES.md, "Leave (请假) and time off in lieu" (Regulations on Paid Annual
Leave 2008 and its implementing measures; MOL 1994 No. 479 on the medical period; Special Rules on
Labour Protection of Female Employees 2012 art. 7; Labour Law art. 44). National figures are the
defaults; a province's figure is a plant setting passed in.

Units: leave is counted in half days (int, 1 = half a day, 2 = a day) so that half days stay exact;
time off in lieu in minutes (int); money in integer fen, computed with exact Fractions and rounded
once per line with app.payroll.rules.round_half_up's rule (half-up to the fen), here in `_round`.
No database, no HTTP.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction


def N_(s: str) -> str:
    return s  # marks a message for translation


HALVES_PER_DAY = 2
DAYS_PER_YEAR = 365  # the implementing measures divide by 365 in every year, leap or not
PAID_DAYS_PER_MONTH = Fraction(2175, 100)  # 21.75 paid days a month (RULES.md, converting a monthly wage)
UNTAKEN_ANNUAL_PERCENT = 300  # implementing measures art. 10: 300% of the daily wage, 100% already paid
SICK_FLOOR_PERCENT = 80  # sick pay never below 80% of the local minimum wage (RULES.md)
SICK_MONTH_DAYS = 30  # a month of sick leave, for the forfeiture thresholds: 30 calendar days
PERSONAL_LEAVE_FORFEIT_DAYS = 20  # implementing measures art. 4(1): 20 days or more not deducted from pay


class Unit(StrEnum):
    """How a leave type counts: scheduled working days (rest days and holidays skipped) or calendar days."""

    WORKING = "working"
    CALENDAR = "calendar"


# -- annual leave --------------------------------------------------------------------------------


def annual_entitlement(years_worked: int) -> int:
    """Full-year annual leave in days by cumulative years worked with all employers (Regulations art. 3):
    under 1 year (not yet 12 months of work) 0; 1 to under 10 → 5; 10 to under 20 → 10; 20 or more → 15."""
    if years_worked < 0:
        raise ValueError("years_worked cannot be negative")
    if years_worked < 1:
        return 0
    return 5 if years_worked < 10 else 10 if years_worked < 20 else 15


def _days_in(first: date, last: date) -> int:
    return max(0, (last - first).days + 1)


def twelve_months_on(continuous_since: date | None) -> date | None:
    """The day 12 consecutive months of work (with this or other employers, no break) are complete: the
    same date a year after the run began (29 February → 1 March). None when the run's start is unknown."""
    if continuous_since is None:
        return None
    try:
        return continuous_since.replace(year=continuous_since.year + 1)
    except ValueError:  # 29 February
        return date(continuous_since.year + 1, 3, 1)


def annual_leave_for_year(
    years_worked: int, year: int, joined: date | None = None, continuous_since: date | None = None
) -> int:
    """Days of annual leave for `year`. None before 12 consecutive months of work (Regulations art. 2;
    continuous_since: when the current unbroken run of work began, with any employer; unknown → the cumulative
    years decide alone). In the first year at this plant, or the year the 12 months are complete, pro-rated by
    the remaining calendar days (from the later of the two to 31 December, both included) ÷ 365 × the full
    entitlement, fractions of a day dropped (implementing measures art. 5).
    Vectors: 8 years, joined 2026-07-01 → floor(184/365 × 5) = 2; 8 years, a run begun 2025-07-01 after a
    break, here since then → 2025: 0, 2026: floor(184/365 × 5) = 2, 2027: 5."""
    full = annual_entitlement(years_worked)
    starts = [day for day in (joined, twelve_months_on(continuous_since)) if day is not None]
    start = max(starts) if starts else None
    if start is None or start.year < year:
        return full
    if start.year > year:
        return 0
    return math.floor(Fraction(_days_in(start, date(year, 12, 31)), DAYS_PER_YEAR) * full)


def years_worked_in(years_worked: int, confirmed_on: date | None, year: int) -> int:
    """Cumulative years worked on 1 January of `year`, from the figure HR confirmed on a date: whole years
    since then are added (the person kept working here), whole years before it taken off; never below 0.
    Without a date the figure stands for every year. 8 confirmed 2026-01-05 → 2025: 7, 2026: 8, 2028: 9."""
    if confirmed_on is None:
        return years_worked
    new_year = date(year, 1, 1)
    if new_year >= confirmed_on:
        return years_worked + full_years(confirmed_on, new_year)
    return max(0, years_worked - full_years(new_year, confirmed_on))


def carried_over_halves(left_last_year_halves: int, cap_days: int) -> int:
    """Annual leave carried into the next year as the plant's policy says (at most cap_days days; 0 by default:
    the Regulations expect leave to be taken in its year, art. 5), in half days, never negative."""
    return max(0, min(left_last_year_halves, cap_days * HALVES_PER_DAY))


def full_years(since: date | None, on: date) -> int:
    """Whole years from since to on (a birthday-style count); 0 without a date or before it."""
    if since is None or on < since:
        return 0
    return on.year - since.year - ((on.month, on.day) < (since.month, since.day))


def sick_months_forfeit(years_worked: int) -> int:
    """Months of sick leave in a year that forfeit that year's annual leave (implementing measures art. 4)."""
    return 2 if years_worked < 10 else 3 if years_worked < 20 else 4


def forfeits_annual_leave(
    years_worked: int, personal_days_not_deducted: Fraction | int = 0, sick_days: int = 0
) -> bool:
    """No annual leave this year (art. 4): personal leave of 20 days or more the plant did not deduct
    from pay (unpaid personal leave never forfeits: it was deducted), or sick leave (calendar days, 30 to
    a month) of 2 / 3 / 4 months or more by years worked (under 10 / 10–19 / 20 or more)."""
    if personal_days_not_deducted >= PERSONAL_LEAVE_FORFEIT_DAYS:
        return True
    return sick_days >= sick_months_forfeit(years_worked) * SICK_MONTH_DAYS


def annual_days_owed_at_exit(
    entitlement: int, year_start: date, last_day: date, days_taken: Fraction | int
) -> Fraction:
    """Days of annual leave owed when someone leaves: floor(calendar days worked this year ÷ 365 ×
    entitlement) − days taken, never below 0 (extra days taken are not clawed back; art. 12).
    year_start is 1 January, or the hire date when hired this year. Vector: 15 days, 2026-01-01 to
    2026-04-30 (120 days), 3 taken → 4 − 3 = 1."""
    earned = math.floor(Fraction(_days_in(year_start, last_day), DAYS_PER_YEAR) * entitlement)
    return max(Fraction(0), earned - Fraction(days_taken))  # a half day taken leaves a half day owed


def _round(amount: Fraction) -> int:
    """The one rounding of a leave pay line: exact fen to whole fen, half away from zero."""
    magnitude = math.floor(abs(amount) + Fraction(1, 2))
    return -magnitude if amount < 0 else magnitude


def daily_wage_exact(monthly_fen: int) -> Fraction:
    """Exact fen per day: monthly ÷ 21.75 (RULES.md, converting a monthly wage)."""
    return Fraction(monthly_fen) / PAID_DAYS_PER_MONTH


@dataclass(frozen=True)
class UntakenPay:
    """Pay for untaken annual leave at exit: 300% of the daily wage per day, of which 100% was already in
    the month's pay, so the settlement adds 200% (`due_fen`)."""

    days: Fraction
    daily_fen: Fraction
    total_fen: int  # 300%, for the record
    due_fen: int  # 200%: what the settlement pays


def untaken_annual_pay(days: Fraction | int, average_monthly_fen: int) -> UntakenPay:
    """RULES.md: daily wage = the average monthly wage of the last 12 months without overtime ÷ 21.75."""
    daily = daily_wage_exact(average_monthly_fen)
    days = Fraction(days)
    return UntakenPay(
        days,
        daily,
        _round(days * daily * UNTAKEN_ANNUAL_PERCENT / 100),
        _round(days * daily * (UNTAKEN_ANNUAL_PERCENT - 100) / 100),
    )


def average_monthly_fen(monthly_pay_without_overtime: Iterable[int]) -> int:
    """The average monthly wage over the months given (the last 12 or fewer, overtime left out), in fen,
    rounded half-up once; 0 with no month. Used for piece-rate workers' leave pay and exit pay."""
    months = list(monthly_pay_without_overtime)[-12:]
    return _round(Fraction(sum(months), len(months))) if months else 0


# -- medical period and maternity ----------------------------------------------------------------


def medical_period_months(years_in_all: int, years_here: int) -> int:
    """Medical period (医疗期) in months (MOL 1994 No. 479 art. 3): under 10 years in all: 3 (under 5 here)
    or 6; 10 or more in all: under 5 here 6, 5–9 → 9, 10–14 → 12, 15–19 → 18, 20 or more → 24."""
    if years_in_all < 0 or years_here < 0:
        raise ValueError("years cannot be negative")
    if years_in_all < 10:
        return 3 if years_here < 5 else 6
    for below, months in ((5, 6), (10, 9), (15, 12), (20, 18)):
        if years_here < below:
            return months
    return 24


MATERNITY_DAYS = 98  # art. 7, calendar days, up to 15 before the birth
DIFFICULT_BIRTH_DAYS = 15
EXTRA_BABY_DAYS = 15
MISCARRIAGE_EARLY_DAYS = 15  # before 4 months of pregnancy
MISCARRIAGE_LATE_DAYS = 42  # at 4 months or later


def maternity_days(difficult: bool = False, babies: int = 1, province_extra_days: int = 0) -> int:
    """Calendar days of maternity leave: 98, +15 for a difficult birth, +15 per additional baby, plus the
    province's extra days (a setting)."""
    if babies < 1:
        raise ValueError("babies must be at least 1")
    return MATERNITY_DAYS + DIFFICULT_BIRTH_DAYS * difficult + EXTRA_BABY_DAYS * (babies - 1) + province_extra_days


def miscarriage_days(months_pregnant: int) -> int:
    """15 calendar days before 4 months of pregnancy, 42 at 4 months or later (art. 7)."""
    return MISCARRIAGE_EARLY_DAYS if months_pregnant < 4 else MISCARRIAGE_LATE_DAYS


# -- counting the days of a leave -----------------------------------------------------------------


@dataclass(frozen=True)
class LeaveDay:
    day: date
    halves: int  # 1 = half a day, 2 = the whole day


def leave_days(
    first: date,
    last: date,
    unit: Unit,
    is_working_day: Callable[[date], bool],
    half_first: bool = False,
    half_last: bool = False,
) -> list[LeaveDay]:
    """The days a leave counts: working-day types skip rest days and statutory holidays (a make-up working
    day counts, since is_working_day says so from the plant calendar); calendar-day types count every day.
    half_first: the leave starts at midday; half_last: it ends at midday (one day with either: half a day)."""
    if last < first:
        raise ValueError("a leave cannot end before it starts")
    found = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        if unit is Unit.WORKING and not is_working_day(day):
            continue
        half = (day == first and half_first) or (day == last and half_last)
        found.append(LeaveDay(day, 1 if half else HALVES_PER_DAY))
    return found


def total_halves(days: Iterable[LeaveDay]) -> int:
    return sum(day.halves for day in days)


def by_month(days: Iterable[LeaveDay]) -> dict[tuple[int, int], int]:
    """Half days per (year, month): a leave across a month end is split where each day falls."""
    months: dict[tuple[int, int], int] = defaultdict(int)
    for day in days:
        months[day.day.year, day.day.month] += day.halves
    return dict(months)


def by_year(days: Iterable[LeaveDay]) -> dict[int, int]:
    """Half days per year: a leave across 31 December counts against each year's balance for its own days."""
    years: dict[int, int] = defaultdict(int)
    for day in days:
        years[day.day.year] += day.halves
    return dict(years)


def halves_in_year(halves: int, halves_first_year: int | None, first: date, last: date, year: int) -> int:
    """The half days of a stored leave that fall in `year`: all of them unless it crosses 31 December, then
    halves_first_year in the first year and the rest in the next (a leave lasts at most a year)."""
    if first.year == last.year or halves_first_year is None:
        return halves if first.year == year else 0
    if year == first.year:
        return halves_first_year
    return halves - halves_first_year if year == last.year else 0


def calendar_days_in_year(first: date, last: date, year: int) -> int:
    """Calendar days of a leave inside `year` (sick leave's months, for forfeiting annual leave)."""
    return _days_in(max(first, date(year, 1, 1)), min(last, date(year, 12, 31)))


EVENT_TYPES = frozenset({"marriage", "bereavement", "paternity", "maternity"})  # a figure per event
YEARLY_TYPES = frozenset({"childcare"})  # a figure per year (育儿假)


def event_days_allowed(
    code: str, figure: int | None, difficult: bool = False, babies: int = 1, pregnancy_months: int | None = None
) -> int | None:
    """The most days one event allows for a per-event type, from its figure (the province's setting, the
    national default otherwise): marriage 3, bereavement 1–3, paternity by province; maternity the figure
    (98 nationally, more by province) +15 for a difficult birth and +15 per additional baby (art. 7).
    A miscarriage (pregnancy_months: the months of pregnancy) allows the national 15 or 42 days instead (art. 7).
    None: no per-event limit (annual, sick, personal, work injury, time off in lieu, or no figure)."""
    if figure is None or code not in EVENT_TYPES:
        return None
    if code == "maternity" and pregnancy_months is not None:
        return miscarriage_days(pregnancy_months)
    if code == "maternity":
        return maternity_days(difficult, babies, max(0, figure - MATERNITY_DAYS))
    return figure


# A request names its event (event_date): the days asked for one wedding, death or birth are summed by that date.
# Requests made before the field name none: leave of one per-event type taken within this many calendar days of
# another (from one's last day to the next one's first) is taken for the same event: a wedding's days split around
# it, maternity leave asked before the birth and after it. Two weddings or two births are never that close.
EVENT_GAP_DAYS = {"marriage": 30, "paternity": 30, "maternity": 30, "bereavement": 7}
# Event dates this close name one event: a birth's expected and actual dates differ by weeks (and two births are
# months apart), a marriage's registration and wedding may differ a little; two deaths can be days apart.
EVENT_DATE_SLACK = {"marriage": 30, "paternity": 60, "maternity": 60, "bereavement": 0}
EVENT_LEAD_DAYS = 30  # a leave for an event starts at most this many days before it (maternity: 15 before birth)
EVENT_AFTER_DAYS = 366  # and within a year after it
EVENT_TOO_FAR = N_(
    "The leave must start no more than %(before)s days before the event's date and within a year after it; "
    "check the event's date."
)


@dataclass(frozen=True)
class Taken:
    first: date
    last: date
    halves: int
    event: date | None = None  # the event's date, None for a request made before requests named it


def event_date_refusal(first: date, event: date) -> str | None:
    """Why `event` cannot be the date of the event a leave starting on `first` is for, or None."""
    if first < event - timedelta(days=EVENT_LEAD_DAYS) or first > event + timedelta(days=EVENT_AFTER_DAYS):
        return EVENT_TOO_FAR
    return None


def event_halves(code: str, leave: Taken, others: Iterable[Taken]) -> int:
    """Half days of `others` (the person's pending or approved leave of type `code`) taken for the same event as
    `leave`: those naming the same event (dates within EVENT_DATE_SLACK), and of those naming none (made before the
    field) the ones near in time (_near_halves). A leave naming no event (a kiosk's fact from before the field)
    finds its event by time among all others. Vector: a wedding on 5 Dec and one on 5 Feb are two events."""
    others = list(others)
    if leave.event is None:
        return _near_halves(code, leave, others)
    slack = timedelta(days=EVENT_DATE_SLACK.get(code, 0))
    named = sum(o.halves for o in others if o.event is not None and abs(o.event - leave.event) <= slack)
    return named + _near_halves(code, leave, [other for other in others if other.event is None])


def _near_halves(code: str, leave: Taken, others: list[Taken]) -> int:
    """Of `others`, the half days within EVENT_GAP_DAYS of `leave`, or of one already counted (a chain of requests
    is one event). Vector (marriage, 30): 7–8 Dec and 14 Dec are one wedding; 20 February the next year another."""
    gap = EVENT_GAP_DAYS.get(code)
    if gap is None:
        return 0
    first, last, rest, found = leave.first, leave.last, list(others), 0
    while True:
        near = [
            o for o in rest if o.first <= last + timedelta(days=gap + 1) and o.last >= first - timedelta(days=gap + 1)
        ]
        if not near:
            return found
        for other in near:
            rest.remove(other)
            first, last, found = min(first, other.first), max(last, other.last), found + other.halves


def as_days(halves: int) -> Fraction:
    return Fraction(halves, HALVES_PER_DAY)


def overlaps(first: date, last: date, other_first: date, other_last: date) -> bool:
    return first <= other_last and other_first <= last


# -- time off in lieu (调休) ----------------------------------------------------------------------

LIEU_HOLIDAY = N_("Holiday overtime cannot become time off in lieu: it is always paid at 300%.")
LIEU_TOO_MUCH = N_("More time off in lieu than the overtime worked that day.")


def lieu_refusal(overtime_kind: str, overtime_minutes: int, banked_minutes: int, minutes: int) -> str | None:
    """Why `minutes` of a day's overtime cannot be banked as time off in lieu, or None: only rest-day
    overtime may be given back (Labour Law art. 44(2)), and never more than was worked that day."""
    if overtime_kind != "rest_day":
        return LIEU_HOLIDAY
    if minutes <= 0 or banked_minutes + minutes > overtime_minutes:
        return LIEU_TOO_MUCH
    return None


@dataclass(frozen=True)
class LieuUse:
    work_date: date | None  # the rest day whose overtime this time off replaces; None: the opening balance
    minutes: int


def allocate_lieu(banked: Iterable[tuple[date, int]], opening_minutes: int, minutes: int) -> list[LieuUse] | None:
    """Which overtime a leave of `minutes` spends: the opening balance first (the oldest), then each rest day's
    banked minutes not yet spent, oldest first; None when they do not cover it. banked: (rest day, minutes
    left), so every hour given back is recorded against the overtime it replaces (RULES.md, 调休)."""
    uses, left = [], minutes
    sources = [(None, opening_minutes)] + sorted(banked, key=lambda item: item[0])
    for work_date, available in sources:
        take = min(left, max(0, available))
        if take:
            uses.append(LieuUse(work_date, take))
            left -= take
        if not left:
            return uses
    return None if left else uses


def lieu_balance(accrued_minutes: Iterable[int], spent_minutes: Iterable[int]) -> int:
    return sum(accrued_minutes) - sum(spent_minutes)


def paid_rest_day_minutes(overtime_minutes: int, banked_minutes: int) -> int:
    """Rest-day overtime still paid at 200%: what was not given back as time off (never both)."""
    return max(0, overtime_minutes - banked_minutes)


# -- leave pay -----------------------------------------------------------------------------------


def sick_day_fen(monthly_fen: int, share_percent: int, minimum_wage_fen: int) -> Fraction:
    """Exact fen for a day of sick leave: the plant's share of the daily wage, never below 80% of the
    local minimum wage ÷ 21.75 (RULES.md, sick pay)."""
    share = daily_wage_exact(monthly_fen) * share_percent / 100
    return max(share, daily_wage_exact(minimum_wage_fen) * SICK_FLOOR_PERCENT / 100)


def leave_pay_fen(halves: int, day_fen: Fraction) -> int:
    """One line: half days × half the exact day's pay, rounded once."""
    return _round(as_days(halves) * day_fen)


def personal_leave_deduction_fen(halves: int, monthly_fen: int, paid_share_percent: int = 0) -> int:
    """Unpaid personal leave: monthly ÷ 21.75 per day, less the share a plant pays (RULES.md)."""
    return _round(as_days(halves) * daily_wage_exact(monthly_fen) * (100 - paid_share_percent) / 100)


@dataclass(frozen=True)
class LeavePayLine:
    """A gross-pay line of a month's leave, for payroll to show: exact pay rounded once (fen)."""

    code: str  # leave.<type>
    type_code: str
    halves: int
    amount_fen: int
    counts_for_minimum_wage: bool


@dataclass(frozen=True)
class MonthLeavePay:
    """unpaid_halves: days off the month's paid days (personal leave, and sick leave, which its own line pays);
    paid_halves: paid leave that counts as days worked (a partial month's paid days, the minimum wage)."""

    unpaid_halves: int
    paid_halves: int
    lines: tuple[LeavePayLine, ...]


def month_leave_pay(
    halves_by_type: dict[str, int],
    paid_percent: dict[str, int],
    time_rate: bool,
    monthly_fen: int,
    minimum_wage_fen: int,
    sick_code: str = "sick",
    lieu_code: str = "lieu",
) -> MonthLeavePay:
    """How a month's leave is paid (RULES.md, "Leave"). monthly_fen: the agreed monthly wage of a time-rate
    worker, or for a piece-rate worker the average monthly pay of the previous 12 months without overtime.
    - Time rate: leave paid at 100% is a line of 0 fen (the monthly wage goes on); leave paid below 100% comes off
      the paid days (monthly ÷ 21.75 per day) and its paid share is a line; sick leave comes off the paid days
      and is paid by its own line at the plant's share, never below 80% of the minimum wage ÷ 21.75 a day.
    - Piece rate: every paid type is a line at its share of monthly ÷ 21.75 a day; sick leave likewise with
      the 80% floor; unpaid leave pays nothing, nor does time off in lieu: a piece worker's rest-day pieces were
      paid at 200% by their segment, so the day given back is not paid again (never both).
    Sick pay does not count toward the minimum wage (its own floor applies); other paid leave does."""
    unpaid = paid = 0
    lines = []
    for code, halves in sorted(halves_by_type.items()):
        percent = 0 if code == lieu_code and not time_rate else paid_percent.get(code, 0)
        if code == sick_code:
            unpaid += halves
            day = sick_day_fen(monthly_fen, percent, minimum_wage_fen)
            lines.append(LeavePayLine(f"leave.{code}", code, halves, leave_pay_fen(halves, day), False))
            continue
        if time_rate and percent >= 100:  # shown on the payslip, paid by the monthly wage that goes on
            paid += halves
            lines.append(LeavePayLine(f"leave.{code}", code, halves, 0, True))
            continue
        if time_rate:
            unpaid += halves
        else:
            paid += halves if percent else 0
        if percent:
            day = daily_wage_exact(monthly_fen) * min(percent, 100) / 100
            lines.append(LeavePayLine(f"leave.{code}", code, halves, leave_pay_fen(halves, day), True))
    return MonthLeavePay(unpaid, paid, tuple(lines))
