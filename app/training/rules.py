"""Pure rules of training: who may manage which course, which files are course material, quiz scoring.

HR organises (general courses: culture, rules, safety; it schedules and tracks every course) and the
department teaches its own trade (professional courses: product, equipment, technique). The records
must show who was responsible for what, so the permissions follow that split exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from app.i18n import N_

COURSE_KINDS = ("general", "professional")
KIND_LABELS = {"general": N_("General (HR)"), "professional": N_("Professional (department)")}
DEFAULT_PASS_MARK = 80  # percent
MAX_MATERIAL_BYTES = 200 * 1024 * 1024  # a training video shot on a phone, re-encoded


@dataclass(frozen=True)
class Viewer:
    """What the rules need to know about the person asking: roles, and the departments they head."""

    roles: tuple[str, ...]
    headed_departments: frozenset[int] = frozenset()
    qualified_courses: frozenset[int] = frozenset()  # courses the viewer may teach (trainers)

    def has(self, role: str) -> bool:
        return "admin" in self.roles or role in self.roles


def can_manage_course(viewer: Viewer, kind: str, department_id: int | None) -> bool:
    """Create or edit a course, its materials and quiz: HR for general courses, a head for their department's."""
    if kind == "general":
        return viewer.has("hr")
    return department_id in viewer.headed_departments


def can_delete_material(viewer: Viewer, kind: str, department_id: int | None) -> bool:
    """HR may schedule and track a department's course but not delete what the department taught with."""
    if kind == "professional":
        return department_id in viewer.headed_departments
    return viewer.has("hr")


def can_see_course(viewer: Viewer, course_id: int, kind: str, department_id: int | None) -> bool:
    if viewer.has("hr"):
        return True
    if viewer.headed_departments and (kind == "general" or department_id in viewer.headed_departments):
        return True
    return course_id in viewer.qualified_courses


def can_qualify_trainers(viewer: Viewer, kind: str, department_id: int | None) -> bool:
    """HR tracks every course, so it names trainers too; a head names them for their own courses."""
    return viewer.has("hr") or can_manage_course(viewer, kind, department_id)


