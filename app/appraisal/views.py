"""What the appraisal pages show: a period's board (people × indicators with the figures and their links), whom a
user scores, the grade distribution, and the results export."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from app import spreadsheets
from app.appraisal import results, rules
from app.appraisal.periods import Period, Person, people, scores
from app.appraisal.results import Result
from app.appraisal.schemes import Scheme
from app.auth.service import CurrentUser
from app.i18n import N_, gettext
from app.people.team import team

NOT_YOURS = N_("You do not score this person.")


@dataclass(frozen=True)
class Cell:
    text: str
    score: str
    ref: str
    reason: str
    missing: bool


@dataclass(frozen=True)
class Row:
    person: Person
    cells: tuple[Cell, ...]
    scored: bool  # every entered indicator has a score


async def board(found: Period, s: Scheme) -> list[Row]:
    given = await scores(found.id)
    rows = []
    for person in await people(s, found.first_day, found.last_day):
        mine = given.get(person.id, {})
        cells = []
        for indicator in s.indicators:
            row = mine.get(indicator.code)
            score = None if row is None or row["score_milli"] is None else rules.show_score(row["score_milli"] / 1000)
            cells.append(
                Cell(
                    row["value_text"] if row and indicator.source != rules.Source.ENTERED else "",
                    score or "",
                    row["ref"] if row else "",
                    row["reason"] if row else "",
                    row is not None and score is None,
                )
            )
        rows.append(Row(person, tuple(cells), all(i.code in mine for i in s.entered)))
    return rows


async def scorable(user: CurrentUser, rows: list[Row]) -> list[Row]:
    """The rows this user scores: HR everyone; a supervisor their team (the responsibility matrix's team)."""
    if user.has_any("hr"):
        return rows
    mine = {member.id for member in await team(user)}
    return [row for row in rows if row.person.id in mine]


def distribution(grades: list[str], s: Scheme) -> list[tuple[str, int, int, int, bool]]:
    """(grade, people, percent of those graded, the grade's limit or 0, over it) in the scheme's band order, for
    the department head's review: provisional while the period is open, final once closed."""
    counts = Counter(g for g in grades if g)
    graded = sum(counts.values()) or 1
    over = {grade for grade, _, _ in rules.over_limits([g for g in grades if g], s.bands)}
    ordered = sorted(s.bands, key=lambda b: -b.min_score)
    return [
        (b.grade, counts[b.grade], counts[b.grade] * 100 // graded, b.max_percent, b.grade in over) for b in ordered
    ]


async def provisional(period_id: int, s: Scheme, rows: list[Row]) -> dict[int, tuple[str, str]]:
    """employee -> (total, grade) from the scores so far, as the close would compute them (nothing written); not
    graded ("", "") until the supervisor has scored them, since the close waits for that too."""
    given = await scores(period_id)
    found = {}
    for row in rows:
        if not row.scored:
            found[row.person.id] = ("", "")
            continue
        total, band = results.grade_of(s, given.get(row.person.id, {}))
        found[row.person.id] = (rules.show_score(total.score), band.grade if band else "")
    return found


HEADERS = (
    N_("Department"),
    N_("From"),
    N_("To"),
    N_("Employee code"),
    N_("Name"),
    N_("Total score"),
    N_("Grade"),
    N_("Coefficient (%)"),
    N_("Bonus (yuan)"),
    N_("Status"),
    N_("Paid in"),
    N_("Missing data"),
)


def workbook(found: list[Result]) -> bytes:
    """Through app.spreadsheets: text typed as '=…' stays text, figures stay numbers."""
    return spreadsheets.xlsx_bytes(
        gettext("Appraisal results"),
        [gettext(h) for h in HEADERS],
        (
            [
                r.department,
                _day(r.first_day),
                _day(r.last_day),
                r.code,
                r.name,
                float(r.total) if r.total else "",
                r.grade,
                r.coefficient_percent,
                r.bonus_fen / 100,
                gettext(STATUS_LABELS.get(r.status, r.status)),
                r.pay_month,
                r.missing,
            ]
            for r in found
        ),
    )


def _day(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


STATUS_LABELS = results.STATUS_LABELS
