"""Backup rules: archive names, which copies are kept, when the nightly run is due, when the Plant page turns red."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.ops import rules

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = UTC


def test_an_archive_name_says_its_utc_moment_and_reads_back():
    taken = datetime(2026, 11, 25, 2, 30, 5, tzinfo=SHANGHAI)
    assert rules.archive_name(taken) == "floorhr-20261124T183005Z.fhrbak"
    assert rules.taken_at(rules.archive_name(taken)) == taken
    assert rules.taken_at("notes.txt") is None and rules.taken_at("floorhr-20261124T183005Z.fhrbak.part") is None


def _nightly(days: int, start: datetime) -> list[str]:
    return [rules.archive_name(start - timedelta(days=back)) for back in range(days)]


def test_seven_daily_and_twelve_monthly_copies_are_kept_and_the_rest_go():
    names = _nightly(400, datetime(2026, 11, 25, 18, 30, tzinfo=UTC))  # 02:30 in Shanghai, every night
    kept = rules.to_keep([*names, "README.txt"], SHANGHAI, daily=7, monthly=12)
    assert "README.txt" in kept  # not ours: never deleted
    ours = sorted((rules.taken_at(name) for name in kept if name != "README.txt"), reverse=True)
    assert ours[:7] == [datetime(2026, 11, 25, 18, 30, tzinfo=UTC) - timedelta(days=back) for back in range(7)]
    months = {moment.astimezone(SHANGHAI).strftime("%Y-%m") for moment in ours}
    assert len(months) == 12 and min(months) == "2025-12"
    assert len(ours) == 7 + 11  # this month's newest is also today's


def test_two_backups_on_one_plant_day_keep_only_the_later_as_that_days_copy():
    early, late = datetime(2026, 11, 25, 1, 0, tzinfo=UTC), datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    names = [rules.archive_name(early), rules.archive_name(late), rules.archive_name(late - timedelta(days=1))]
    assert rules.to_keep(names, SHANGHAI, daily=2, monthly=0) == {names[1], names[2]}


@pytest.mark.parametrize(
    "now, expected",
    [
        (datetime(2026, 11, 25, 1, 0, tzinfo=SHANGHAI), datetime(2026, 11, 25, 2, 30, tzinfo=SHANGHAI)),
        (datetime(2026, 11, 25, 2, 30, tzinfo=SHANGHAI), datetime(2026, 11, 26, 2, 30, tzinfo=SHANGHAI)),
        (datetime(2026, 11, 25, 23, 0, tzinfo=SHANGHAI), datetime(2026, 11, 26, 2, 30, tzinfo=SHANGHAI)),
    ],
    ids=["later the same night", "just run: tomorrow", "late evening: the coming night"],
)
def test_the_nightly_backup_runs_at_the_plant_local_time(now, expected):
    assert rules.next_run(now, time(2, 30), SHANGHAI) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("02:30", time(2, 30)),
        ("2:05", time(2, 5)),
        ("23:59", time(23, 59)),
        ("24:00", None),
        ("2.30", None),
        ("", None),
    ],
)
def test_a_time_of_day_setting_is_read_or_refused(text, expected):
    assert rules.parse_time_of_day(text) == expected


def test_the_last_backup_turns_red_after_36_hours_and_never_backed_up_is_red():
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert not rules.freshness(now - timedelta(hours=36), now).stale
    assert rules.freshness(now - timedelta(hours=36, minutes=1), now).stale
    assert rules.freshness(None, now) == rules.Freshness(None, True)


def test_an_archive_from_a_newer_floorhr_names_the_migrations_this_one_lacks():
    known = {"people": {"a", "b"}, "payroll": {"c"}}
    assert rules.unknown_migrations({"people": ["a", "b"], "payroll": ["c"]}, known) == []
    assert rules.unknown_migrations({"people": ["a", "z"], "leave": ["l1"]}, known) == ["leave:l1", "people:z"]


def test_only_an_archive_that_ran_each_apps_first_migrations_can_be_replayed():
    known = {"people": {"2026-01-01", "2026-02-01", "2026-03-01"}, "ops": {"2026-02-15"}}
    assert rules.replay_targets({"people": ["2026-01-01", "2026-02-01"]}, known) == {"people": "2026-02-01"}
    assert rules.replay_targets({"people": ["2026-01-01", "2026-02-01", "2026-03-01"], "ops": []}, known) == {
        "people": "2026-03-01"
    }
    assert rules.replay_targets({"people": ["2026-01-01", "2026-03-01"]}, known) is None  # 2026-02-01 came later
