"""Recruiting: requisitions, candidates (the talent pool), their applications to requisitions, moves, scorecards."""

from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from app.people.tables import Department, Employee, Position


class Requisition(Table):
    """A department head asks for headcount people for a post; HR approves (status open) or refuses.
    requirements: [{"dimension": .., "requirement": .., "priority": must|should|nice}] (the requirement matrix)."""

    department = ForeignKey(Department, on_delete=OnDelete.restrict, index=True)
    position = ForeignKey(Position, null=True, default=None, on_delete=OnDelete.set_null)
    title = Varchar(length=60)
    headcount = Integer(default=1)
    duties = Text(default="")
    requirements = JSON(default="[]")
    needed_by = Date()
    reason = Varchar(length=12, default="new_line")  # new_line | replacement | growth
    replaces = ForeignKey(Employee, null=True, default=None, on_delete=OnDelete.set_null)
    status = Varchar(length=10, default="pending", index=True)
    adult_only = Varchar(length=16, default="")  # a rules.ADULT_ONLY_KINDS: minor workers may not take the post
    requested_by = Varchar(length=60, default="")
    created_at = Timestamptz()
    decided_at = Timestamptz(null=True, default=None)
    decided_by = Varchar(length=60, default="")
    decision_reason = Varchar(length=200, default="")


class Candidate(Table):
    """One person, found again by the keyed hash of their ID number (encrypted at rest, masked on screen).
    Stays in the talent pool until retention ends (PIPL); tags: potential | urgent; do_not_rehire is HR's only."""

    name = Varchar(length=50, index=True)
    phone = Varchar(length=20, default="")
    gender = Varchar(length=1, default="")
    birth_date = Date(null=True, default=None)
    id_hash = Varchar(length=64, unique=True)
    id_cipher = Text(default="")
    id_masked = Varchar(length=18, default="")
    minor = Boolean(default=False)
    source = Varchar(length=10, default="walk_in", index=True)  # walk_in | referral | job_fair | agency | kiosk
    source_note = Varchar(length=100, default="")  # the fair or the agency
    referrer = ForeignKey(Employee, null=True, default=None, on_delete=OnDelete.set_null)
    earlier_employee = Integer(null=True, default=None)  # an Employee id found by the same ID number
    skills = Varchar(length=200, default="")
    posts = Varchar(length=200, default="")
    tags = JSON(default="[]")
    do_not_rehire = Boolean(default=False)
    do_not_rehire_reason = Varchar(length=200, default="")
    consent = Boolean(default=False)
    consent_at = Timestamptz(null=True, default=None)
    search_text = Varchar(length=600, default="", index=True)  # lower-case name, skills, posts, tags
    last_activity = Date(index=True)
    created_at = Timestamptz()


class Application(Table):
    """A candidate on one requisition's board; stage as app.recruiting.rules.Stage."""

    candidate = ForeignKey(Candidate, on_delete=OnDelete.cascade, index=True)
    requisition = ForeignKey(Requisition, on_delete=OnDelete.cascade, index=True)
    stage = Varchar(length=10, default="applied", index=True)
    reason = Varchar(length=200, default="")  # why rejected / withdrew
    applied_at = Timestamptz()
    moved_at = Timestamptz()
    hired_on = Date(null=True, default=None)
    invite = Varchar(length=36, default="")  # the onboarding invite the offer became


class StageMove(Table):
    """The history of an application: every move, who, when, why."""

    application = ForeignKey(Application, on_delete=OnDelete.cascade, index=True)
    from_stage = Varchar(length=10)
    to_stage = Varchar(length=10)
    reason = Varchar(length=200, default="")
    actor = Varchar(length=60, default="")
    at = Timestamptz()


class Scorecard(Table):
    """An interviewer's scores against the requisition's requirements: [{"requirement", "priority", "score" 1-5}]."""

    application = ForeignKey(Application, on_delete=OnDelete.cascade, index=True)
    interviewer = Varchar(length=60, default="")
    scores = JSON(default="[]")
    verdict = Varchar(length=8, default="")  # yes | no | maybe
    note = Varchar(length=300, default="")
    at = Timestamptz()
