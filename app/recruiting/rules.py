"""Pure recruiting rules: the pipeline's stages and moves, one person per ID number, hiring age, candidate data retention.

The ID number itself is validated by app.onboarding.rules.validate_resident_id (python-stdnum), reached through
app.recruiting.hooks; these rules take what it found (a normalised number, a birth date). Hiring age is
app.people.rules.hire_eligibility (RULES.md, "Who may be hired"). Dates are plant-local calendar days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.i18n import N_
from app.people.rules import ADULT_AGE, HireCheck, HireStatus, add_months, age_on, hire_eligibility


class Stage(StrEnum):
    APPLIED = "applied"
    INTERVIEW = "interview"
    TRIAL = "trial"  # a trial task on the line
    OFFER = "offer"
    HIRED = "hired"
    REJECTED = "rejected"  # the plant said no
    WITHDREW = "withdrew"  # the candidate said no


OPEN_STAGES = (Stage.APPLIED, Stage.INTERVIEW, Stage.TRIAL, Stage.OFFER)
CLOSED_STAGES = (Stage.HIRED, Stage.REJECTED, Stage.WITHDREW)
BOARD_STAGES = OPEN_STAGES + CLOSED_STAGES
STAGE_LABELS = {
    Stage.APPLIED: N_("Applied"),
    Stage.INTERVIEW: N_("Interview"),
    Stage.TRIAL: N_("Trial task"),
    Stage.OFFER: N_("Offer"),
    Stage.HIRED: N_("Hired"),
    Stage.REJECTED: N_("Turned down"),
    Stage.WITHDREW: N_("Withdrew"),
}
# Forward one step at a time, a trial task may be skipped (an office post has none); back one step too, since
# a card moved by mistake must go back. Hired comes after the offer (the onboarding invite carries the data).
_FORWARD = {
    Stage.APPLIED: (Stage.INTERVIEW,),
    Stage.INTERVIEW: (Stage.TRIAL, Stage.OFFER, Stage.APPLIED),
    Stage.TRIAL: (Stage.OFFER, Stage.INTERVIEW),
    Stage.OFFER: (Stage.HIRED, Stage.TRIAL, Stage.INTERVIEW),
}
NEEDS_REASON = (Stage.REJECTED, Stage.WITHDREW)

MOVE_NOT_ALLOWED = N_("This move is not allowed from the candidate's stage.")
MOVE_NEEDS_REASON = N_("Give a reason for rejecting or withdrawing.")
MOVE_CLOSED = N_("This application is closed; attach the candidate to the requisition again to reopen it.")


def allowed_moves(stage: Stage) -> tuple[Stage, ...]:
    """Where a card in stage may go: its forward and back steps, and rejected / withdrew from any open stage."""
    if stage in CLOSED_STAGES:
        return ()
    return _FORWARD[stage] + NEEDS_REASON


def check_move(current: Stage, target: Stage, reason: str) -> str | None:
    """None when the move is allowed, else why not (a msgid)."""
    if current in CLOSED_STAGES:
        return MOVE_CLOSED
    if target not in allowed_moves(current):
        return MOVE_NOT_ALLOWED
    if target in NEEDS_REASON and not reason.strip():
        return MOVE_NEEDS_REASON
    return None


# Requisitions ------------------------------------------------------------------------------------


class RequisitionStatus(StrEnum):
    PENDING = "pending"  # waits for HR (approvals inbox)
    OPEN = "open"  # approved: recruiting
    REFUSED = "refused"
    FILLED = "filled"  # as many hired as asked for
    CANCELLED = "cancelled"


PRIORITIES = ("must", "should", "nice")  # 必须 / 优先 / 加分
PRIORITY_LABELS = {"must": N_("Must have"), "should": N_("Preferred"), "nice": N_("Nice to have")}
DIMENSIONS = ("skills", "experience", "education", "physical", "certificate", "attitude", "other")
DIMENSION_LABELS = {
    "skills": N_("Skills"),
    "experience": N_("Experience"),
    "education": N_("Education"),
    "physical": N_("Physical"),
    "certificate": N_("Certificate"),
    "attitude": N_("Attitude"),
    "other": N_("Other"),
}
MAX_HEADCOUNT = 200


def status_after_hire(asked: int, hired: int) -> RequisitionStatus:
    """An open requisition is filled once as many were hired as it asked for."""
    return RequisitionStatus.FILLED if hired >= asked else RequisitionStatus.OPEN


# Identity and age ---------------------------------------------------------------------------------

UNDER_16 = N_("Under 16: may not be employed (Labour Law art. 15). The candidate was not added.")


@dataclass(frozen=True)
class AgeCheck:
    check: HireCheck

    @property
    def refused(self) -> bool:
        return not self.check.allowed

    @property
    def minor(self) -> bool:
        return self.check.status is HireStatus.MINOR_WORKER


def candidate_age(birth_date: date, on_date: date) -> AgeCheck:
    """The hiring decision on on_date (today, or the date needed): under 16 refused at once, 16-17 a minor
    worker flagged (RULES.md "Who may be hired", app.people.rules.hire_eligibility)."""
    return AgeCheck(hire_eligibility(birth_date, on_date))


# Posts minors may not take (RULES.md "Who may be hired"; Special Provisions on the Protection of Juvenile Workers,
# art. 3, and the Law on the Protection of Minors art. 61): a post marked with one of these kinds is for adults.
ADULT_ONLY_KINDS = ("mining", "height", "toxic", "heavy_lifting", "physical_iv", "line_pace", "other")
ADULT_ONLY_LABELS = {
    "mining": N_("Mining or underground work"),
    "height": N_("Work at height"),
    "toxic": N_("Toxic or harmful work (dust, poisons, radiation, high temperature)"),
    "heavy_lifting": N_("Heavy lifting"),
    "physical_iv": N_("Level IV physical labour"),
    "line_pace": N_("Line work with a forced posture or over 50 motions a minute"),
    "other": N_("Other work banned for minor workers"),
}
MINOR_POST = N_(
    "This post is banned for minor workers, and the candidate is under 18 on the start date "
    "(Special Provisions on the Protection of Juvenile Workers)."
)


def minor_may_not_take(birth_date: date | None, start_date: date, adult_only: str) -> str | None:
    """Why a candidate may not take a post marked adult_only (a kind of ADULT_ONLY_KINDS, "" for none) starting
    on start_date, or None. Age as app.people.rules.age_on: still a minor on the 18th birthday itself. A
    candidate without a birth date (none read yet) is not refused here: the ID number check reads it."""
    if not adult_only or birth_date is None:
        return None
    return MINOR_POST if age_on(birth_date, start_date) < ADULT_AGE else None


def same_person(number_a: str, number_b: str) -> bool:
    """Two normalised ID numbers name one person. An upgraded 15-digit number equals its 18-digit form
    because validation upgrades it first; the check character is compared case-blind (x is X)."""
    return bool(number_a) and number_a.upper() == number_b.upper()


# Retention (PIPL art. 19: no longer than needed) ---------------------------------------------------

DEFAULT_RETENTION_MONTHS = 24
MAX_RETENTION_MONTHS = 60


def retention_until(last_activity: date, months: int, consented: bool) -> date:
    """The last day a candidate's data may be kept: months after their last activity (an application, a move,
    a new consent) with consent to stay in the talent pool; without consent only until the application's
    end, which is 30 days after the last activity (time to answer a question about the decision)."""
    if not consented:
        return add_months(last_activity, 1)
    return add_months(last_activity, max(1, min(months, MAX_RETENTION_MONTHS)))


def past_retention(last_activity: date, months: int, consented: bool, today: date, hired: bool = False) -> bool:
    """A candidate not hired whose retention date has passed is purged; a hire's data moved to people."""
    return not hired and today > retention_until(last_activity, months, consented)


# Figures ----------------------------------------------------------------------------------------


def days_to_fill(approved_on: date, hired_on: date) -> int:
    """Calendar days from the requisition's approval to the hire (the plant-local dates)."""
    return max(0, (hired_on - approved_on).days)


RETENTION_CHECK_DAYS = 90


def retained_90_days(hired_on: date, today: date, started: bool, last_day: date | None) -> bool | None:
    """Was a hire still employed 90 days after the hire? None until those days have passed. A hire whose
    onboarding never made an employee did not start, so was not retained."""
    mark = hired_on + timedelta(days=RETENTION_CHECK_DAYS)
    if today < mark:
        return None
    return started and (last_day is None or last_day >= mark)


def median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
