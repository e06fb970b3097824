"""A plant at work, as each role first sees it: the demo plant with its months of history, signed in as the admin,
the supervisor, the department head and the trainer the demo prints. HR's to-do counts are checked against the
demo's own database."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import serve_demo, sign_in


@pytest.fixture(scope="module")
def plant(tmp_path_factory):
    yield from serve_demo(tmp_path_factory.mktemp("plant"))  # with history: about three months up to today


def _count(server, sql: str, *args) -> int:
    with sqlite3.connect(server.data_dir / "floorhr.sqlite3") as db:
        return db.execute(sql, args).fetchone()[0]


def _password(server, username: str) -> str:
    return (server.data_dir / f"{username}-password.txt").read_text().strip()


def test_hr_sees_the_demo_s_to_do_with_counts_from_its_data(page, plant):
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()  # the server runs on the real clock
    unconfirmed = _count(
        plant,
        "SELECT count(*) FROM piece_report WHERE work_date < ? AND id NOT IN (SELECT report FROM piece_confirmation)",
        today,
    )
    assert unconfirmed > 0
    sign_in(page, plant)
    todo = page.locator("#todo")
    expect(todo).to_contain_text(f"{unconfirmed} 条往日计件上报尚未确认")
    expect(todo).to_contain_text("核对并锁定上月工资")  # the demo computed last month; HR locks it
    page.click("#todo >> text=核对并锁定上月工资")
    expect(page.locator("main")).to_contain_text("已计算")


def test_the_supervisor_lands_on_the_tablet_with_the_team_s_counts_to_confirm(page, plant):
    sign_in(page, plant, "zhuguan", _password(plant, "zhuguan"))
    expect(page).to_have_url(f"{plant.url}/pieces/confirm")
    expect(page.locator("form.piece-card").first).to_be_visible()  # the last days' reports wait for them


def test_the_department_head_sees_their_workshop_and_what_waits(page, plant):
    sign_in(page, plant, "bumen", _password(plant, "bumen"))
    expect(page.locator("h1")).to_contain_text("冲压车间")
    expect(page.locator("main")).to_contain_text("本组今日")
    expect(page.locator("#todo")).to_contain_text("条往日计件上报尚未确认")


def test_the_trainer_lands_on_the_courses(page, plant):
    sign_in(page, plant, "peixun", _password(plant, "peixun"))
    expect(page).to_have_url(f"{plant.url}/training")