def course_problems(title: str, kind: str, department_id: int | None, hours: str, pass_mark: str) -> dict[str, str]:
    """Field -> message (marked for translation) for a course form; {} when it is fine."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = N_("Enter the course title.")
    elif len(title.strip()) > 80:
        errors["title"] = N_("A course title has at most 80 characters.")
    if kind not in COURSE_KINDS:
        errors["kind"] = N_("Choose general or professional.")
    elif kind == "professional" and department_id is None:
        errors["department_id"] = N_("A professional course belongs to a department: choose it.")
    try:
        if not 0 < float(hours or "0") <= 200:
            raise ValueError
    except ValueError:
        errors["hours"] = N_("Enter the hours, between 0.5 and 200.")
    if not (pass_mark.isascii() and pass_mark.isdigit()) or not 1 <= int(pass_mark) <= 100:
        errors["pass_mark"] = N_("The pass mark is a percentage from 1 to 100.")
    return errors


# What a file really is, from its first bytes: the name can lie (a renamed .exe), the content cannot.
SIGNATURES: tuple[tuple[str, bytes, int], ...] = (
    ("application/pdf", b"%PDF-", 0),
    ("image/png", b"\x89PNG\r\n\x1a\n", 0),
    ("image/jpeg", b"\xff\xd8\xff", 0),
    ("video/mp4", b"ftyp", 4),
)
SUFFIXES = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "video/mp4": (".mp4", ".m4v"),
}


@dataclass(frozen=True)
class MaterialCheck:
    content_type: str | None
    problem: str | None


def sniff(head: bytes) -> str | None:
    for content_type, signature, offset in SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type
    return None


def check_material(filename: str, head: bytes, size: int) -> MaterialCheck:
    """Accept PDF, PNG, JPEG and MP4 whose content matches their name, up to 200 MB."""
    if size == 0:
        return MaterialCheck(None, N_("The file is empty."))
    if size > MAX_MATERIAL_BYTES:
        return MaterialCheck(None, N_("The file is larger than 200 MB."))
    content_type = sniff(head)
    if content_type is None:
        return MaterialCheck(None, N_("Only PDF, PNG, JPEG and MP4 files can be course material."))
    if not filename.lower().endswith(SUFFIXES[content_type]):
        return MaterialCheck(None, N_("The file's name does not match what it contains: it was not stored."))
    return MaterialCheck(content_type, None)


@dataclass(frozen=True)
class Question:
    text: str
    choices: tuple[str, ...]
    answer: int  # index into choices


def question_problems(text: str, choices: Sequence[str], answer: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = N_("Enter the question.")
    filled = [choice for choice in choices if choice.strip()]
    if len(filled) < 2:
        errors["choices"] = N_("A question needs at least two answers to choose from.")
    if (
        not (answer.isascii() and answer.isdigit())
        or not 0 <= int(answer) < len(choices)
        or not choices[int(answer)].strip()
    ):
        errors["answer"] = N_("Mark which answer is right.")
    return errors


@dataclass(frozen=True)
class QuizScore:
    correct: int
    total: int
    percent: int
    passed: bool


def score_quiz(questions: Sequence[Question], answers: Sequence[int | None], pass_mark: int) -> QuizScore:
    """Percent right, rounded down (79.9% does not pass an 80% mark); an unanswered question is wrong."""
    if not questions:
        raise ValueError("a quiz without questions cannot be scored")
    correct = sum(1 for question, answer in zip(questions, answers, strict=False) if answer == question.answer)
    percent = correct * 100 // len(questions)
    return QuizScore(correct, len(questions), percent, percent >= pass_mark)


def may_attempt(last_failed: bool, studied_since_fail: bool) -> bool:
    """After a failed attempt the worker re-studies the material before trying again."""
    return not last_failed or studied_since_fail


# Practical sign-off ---------------------------------------------------------------------------

NOT_QUALIFIED = N_("This trainer is not qualified to sign off any course. Please see the department head.")
NOT_QUALIFIED_FOR_COURSE = N_("This trainer is not qualified for this course.")
THEORY_FIRST = N_("The worker has not passed this course's quiz yet: theory first, then the practical.")
SELF_SIGNOFF = N_("A trainer cannot sign off their own training: another trainer must scan.")
ALREADY_SIGNED = N_("Already signed off for this course.")


def signoff_refusal(
    *, same_person: bool, trainer_qualified: bool, has_quiz: bool, theory_passed: bool, already_signed: bool
) -> str | None:
    """Why a trainer may not sign this worker off for this course now, or None when they may."""
    if same_person:
        return SELF_SIGNOFF
    if not trainer_qualified:
        return NOT_QUALIFIED_FOR_COURSE
    if has_quiz and not theory_passed:
        return THEORY_FIRST
    if already_signed:
        return ALREADY_SIGNED
    return None


# Three-level safety education (RULES.md "Safety training") -----------------------------------------

SAFETY_LEVELS = ("plant", "workshop", "team")  # 厂级 / 车间级 / 班组级, taught in this order
SAFETY_LEVEL_LABELS = {"plant": N_("Plant level"), "workshop": N_("Workshop level"), "team": N_("Team level")}
PRE_JOB_MINUTES = {"general": 24 * 60, "high_risk": 72 * 60}  # at least 24 / 72 class hours before starting work
REFRESHER_MINUTES = 8 * 60  # yearly re-training, general industry
SAFETY_INCOMPLETE = N_("The three-level safety education (plant, workshop, team) is not complete and signed off.")
SAFETY_HOURS_SHORT = N_("The three-level safety education has fewer class hours than the law asks before work starts.")


@dataclass(frozen=True)
class SafetyRecord:
    level: str
    minutes: int
    signed_off: bool


@dataclass(frozen=True)
class SafetyStatus:
    missing: tuple[str, ...]  # levels not yet signed off, in teaching order
    minutes: int  # signed-off class minutes
    required_minutes: int

    @property
    def complete(self) -> bool:
        return not self.missing and self.minutes >= self.required_minutes

    def problems(self) -> list[str]:
        if self.missing:
            return [SAFETY_INCOMPLETE]
        return [SAFETY_HOURS_SHORT] if self.minutes < self.required_minutes else []


def safety_status(records: Iterable[SafetyRecord], sector: str = "general") -> SafetyStatus:
    signed = [record for record in records if record.signed_off]
    done = {record.level for record in signed}
    return SafetyStatus(
        tuple(level for level in SAFETY_LEVELS if level not in done),
        sum(record.minutes for record in signed),
        PRE_JOB_MINUTES[sector],
    )


def refresher_due(last_training: date | None, today: date) -> tuple[date | None, bool]:
    """(the date the yearly refresher falls due, whether it is overdue); no training yet: nothing due."""
    if last_training is None:
        return None, False
    due = _add_years(last_training, 1)
    return due, due < today


# Certificates ------------------------------------------------------------------------------------

CERTIFICATE_KINDS = ("electrician", "welder", "forklift", "crane", "work_at_height", "other")
CERTIFICATE_LABELS = {
    "electrician": N_("Electrician"),
    "welder": N_("Welding and hot cutting"),
    "forklift": N_("Forklift"),
    "crane": N_("Crane"),
    "work_at_height": N_("Work at height"),
    "other": N_("Other certificate"),
}
REMIND_DAYS = 30
CERTIFICATE_MIN_AGE = 18


def certificate_state(expires_on: date | None, today: date) -> str:
    """valid | expiring (within 30 days) | expired; a certificate without an expiry date stays valid."""
    if expires_on is None or expires_on > today + timedelta(days=REMIND_DAYS):
        return "valid"
    return "expired" if expires_on < today else "expiring"


def certificate_problems(
    kind: str, number: str, issued_on: date | None, expires_on: date | None, birth_date: date | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in CERTIFICATE_KINDS:
        errors["kind"] = N_("Choose the kind of certificate.")
    if not number.strip():
        errors["number"] = N_("Enter the certificate number.")
    if expires_on is None:
        errors["expires_on"] = N_("Enter the date the certificate expires.")
    elif issued_on is not None and expires_on <= issued_on:
        errors["expires_on"] = N_("The certificate expires before it was issued.")
    if birth_date is not None and issued_on is not None and _add_years(birth_date, CERTIFICATE_MIN_AGE) > issued_on:
        errors["issued_on"] = N_("A special-operation certificate is only issued to people of 18 or older.")
    return errors


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


# The skills matrix -----------------------------------------------------------------------------


def skill_state(theory_passed: bool, signed_off: bool) -> str:
    """A course cell: trained (practical signed off), theory (quiz passed, practical to do) or none."""
    if signed_off:
        return "trained"
    return "theory" if theory_passed else "none"


# Probation assessment ------------------------------------------------------------------------------

DEFAULT_PROBATION_MONTHS = 3
MAX_PROBATION_MONTHS = 6  # Labour Contract Law art. 19: even a 3-year or open-ended contract allows no more
ASSESS_DAYS_BEFORE_END = 30
DECISIONS = ("confirm", "extend", "terminate")
DEPARTMENT_GUIDES_PRACTICAL = N_(
    "Theory passed with %(percent)d%%, but the practical was not passed: guiding the "
    "practical is the department's responsibility, not HR's."
)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):  # the 31st becomes the month's last day
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def probation_end(hire_date: date, months: int = DEFAULT_PROBATION_MONTHS) -> date:
    """The last day of a probation of months starting on the hire date."""
    return add_months(hire_date, months) - timedelta(days=1)


def extension_problem(hire_date: date, current_end: date, new_end: date | None) -> str | None:
    if new_end is None:
        return N_("Enter the new end of the probation.")
    if new_end <= current_end:
        return N_("An extension ends after the current end of the probation.")
    if new_end > probation_end(hire_date, MAX_PROBATION_MONTHS):
        return N_("A probation cannot run past 6 months from the hire date (Labour Contract Law art. 19).")
    return None


def practical_is_departments(best_quiz_percent: int | None, practical_failed: bool, pass_mark: int = 80) -> bool:
    """The responsibility line the issue draws: theory passed (HR organised it) and practical failed (the trade)."""
    return best_quiz_percent is not None and best_quiz_percent >= pass_mark and practical_failed


def coverage_percent(trained: int, headcount: int) -> int | None:
    """Share of the people a course is for who are trained, rounded down; None where nobody is in scope."""
    return None if headcount == 0 else trained * 100 // headcount


def can_schedule(viewer: Viewer, kind: str, department_id: int | None) -> bool:
    """HR organises: it schedules every course; a department head schedules their own."""
    return viewer.has("hr") or can_manage_course(viewer, kind, department_id)
