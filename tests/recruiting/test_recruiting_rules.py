"""The recruiting rules, table-driven: pipeline moves, one person per ID number, hiring age, retention (PIPL)."""

from datetime import date

import pytest

from app.onboarding.rules import validate_resident_id
from app.recruiting import rules
from app.recruiting.rules import Stage

AP, IV, TR, OF, HI, RE, WD = (
    Stage.APPLIED,
    Stage.INTERVIEW,
    Stage.TRIAL,
    Stage.OFFER,
    Stage.HIRED,
    Stage.REJECTED,
    Stage.WITHDREW,
)


@pytest.mark.parametrize(
    ("current", "target", "reason", "allowed"),
    [
        (AP, IV, "", True),  # applied → interview
        (IV, TR, "", True),  # interview → trial task on the line
        (IV, OF, "", True),  # a post with no trial task
        (TR, OF, "", True),
        (OF, HI, "", True),
        (AP, OF, "", False),  # no skipping the interview
        (AP, HI, "", False),
        (TR, HI, "", False),  # no hire without an offer
        (IV, AP, "", True),  # back one step (moved by mistake)
        (OF, TR, "", True),
        (AP, RE, "no show", True),  # rejected / withdrew from any open stage, with a reason
        (IV, RE, "failed the test", True),
        (TR, WD, "took another job", True),
        (OF, WD, "pay too low", True),
        (IV, RE, "", False),  # a reason is required
        (OF, WD, "  ", False),
        (HI, RE, "x", False),  # closed stages move nowhere
        (RE, IV, "", False),
        (WD, AP, "", False),
    ],
)
def test_it_allows_only_the_pipelines_moves(current, target, reason, allowed):
    assert (rules.check_move(current, target, reason) is None) is allowed


def test_a_closed_card_says_to_attach_again():
    assert rules.check_move(Stage.REJECTED, Stage.APPLIED, "") == rules.MOVE_CLOSED
    assert rules.check_move(Stage.APPLIED, Stage.REJECTED, "") == rules.MOVE_NEEDS_REASON


@pytest.mark.parametrize(
    ("typed_a", "typed_b", "same"),
    [
        ("11010519491231002X", "11010519491231002x", True),  # lowercase x is X (RULES.md, Identity)
        ("110105491231002", "11010519491231002X", True),  # a legacy 15-digit number upgrades to the 18-digit
        ("１１０１０５１９９００３０７００１７", "110105199003070017", True),  # full-width digits from a Chinese IME
        ("110105199003070017", "11010519491231002X", False),
    ],
)
def test_one_id_number_is_one_person(typed_a, typed_b, same):
    today = date(2026, 11, 25)
    a, b = validate_resident_id(typed_a, today), validate_resident_id(typed_b, today)
    assert a.ok and b.ok
    assert rules.same_person(a.number, b.number) is same


def test_an_empty_number_is_nobody():
    assert not rules.same_person("", "")


@pytest.mark.parametrize(
    ("birth", "on", "refused", "minor"),
    [
        (date(2010, 11, 25), date(2026, 11, 25), True, False),  # the 16th birthday: still 15 (RULES.md)
        (date(2010, 11, 25), date(2026, 11, 26), False, True),  # the day after: a minor worker
        (date(2011, 3, 1), date(2026, 11, 25), True, False),  # 15
        (date(2008, 11, 25), date(2026, 11, 25), False, True),  # the 18th birthday: still a minor worker
        (date(2008, 11, 24), date(2026, 11, 25), False, False),  # an adult
        (date(1990, 3, 7), date(2026, 11, 25), False, False),
    ],
)
def test_it_refuses_under_16_and_flags_minors(birth, on, refused, minor):
    check = rules.candidate_age(birth, on)
    assert (check.refused, check.minor) == (refused, minor)


def test_age_comes_from_the_id_number():
    found = validate_resident_id("110105199003070017", date(2026, 11, 25))
    assert found.birth_date == date(1990, 3, 7)
    assert not rules.candidate_age(found.birth_date, date(2026, 11, 25)).refused


