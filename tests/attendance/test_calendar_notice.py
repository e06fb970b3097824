"""Past years' holiday calendars (2024, 2025) checked day by day against the State Council's notices, and HR's
page that types next year's notice in, previews it and saves it (issue 16, point 5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.attendance import rules
from app.attendance.schedule.calendar import bundled_file, bundled_years
from app.attendance.schedule.forms import parse_calendar_csv, parse_notice
from app.attendance.tables import CalendarDay
from app.audit.tables import AuditLog
from tests.cast import htmx_target, post_form, sign_in


def d(text: str) -> date:
    return date.fromisoformat(text)


# The notices as published: (days off from, to, statutory holidays in them, make-up working days).
# 2024: 国办发明电〔2023〕7号 (11 statutory days); 2025: 国办发明电〔2024〕12号 (13, RULES.md).
NOTICES = {
    2024: [
        ("2024-01-01", "2024-01-01", ["2024-01-01"], []),
        ("2024-02-10", "2024-02-17", ["2024-02-10", "2024-02-11", "2024-02-12"], ["2024-02-04", "2024-02-18"]),
        ("2024-04-04", "2024-04-06", ["2024-04-04"], ["2024-04-07"]),
        ("2024-05-01", "2024-05-05", ["2024-05-01"], ["2024-04-28", "2024-05-11"]),
        ("2024-06-10", "2024-06-10", ["2024-06-10"], []),
        ("2024-09-15", "2024-09-17", ["2024-09-17"], ["2024-09-14"]),
        ("2024-10-01", "2024-10-07", ["2024-10-01", "2024-10-02", "2024-10-03"], ["2024-09-29", "2024-10-12"]),
    ],
    2025: [
        ("2025-01-01", "2025-01-01", ["2025-01-01"], []),
        (
            "2025-01-28",
            "2025-02-04",
            ["2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31"],
            ["2025-01-26", "2025-02-08"],
        ),
        ("2025-04-04", "2025-04-06", ["2025-04-04"], []),
        ("2025-05-01", "2025-05-05", ["2025-05-01", "2025-05-02"], ["2025-04-27"]),
        ("2025-05-31", "2025-06-02", ["2025-05-31"], []),
        (
            "2025-10-01",
            "2025-10-08",
            ["2025-10-01", "2025-10-02", "2025-10-03", "2025-10-06"],
            ["2025-09-28", "2025-10-11"],
        ),
    ],
}
STATUTORY_DAYS = {2024: 11, 2025: 13}


def _expected(year: int) -> dict[date, str]:
    kinds: dict[date, str] = {}
    for first, last, holidays, workdays in NOTICES[year]:
        for n in range((d(last) - d(first)).days + 1):
            kinds[d(first) + timedelta(n)] = "rest"
        kinds |= {d(day): "holiday" for day in holidays} | {d(day): "workday" for day in workdays}
    return kinds


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_shipped_calendar_is_the_state_council_s_notice_day_by_day(year):
    assert year in bundled_years()
    days, problems = parse_calendar_csv(bundled_file(year).read_bytes())
    assert problems == [] and {item.day: item.kind for item in days} == _expected(year)
    assert sum(1 for item in days if item.kind == "holiday") == STATUTORY_DAYS[year]


@pytest.mark.parametrize(
    "day, kind",
    [
        ("2025-05-31", rules.DayKind.HOLIDAY),  # Dragon Boat on a Saturday: 300%, not a rest day
        ("2025-06-02", rules.DayKind.REST_DAY),  # the Monday after it, given as rest
        ("2024-10-04", rules.DayKind.REST_DAY),  # National Day week, a Friday
        ("2024-10-12", rules.DayKind.WORKDAY),  # a make-up Saturday
        ("2025-10-06", rules.DayKind.HOLIDAY),  # Mid-Autumn inside National Day week
    ],
)
def test_recomputing_a_past_year_takes_its_holidays(day, kind):
    year = int(day[:4])
    overrides = {
        item.day: {"holiday": rules.DayKind.HOLIDAY, "rest": rules.DayKind.REST_DAY, "workday": rules.DayKind.WORKDAY}[
            item.kind
        ]
        for item in parse_calendar_csv(bundled_file(year).read_bytes())[0]
    }
    assert rules.day_kind(d(day), calendar_overrides=overrides) is kind


NOTICE_2027 = """# 春节
2027-02-05~2027-02-11 rest 春节假期
2027-02-05 至 2027-02-08 法定节假日 春节
2027-02-14 workday 春节调休上班
"""


@pytest.mark.parametrize(
    "text, kinds, problem_lines",
    [
        pytest.param(
            NOTICE_2027,
            {
                **{d("2027-02-05") + timedelta(n): "holiday" for n in range(4)},
                **{d("2027-02-09") + timedelta(n): "rest" for n in range(3)},
                d("2027-02-14"): "workday",
            },
            [],
            id="a_range_then_its_statutory_days_later_wins",
        ),
        pytest.param(
            "2027-10-01 holiday 国庆节\n2027/10/02 holiday\n",
            {d("2027-10-01"): "holiday", d("2027-10-02"): "holiday"},
            [],
            id="a_name_is_optional_and_slashes_are_dates",
        ),
        pytest.param(
            "2027-10-01 holiday 国庆节\n10月2日 holiday\n2027-10-09~2027-10-01 rest x\n2027-10-03 party x\n",
            None,
            [2, 3, 4],
            id="every_bad_line_is_reported_and_nothing_kept",
        ),
        pytest.param("2027-01-01~2027-03-01 rest x\n", None, [1], id="a_range_over_31_days_is_refused"),
        pytest.param("# nothing\n", None, [0], id="no_dates_at_all"),
    ],
)
def test_the_notice_text_becomes_days(text, kinds, problem_lines):
    days, problems = parse_notice(text)
    assert [line for line, _ in problems] == problem_lines
    if kinds is not None:
        assert {item.day: item.kind for item in days} == kinds


async def test_hr_previews_the_notice_then_saves_it_and_bad_lines_save_nothing(client, cast):
    await sign_in(client, "hr")
    page = await client.get("/attendance/calendar")
    assert "/attendance/calendar/notice" in page.text
    preview = await post_form(
        client,
        "/attendance/calendar/notice",
        {"lines": NOTICE_2027, "step": "preview"},
        headers=htmx_target("notice-form"),
    )
    assert preview.status_code == 200 and "<html" not in preview.text and "2027-02-08" in preview.text
    assert await CalendarDay.count().run() == 0  # a preview saves nothing
    bad = await post_form(client, "/attendance/calendar/notice", {"lines": "2027-02-30 holiday x", "step": "save"})
    assert bad.status_code == 422 and "第 1 行" in bad.text and await CalendarDay.count().run() == 0
    saved = await post_form(client, "/attendance/calendar/notice", {"lines": NOTICE_2027, "step": "save"})
    assert saved.status_code == 200 and "2027" in str(saved.url)
    assert (
        await CalendarDay.count().run() == 8
        and await CalendarDay.count().where(CalendarDay.kind == "holiday").run() == 4
    )
    assert await AuditLog.exists().where(AuditLog.action == "calendar_day.import").run()


async def test_a_supervisor_may_not_import_the_notice(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get("/attendance/calendar/notice")).status_code == 403


async def test_the_notice_page_speaks_chinese_and_refuses_a_bad_line_in_chinese(client, cast):
    await sign_in(client, "hr")
    page = await client.get("/attendance/calendar/notice")
    assert page.status_code == 200 and "按国务院通知导入日期" in page.text
    bad = await post_form(client, "/attendance/calendar/notice", {"lines": "明年元旦", "step": "preview"})
    assert bad.status_code == 422 and "请填写日期或日期范围" in bad.text
