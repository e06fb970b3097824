"""The engines' value quirks, turned into one Python value: what SQLite hands back as text equals what PostgreSQL gives."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from app.db.values import date_value, json_value, utc_moment
from app.timeutil import utcnow

SHANGHAI = timezone(timedelta(hours=8))


def test_a_json_column_reads_the_same_as_text_or_as_a_value():
    assert json_value('[{"code": "base"}]') == json_value([{"code": "base"}]) == [{"code": "base"}]
    assert json_value(None, default=[]) == [] and json_value("3") == 3 and json_value(0) == 0


def test_a_date_reads_the_same_from_a_date_from_iso_text_or_from_sqlites_aggregate_text():
    assert date_value("2026-11-25") == date_value("2026-11-25 00:00:00") == date_value(date(2026, 11, 25))
    assert date_value(None) is None


def test_a_timestamp_comes_back_aware_in_utc_whichever_way_it_arrived():
    moment = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)
    assert utc_moment("2026-11-25 02:00:00+00:00") == utc_moment(moment) == moment
    assert utc_moment(moment).utcoffset() == timedelta(0) and utc_moment(None) is None
    assert utc_moment(utcnow()).tzinfo is not None
