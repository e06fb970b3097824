"""A published roster reaches the worker: My page shows their coming shifts, with the line and operation."""

from __future__ import annotations

import re
from datetime import timedelta

from app.attendance.tables import ShiftOverride
from app.planning.tables import PlanPost
from tests.cast import sign_in
from tests.planning.test_planning_pages import MONDAY, _plan, _post, plant  # noqa: F401  (plant: the fixture)
from tests.selfservice.helpers import activate_kiosk, open_my_page, ready_worker


def _roster_section(page: str) -> str:
    found = re.search(r'<section class="me-card" id="my-roster">(.*?)</section>', page, re.S)
    assert found, "My page has the roster section"
    return found.group(1)


def _row(section: str, day) -> str:
    found = re.search(rf"<td>{day:%m-%d}[^<]*</td>(.*?)</tr>", section, re.S)
    assert found, f"a row for {day}"
    return found.group(1)


async def test_the_worker_sees_the_published_roster_with_line_and_operation(client, cast, plant, settings):
    await sign_in(client, "hr")
    run_id = await _plan(client, cast)
    await activate_kiosk(client)
    before = _roster_section((await open_my_page(client, await ready_worker(cast.worker, settings))).text)
    assert "装配A线" not in before, "nothing shown from a plan that is not published"
    await sign_in(client, "hr")
    assert (await _post(client, f"/planning/runs/{run_id}/publish", {})).status_code == 303
    posts = await PlanPost.select().where((PlanPost.run == run_id) & (PlanPost.employee == cast.worker)).run()
    assert posts, "the planner put the worker on some days"
    section = _roster_section((await open_my_page(client, await ready_worker(cast.worker, settings))).text)
    for post in posts:
        row = _row(section, post["day"])
        assert "早班 08:00–17:00" in row and "装配A线" in row
        assert ("叉车" if post["operation"] == "fork" else "装配") in row
    planned_days = {post["day"] for post in posts}
    off = next(MONDAY + timedelta(days=n) for n in range(7) if MONDAY + timedelta(days=n) not in planned_days)
    assert "休息" in _row(section, off), "a day the plan leaves the worker off says so"

    moved = sorted(planned_days)[0]  # HR moves the worker to the night shift by hand after publication
    await (
        ShiftOverride.update({ShiftOverride.shift: plant["night"]})
        .where((ShiftOverride.employee == cast.worker) & (ShiftOverride.work_date == moved))
        .run()
    )
    section = _roster_section((await client.get("/me")).text)
    row = _row(section, moved)
    assert "夜班 22:00–07:00" in row and "装配A线" not in row, "the schedule wins; the stale post is not named"


async def test_without_a_schedule_the_section_says_what_to_expect(client, cast, settings):
    await activate_kiosk(client)
    section = _roster_section((await open_my_page(client, await ready_worker(cast.worker, settings))).text)
    assert "<table" not in section and "班组长" in section
