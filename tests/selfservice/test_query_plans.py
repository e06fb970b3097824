"""My page reads one worker's rows by indexes on that worker, so its cost does not grow with the plant."""

from __future__ import annotations

import sqlite3

import pytest

pytestmark = pytest.mark.sqlite_only  # the planner's choice is SQLite's; PostgreSQL has the same indexes


def _plan(path: str, sql: str) -> str:
    with sqlite3.connect(path) as db:
        return " ".join(row[-1] for row in db.execute("EXPLAIN QUERY PLAN " + sql))


def test_a_worker_s_month_of_pieces_and_coming_posts_are_searched_by_the_worker(database_url):
    path = database_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:  # a plant's shape: 300 workers, two reports a day, a published plan
        db.execute("PRAGMA foreign_keys = OFF")
        reports = [
            (
                f"r{n}-{day}-{k}",
                "2026-11-01T00:00:00+00:00",
                "2026-11-01T00:00:00+00:00",
                f"2026-11-{day:02d}",
                n,
                1,
                60,
            )
            for n in range(1, 301)
            for day in range(1, 29)
            for k in range(2)
        ]
        db.executemany(
            "INSERT INTO piece_report (id, reported_at, received_at, work_date, employee, operation, quantity) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            reports,
        )
        db.execute("ANALYZE")
    pieces = _plan(
        path,
        "SELECT id FROM piece_report WHERE employee = 7 AND work_date >= '2026-11-01' AND work_date <= '2026-11-30'",
    )
    posts = _plan(path, "SELECT day FROM plan_post WHERE employee = 7 AND day >= '2026-12-01' AND day <= '2026-12-14'")
    assert "piece_report_employee_work_date" in pieces, pieces
    assert "plan_post_employee_day" in posts, posts
