"""Live progress of a solve: the solver reports each better plan, the page polls the figures while it runs."""

from __future__ import annotations

import re

from app.planning import progress, solver
from tests.cast import sign_in
from tests.planning.plants import random_plant
from tests.planning.test_planning_pages import _plan, plant  # noqa: F401  (plant: the fixture)


def test_the_solver_reports_every_better_plan_up_to_the_one_it_returns():
    problem = random_plant(2)
    heard: list[tuple[float, float]] = []
    solution = solver.solve(problem, seconds=3, report=lambda objective, bound: heard.append((objective, bound)))
    assert heard, "at least the first plan is reported"
    objectives = [objective for objective, _ in heard]
    assert objectives == sorted(objectives), "each report is a better plan"
    assert heard[-1][0] == solution.objective and all(objective <= bound for objective, bound in heard)


async def test_the_page_polls_the_running_solve_and_stops_when_it_is_done(client, cast):
    await sign_in(client, "hr")
    page = (await client.get("/planning/")).text
    token = re.search(r'name="progress" value="([^"]+)"', page).group(1)
    assert f"/planning/progress?token={token}&n=0" in page and 'hx-trigger="progress-start"' in page
    live = progress.start(token, 10)
    polled = (await client.get(f"/planning/progress?token={token}&n=0")).text
    assert 'hx-trigger="load delay:1s"' in polled and "正在寻找第一个方案" in polled
    progress.reporter(live)(4_734_230.0, 4_800_135.0)
    polled = (await client.get(f"/planning/progress?token={token}&n=0")).text
    assert "4,734,230" in polled and "4,800,135" in polled and "1.37%" in polled
    live.done = True
    done = (await client.get(f"/planning/progress?token={token}&n=0")).text
    assert "排班完成" in done and "load delay" not in done


async def test_polling_a_run_that_never_starts_gives_up_and_odd_tokens_are_harmless(client, cast):
    await sign_in(client, "hr")
    waiting = (await client.get("/planning/progress?token=abcdefghijkl&n=3")).text
    assert "n=4" in waiting and "load delay" in waiting
    gave_up = (await client.get("/planning/progress?token=abcdefghijkl&n=10")).text
    assert "load delay" not in gave_up
    for query in ("token=%3Cscript%3E&n=1", "token=x&n=99999999999", "token=abcdefghijkl&n=-1", ""):
        response = await client.get(f"/planning/progress?{query}")
        assert response.status_code == 200 and "load delay" not in response.text and "<script" not in response.text


async def test_a_run_fills_in_its_progress(client, cast, plant):
    await sign_in(client, "hr")
    page = (await client.get("/planning/")).text
    token = re.search(r'name="progress" value="([^"]+)"', page).group(1)
    await _plan(client, cast, progress_token=token)
    live = progress.get(token)
    assert live is not None and live.done and live.solutions >= 1 and live.gap is not None
