"""Training rules: the permission split between HR and departments, material checks, quiz scoring."""

from __future__ import annotations

from datetime import date

import pytest

from app.training import rules
from app.training.rules import Question, Viewer

HR = Viewer(roles=("hr",))
ADMIN = Viewer(roles=("admin",))
HEAD_OF_1 = Viewer(roles=("dept_head",), headed_departments=frozenset({1}))
TRAINER_OF_7 = Viewer(roles=("trainer",), qualified_courses=frozenset({7}))
SUPERVISOR = Viewer(roles=("supervisor",))


@pytest.mark.parametrize(
    "viewer, kind, department, manage, delete_material, qualify",
    [
        (HR, "general", None, True, True, True),
        (HR, "professional", 1, False, False, True),  # HR schedules and tracks, the department teaches
        (ADMIN, "professional", 1, False, False, True),
        (HEAD_OF_1, "professional", 1, True, True, True),
        (HEAD_OF_1, "professional", 2, False, False, False),
        (HEAD_OF_1, "general", None, False, False, False),
        (TRAINER_OF_7, "professional", 1, False, False, False),
        (SUPERVISOR, "general", None, False, False, False),
    ],
)
def test_who_manages_which_course(viewer, kind, department, manage, delete_material, qualify):
    assert rules.can_manage_course(viewer, kind, department) is manage
    assert rules.can_delete_material(viewer, kind, department) is delete_material
    assert rules.can_qualify_trainers(viewer, kind, department) is qualify


@pytest.mark.parametrize(
    "viewer, course_id, kind, department, visible",
    [
        (HR, 1, "professional", 2, True),
        (HEAD_OF_1, 1, "professional", 1, True),
        (HEAD_OF_1, 1, "general", None, True),
        (HEAD_OF_1, 1, "professional", 2, False),
        (TRAINER_OF_7, 7, "professional", 2, True),
        (TRAINER_OF_7, 8, "general", None, False),
        (SUPERVISOR, 1, "general", None, False),
    ],
)
def test_who_sees_which_course(viewer, course_id, kind, department, visible):
    assert rules.can_see_course(viewer, course_id, kind, department) is visible


PDF = b"%PDF-1.7\n%\xe2\xe3"
PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"
JPEG = b"\xff\xd8\xff\xe0\0\x10JFIF"
MP4 = b"\0\0\0\x20ftypisom\0\0"
EXE = b"MZ\x90\0\x03\0\0\0\x04\0\0\0"


@pytest.mark.parametrize(
    "name, head, size, content_type",
    [
        ("安全手册.pdf", PDF, 1000, "application/pdf"),
        ("工位.PNG", PNG, 1000, "image/png"),
        ("photo.jpeg", JPEG, 1000, "image/jpeg"),
        ("操作演示.mp4", MP4, 150 * 1024 * 1024, "video/mp4"),
        ("操作演示.mp4", MP4, rules.MAX_MATERIAL_BYTES, "video/mp4"),
    ],
)
def test_course_material_that_is_accepted(name, head, size, content_type):
    assert rules.check_material(name, head, size) == rules.MaterialCheck(content_type, None)


@pytest.mark.parametrize(
    "name, head, size, problem",
    [
        ("setup.pdf", EXE, 1000, "Only PDF, PNG, JPEG and MP4 files can be course material."),  # a renamed executable
        ("report.docx", b"PK\x03\x04", 1000, "Only PDF, PNG, JPEG and MP4 files can be course material."),
        ("manual.png", PDF, 1000, "The file's name does not match what it contains: it was not stored."),
        ("clip.mp4", MP4, rules.MAX_MATERIAL_BYTES + 1, "The file is larger than 200 MB."),
        ("empty.pdf", b"", 0, "The file is empty."),
    ],
)
def test_course_material_that_is_refused(name, head, size, problem):
    assert rules.check_material(name, head, size) == rules.MaterialCheck(None, problem)


QUIZ = [
    Question("q1", ("a", "b"), 0),
    Question("q2", ("a", "b"), 1),
    Question("q3", ("a", "b", "c"), 2),
    Question("q4", ("a", "b"), 0),
    Question("q5", ("a", "b"), 1),
]


@pytest.mark.parametrize(
    "answers, pass_mark, percent, passed",
    [
        ([0, 1, 2, 0, 1], 80, 100, True),
        ([0, 1, 2, 0, 0], 80, 80, True),  # exactly the mark passes
        ([0, 1, 0, 0, 0], 80, 60, False),
        ([0, 1, 2, None, None], 60, 60, True),  # unanswered counts as wrong
        ([], 80, 0, False),
    ],
)
def test_quiz_score(answers, pass_mark, percent, passed):
    score = rules.score_quiz(QUIZ, answers, pass_mark)
    assert (score.percent, score.passed, score.total) == (percent, passed, 5)


def test_a_score_is_rounded_down_so_79_point_9_does_not_pass_80():
    questions = [Question(f"q{n}", ("a", "b"), 0) for n in range(1000)]
    score = rules.score_quiz(questions, [0] * 799 + [1] * 201, 80)
    assert (score.percent, score.passed) == (79, False)


@pytest.mark.parametrize(
    "last_failed, studied, allowed", [(False, False, True), (True, False, False), (True, True, True)]
)
def test_a_retry_needs_studying_again_after_a_fail(last_failed, studied, allowed):
    assert rules.may_attempt(last_failed, studied) is allowed


@pytest.mark.parametrize(
    "values, field",
    [
        (("", "general", None, "2", "80"), "title"),
        (("焊接", "professional", None, "2", "80"), "department_id"),
        (("焊接", "other", None, "2", "80"), "kind"),
        (("焊接", "general", None, "0", "80"), "hours"),
        (("焊接", "general", None, "abc", "80"), "hours"),
        (("焊接", "general", None, "2", "120"), "pass_mark"),
    ],
)
def test_a_course_form_names_the_field_at_fault(values, field):
    assert field in rules.course_problems(*values)


def test_a_good_course_form_has_no_problems():
    assert rules.course_problems("设备点检", "professional", 3, "1.5", "80") == {}


@pytest.mark.parametrize(
    "hire, months, end",
    [
        (date(2026, 9, 1), 3, date(2026, 11, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 27)),
        (date(2026, 8, 31), 6, date(2027, 2, 27)),
        (date(2026, 1, 15), 1, date(2026, 2, 14)),
    ],
)
def test_probation_end(hire, months, end):
    assert rules.probation_end(hire, months) == end


@pytest.mark.parametrize(
    "new_end, problem",
    [
        (date(2027, 1, 31), None),
        (date(2026, 11, 30), "An extension ends after the current end of the probation."),
        (date(2027, 3, 1), "A probation cannot run past 6 months from the hire date (Labour Contract Law art. 19)."),
        (None, "Enter the new end of the probation."),
    ],
)
def test_extending_a_probation(new_end, problem):
    assert rules.extension_problem(date(2026, 9, 1), date(2026, 11, 30), new_end) == problem


@pytest.mark.parametrize(
    "best, failed, departments",
    [(80, True, True), (95, True, True), (79, True, False), (None, True, False), (90, False, False)],
)
def test_when_the_practical_is_the_department_s(best, failed, departments):
    assert rules.practical_is_departments(best, failed) is departments