@pytest.mark.parametrize(
    ("last", "months", "consented", "until"),
    [
        (date(2026, 1, 31), 24, True, date(2028, 1, 31)),
        (date(2026, 1, 31), 1, True, date(2026, 2, 28)),  # end of a shorter month
        (date(2026, 1, 31), 24, False, date(2026, 2, 28)),  # no consent: a month to answer questions, then gone
        (date(2026, 5, 10), 0, True, date(2026, 6, 10)),  # at least one month
        (date(2026, 5, 10), 120, True, date(2031, 5, 10)),  # at most 60 months
    ],
)
def test_retention_follows_the_plants_setting_and_consent(last, months, consented, until):
    assert rules.retention_until(last, months, consented) == until


@pytest.mark.parametrize(
    ("today", "hired", "past"),
    [
        (date(2028, 1, 31), False, False),  # the last day: still kept
        (date(2028, 2, 1), False, True),
        (date(2030, 1, 1), True, False),  # a hire's data lives on in people
    ],
)
def test_data_past_retention_is_purged(today, hired, past):
    assert rules.past_retention(date(2026, 1, 31), 24, True, today, hired) is past


@pytest.mark.parametrize(
    ("asked", "hired", "status"), [(3, 2, rules.RequisitionStatus.OPEN), (3, 3, rules.RequisitionStatus.FILLED)]
)
def test_a_requisition_is_filled_when_all_are_hired(asked, hired, status):
    assert rules.status_after_hire(asked, hired) is status


def test_time_to_fill_and_its_median():
    assert rules.days_to_fill(date(2026, 11, 1), date(2026, 11, 15)) == 14
    assert rules.median([3, 1, 10]) == 3.0
    assert rules.median([1, 2, 3, 4]) == 2.5
    assert rules.median([]) is None


@pytest.mark.parametrize(
    ("today", "started", "last_day", "retained"),
    [
        (date(2026, 3, 31), True, None, None),  # 89 days after the hire: not measured yet
        (date(2026, 4, 1), True, None, True),  # day 90, still employed
        (date(2026, 6, 1), True, date(2026, 3, 15), False),  # left before day 90
        (date(2026, 6, 1), True, date(2026, 4, 1), True),  # the last day is day 90
        (date(2026, 6, 1), False, None, False),  # onboarding never made an employee: never started
    ],
)
def test_a_hire_is_retained_when_still_employed_90_days_on(today, started, last_day, retained):
    assert rules.retained_90_days(date(2026, 1, 1), today, started, last_day) is retained


@pytest.mark.parametrize(
    ("birth", "start", "adult_only", "refused"),
    [
        (date(2009, 12, 1), date(2026, 12, 10), "height", True),  # 17 on the start date: a minor worker
        (date(2010, 6, 1), date(2026, 12, 10), "mining", True),  # 16
        (date(2008, 12, 10), date(2026, 12, 10), "heavy_lifting", True),  # the 18th birthday itself: still a minor
        (date(2008, 12, 9), date(2026, 12, 10), "heavy_lifting", False),  # the day after the 18th birthday
        (date(2008, 12, 20), date(2026, 12, 10), "toxic", True),  # 18 later in the month: a minor on the start
        (date(2008, 12, 20), date(2026, 12, 21), "toxic", False),  # the same candidate, starting after turning 18
        (date(2009, 12, 1), date(2026, 12, 10), "", False),  # a post open to minor workers
        (date(1990, 3, 7), date(2026, 12, 10), "line_pace", False),  # an adult
        (None, date(2026, 12, 10), "height", False),  # no birth date read: the ID number check reads it
    ],
)
def test_a_minor_on_the_start_date_may_not_take_a_post_banned_for_minors(birth, start, adult_only, refused):
    problem = rules.minor_may_not_take(birth, start, adult_only)
    assert (problem == rules.MINOR_POST) is refused
    assert problem is None or problem == rules.MINOR_POST


def test_every_kind_of_post_banned_for_minors_has_a_label():
    assert set(rules.ADULT_ONLY_KINDS) == set(rules.ADULT_ONLY_LABELS)
