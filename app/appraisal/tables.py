"""Appraisal: HR's schemes per department, periods, each worker's indicator figures and scores, the results."""

from piccolo.columns import JSON, BigInt, Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from app.people.tables import Department, Employee

PERIOD_STATUSES = ("open", "closed")
RESULT_STATUSES = ("final", "contested", "upheld", "revised")  # contested: held out of pay until HR decides


class AppraisalScheme(Table):
    """A department's written scheme (RULES.md "Performance pay"). indicators: [{code, label, source, weight,
    target, penalty}]; bands: [{grade, min_score, coefficient_percent}]; position_bases: {position id: fen}
    over bonus_base_fen. Frozen once a period using it has started (app.appraisal.schemes)."""

    department = ForeignKey(Department, on_delete=OnDelete.restrict, index=True)
    name = Varchar(length=60)
    period_kind = Varchar(length=10, default="month")  # month | quarter | probation
    missing = Varchar(length=10, default="reweight")  # reweight | zero (app.appraisal.rules.Missing)
    indicators = JSON(default="[]")
    bands = JSON(default="[]")
    bonus_base_fen = Integer(default=0)
    position_bases = JSON(default="{}")
    created_at = Timestamptz()
    updated_at = Timestamptz()


class AppraisalPeriod(Table):
    """One run of a scheme over first_day..last_day (plant-local). pay_month: the month its bonuses are paid in,
    set when it closes (the month it closes)."""

    scheme = ForeignKey(AppraisalScheme, on_delete=OnDelete.restrict, index=True)
    first_day = Date()
    last_day = Date()
    starts_on = Date()  # the scheme is frozen from this day
    status = Varchar(length=10, default="open", index=True)
    opened_by = Varchar(length=60, default="")
    opened_at = Timestamptz()
    filled_at = Timestamptz(null=True, default=None)
    closed_by = Varchar(length=60, default="")
    closed_at = Timestamptz(null=True, default=None)
    pay_month = Varchar(length=7, default="", index=True)  # YYYY-MM, "" while open


class AppraisalScore(Table):
    """One worker's figure and score on one indicator. value_text: the figure as shown (and None-ness: empty when
    missing); score_milli: the score × 1000 (None when missing); ref: a link to the records behind it."""

    period = ForeignKey(AppraisalPeriod, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    indicator = Varchar(length=30)
    value_text = Varchar(length=80, default="")
    score_milli = Integer(null=True, default=None)
    reason = Varchar(length=200, default="")
    ref = Varchar(length=200, default="")
    scored_by = Varchar(length=60, default="")
    scored_at = Timestamptz()


class AppraisalResult(Table):
    """A worker's result when the period closes: total, grade, bonus (fen) and how; contested ones are held out
    of pay until HR upholds or revises them."""

    period = ForeignKey(AppraisalPeriod, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    total_milli = Integer(null=True, default=None)
    grade = Varchar(length=10, default="")
    coefficient_percent = Integer(default=0)
    bonus_fen = Integer(default=0)
    trace = Varchar(length=200, default="")
    missing = Varchar(length=200, default="")
    status = Varchar(length=10, default="final", index=True)
    pay_month = Varchar(length=7, default="", index=True)  # where the bonus is paid; moves on when a contest ends
    contest_reason = Text(default="")
    decided_by = Varchar(length=60, default="")
    change_no = BigInt(default=0)


class ImprovementPlan(Table):
    """Opened for a result in the scheme's lowest grade when the period closes: a follow-up date, and the outcome
    HR or the department head records at the follow-up."""

    result = ForeignKey(AppraisalResult, on_delete=OnDelete.cascade, unique=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    opened_on = Date()
    follow_up_on = Date(index=True)
    status = Varchar(length=10, default="open", index=True)  # open | done
    outcome = Text(default="")
    closed_by = Varchar(length=60, default="")


class SafetyIncident(Table):
    """A safety incident HR records: the plant-local day, its severity (app.appraisal.rules.Severity) and a short
    account; the people in it are SafetyIncidentPerson rows. The safety indicator scores the period it falls in."""

    occurred_on = Date(index=True)
    severity = Varchar(length=10, default="minor")
    summary = Varchar(length=200, default="")
    recorded_by = Varchar(length=60, default="")
    recorded_at = Timestamptz()


class SafetyIncidentPerson(Table):
    incident = ForeignKey(SafetyIncident, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)


class AppraisalGoal(Table):
    """An office person's goal in a period (OKR, app.appraisal.office): its weight (the person's goals total 100),
    the percent achieved as they score it themselves, then as their manager scores it (with a reason at the
    extremes). The manager's percent is what the goals indicator counts."""

    period = ForeignKey(AppraisalPeriod, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=1)
    title = Varchar(length=200, default="")
    weight = Integer(default=0)
    self_percent = Integer(null=True, default=None)
    manager_percent = Integer(null=True, default=None)
    manager_reason = Varchar(length=200, default="")
    scored_by = Varchar(length=60, default="")
    updated_at = Timestamptz()


class AppraisalRating(Table):
    """A 1–5 rating of a person in a period with a comment: their own (kind self), their manager's (manager) or a
    peer's the manager or HR asked for (peer; rating None until the peer answers). rater: the employee rating."""

    period = ForeignKey(AppraisalPeriod, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=10, default="self")  # self | manager | peer
    rater = ForeignKey(Employee, null=True, default=None, on_delete=OnDelete.cascade, index=True)
    rating = Integer(null=True, default=None)
    comment = Varchar(length=200, default="")
    requested_by = Varchar(length=60, default="")
    rated_by = Varchar(length=60, default="")
    rated_at = Timestamptz(null=True, default=None)
