"""Courses with their material and quiz, who may teach them, and what each worker did."""

from piccolo.columns import JSON, UUID, BigInt, Boolean, Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from app.auth.tables import User
from app.people.tables import Department, Employee


class Course(Table):
    title = Varchar(length=80)
    kind = Varchar(length=12, default="general")  # general (HR's) | professional (a department's)
    department = ForeignKey(Department, null=True, default=None, on_delete=OnDelete.restrict)
    description = Text(default="")
    minutes = Integer(default=60)
    pass_mark = Integer(default=80)  # percent
    created_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    change_no = BigInt(default=0, index=True)  # kiosks pull courses for quizzes and sign-offs


class CourseMaterial(Table):
    """A file kept under the data directory as materials/<sha256>; the same file is stored once."""

    course = ForeignKey(Course, on_delete=OnDelete.cascade)
    filename = Varchar(length=200)
    content_type = Varchar(length=40)
    size = BigInt()
    sha256 = Varchar(length=64, index=True)
    uploaded_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    uploaded_at = Timestamptz()


class QuizQuestion(Table):
    course = ForeignKey(Course, on_delete=OnDelete.cascade)
    position = Integer(default=0)
    text = Text()
    choices = JSON(default="[]")  # list of answer texts
    answer = Integer()  # index of the right answer
    change_no = BigInt(default=0, index=True)


class TrainerQualification(Table):
    """An employee qualified to teach and sign off a course (they scan their own badge at sign-off)."""

    course = ForeignKey(Course, on_delete=OnDelete.cascade)
    trainer = ForeignKey(Employee, on_delete=OnDelete.cascade)
    granted_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    granted_at = Timestamptz()
    change_no = BigInt(default=0, index=True)


class StudyVisit(Table):
    """A worker opened the course material: after a failed quiz this is what allows the next attempt."""

    id = UUID(primary_key=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade)
    course = ForeignKey(Course, on_delete=OnDelete.cascade)
    at = Timestamptz()


class QuizAttempt(Table):
    id = UUID(primary_key=True)  # a fact: made on a kiosk, it syncs up by this id
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    course = ForeignKey(Course, on_delete=OnDelete.cascade)
    answers = JSON(default="[]")
    correct = Integer()
    total = Integer()
    percent = Integer()
    passed = Boolean()
    taken_at = Timestamptz()


class PracticalSignoff(Table):
    """A trainer confirmed, badge to badge at a kiosk, that the worker can do what the course teaches.
    A fact with a UUIDv7 id made on the node where it happened, so a kiosk's sign-off syncs up once."""

    id = UUID(primary_key=True)
    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    course = ForeignKey(Course, on_delete=OnDelete.cascade)
    trainer = ForeignKey(Employee, on_delete=OnDelete.restrict)
    node_id = Varchar(length=60, default="office")
    signed_at = Timestamptz()
    passed = Boolean(default=True)  # False: the trainer assessed the practical and the worker is not there yet


class SafetyEducation(Table):
    """One level of a worker's three-level safety education: assigned, then taught and signed off."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    level = Varchar(length=10)  # plant | workshop | team
    minutes = Integer(default=0)
    assigned_at = Timestamptz()
    signed_off_on = Date(null=True, default=None)
    instructor = Varchar(length=50, default="")  # who taught it, as signed on the record
    signed_off_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    refresher = Boolean(default=False)  # a yearly refresher rather than the pre-job education


class Certificate(Table):
    """A special-operation or special-equipment certificate: number and validity are checked before assignment."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=20)
    number = Varchar(length=40)
    issued_on = Date(null=True, default=None)
    expires_on = Date()
    review_on = Date(null=True, default=None)  # the 3-yearly review of a 6-year certificate
    recorded_at = Timestamptz()
    change_no = BigInt(default=0, index=True)  # kiosks check certificates when a worker reports an operation


class ProbationAssessment(Table):
    """Near the end of probation: the supervisor's rating and HR's decision (confirm, extend, terminate)."""

    employee = ForeignKey(Employee, on_delete=OnDelete.cascade, unique=True)
    probation_end = Date()
    rating = Integer(null=True, default=None)  # 1 (poor) to 5 (excellent), the supervisor's
    comment = Text(default="")
    rated_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    decision = Varchar(length=10, default="")  # confirm | extend | terminate
    decided_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
    decided_at = Timestamptz(null=True, default=None)


class CourseSession(Table):
    """A scheduled class of a course: HR schedules every course, a head their department's."""

    course = ForeignKey(Course, on_delete=OnDelete.cascade, index=True)
    starts_at = Timestamptz()
    place = Varchar(length=60, default="")
    trainer = ForeignKey(Employee, null=True, default=None, on_delete=OnDelete.set_null)
    scheduled_by = ForeignKey(User, null=True, default=None, on_delete=OnDelete.set_null)
