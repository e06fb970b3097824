"""Office staff's appraisal (issue 24, point 4), kept simple for 5–50 people: each person's 1–5 OKR-style goals
with weights totalling 100, each scored as a percent achieved by the person and then by their manager, and 1–5
ratings with a comment from the person (self), their manager and the peers the manager or HR asked (360). These
rules turn them into the scheme's indicator figures on 0–100, so closing, the bonus, results and the export work
as for the shop floor. Missing figures stay None (counted as the scheme says). No database, no HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from app.appraisal.rules import EXTREME_HIGH, EXTREME_LOW, Source, show_score
from app.i18n import N_

MOST_GOALS = 5
MOST_PEERS = 5
LOWEST_RATING, HIGHEST_RATING = 1, 5
POINTS_A_RATING = 20  # a 1–5 rating scores rating × 20: 5 is 100, 3 is 60, 1 is 20


@dataclass(frozen=True)
class Goal:
    title: str
    weight: int  # whole percent; a person's goals total 100
    self_percent: int | None = None  # 0–100 achieved, as the person scores it
    manager_percent: int | None = None  # 0–100 achieved, as the manager scores it: what counts


def goal_problems(goals: list[Goal]) -> list[str]:
    """The message ids of what is wrong with a person's goals; empty when they may be saved."""
    problems = []
    if not 1 <= len(goals) <= MOST_GOALS:
        problems.append(N_("Write 1 to 5 goals."))
    if any(not g.title.strip() for g in goals):
        problems.append(N_("Every goal needs a title."))
    if any(g.weight <= 0 for g in goals):
        problems.append(N_("Every weight must be above 0."))
    if goals and sum(g.weight for g in goals) != 100:
        problems.append(N_("The goals' weights must total 100."))
    if any(p is not None and not 0 <= p <= 100 for g in goals for p in (g.self_percent, g.manager_percent)):
        problems.append(N_("A goal is achieved from 0 to 100%."))
    return problems


def goals_score(goals: list[Goal]) -> Fraction | None:
    """Σ weight × the manager's percent ÷ 100, on 0–100; None (missing) without goals, when the weights do not
    total 100, or while the manager has not scored every goal (the person's own percent never counts)."""
    if not goals or goal_problems(goals) or any(g.manager_percent is None for g in goals):
        return None
    return sum((Fraction(g.weight * g.manager_percent, 100) for g in goals), Fraction(0))


def rating_score(ratings: list[int]) -> Fraction | None:
    """The mean of the 1–5 ratings given, × 20 on 0–100; None when nobody has rated yet."""
    if not ratings:
        return None
    return Fraction(sum(ratings), len(ratings)) * POINTS_A_RATING


def rating_needs_reason(rating: int) -> bool:
    """A 1 or a 5 must come with a comment, as an extreme score on the tablet needs a reason."""
    return rating in (LOWEST_RATING, HIGHEST_RATING)


def percent_needs_reason(percent: int) -> bool:
    """A manager's percent achieved below 60 or above 95 needs a reason (the tablet's extremes)."""
    return percent < EXTREME_LOW or percent > EXTREME_HIGH


@dataclass(frozen=True)
class Feedback:
    """One person's goals and the ratings given so far (answered ones only) in one period."""

    goals: tuple[Goal, ...] = ()
    self_ratings: tuple[int, ...] = ()
    manager_ratings: tuple[int, ...] = ()
    peer_ratings: tuple[int, ...] = ()


@dataclass(frozen=True)
class OfficeFigure:
    value: Fraction | None  # on 0–100; None when missing
    text: str  # as shown on the board and the result sheet


def figures(feedback: Feedback) -> dict[Source, OfficeFigure]:
    """The office indicators' figures of one person: goals as the weighted percent achieved, ratings as the mean
    rating (peers: and how many answered), each scored on 0–100."""
    goals = goals_score(list(feedback.goals))
    found = {Source.GOALS: OfficeFigure(goals, f"{show_score(goals)}%" if goals is not None else "")}
    for source, ratings in (
        (Source.SELF, feedback.self_ratings),
        (Source.MANAGER, feedback.manager_ratings),
        (Source.PEER, feedback.peer_ratings),
    ):
        mean = Fraction(sum(ratings), len(ratings)) if ratings else None
        text = "" if mean is None else f"{float(mean):.1f}/5"
        if source == Source.PEER and ratings:
            text += f" ×{len(ratings)}"
        found[source] = OfficeFigure(rating_score(list(ratings)), text)
    return found
