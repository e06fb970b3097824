"""Demand from planned output: pieces per work order, day and shift → people per operation (rules.heads_needed)."""

from __future__ import annotations

from datetime import date

from app.audit.tables import AuditLog
from app.people.tables import Department
from app.planning.rules import heads_needed
from app.planning.tables import DemandCell, PlannedOutput
from tests.attendance.factories import make_shift
from tests.cast import csrf_token, make_user, sign_in
from tests.piecework.factories import make_operation, make_work_order

MONDAY = date(2026, 11, 30)  # the week after the tests' clock (Wednesday 2026-11-25)


def test_heads_needed_rounds_the_summed_share_of_a_person_up_once():
    eight_hours = 480
    assert heads_needed([(1200, 50)], eight_hours) == 3  # 1,200 ÷ (50 × 8) = 3 exactly
    assert heads_needed([(1200, 70)], eight_hours) == 3  # 1,200 ÷ 560 = 2.14 → 3
    assert heads_needed([(1200, 400)], eight_hours) == 1  # 0.375 → 1
    assert heads_needed([(600, 50), (200, 50)], eight_hours) == 2  # 1.5 + 0.5 = 2, not 2 + 1
    assert heads_needed([(1201, 50)], eight_hours) == 4  # one piece over three people's output
    assert heads_needed([(500, 0), (0, 50)], eight_hours) == 0  # no standard, no pieces: nothing
    assert heads_needed([(1200, 50)], 0) == 0
    assert heads_needed([(1000, 25)], 600) == 4  # a 10-hour shift: 1,000 ÷ 250 = 4


async def _post(client, url: str, data: dict, files: dict | None = None):
    return await client.post(url, data={**data, "_csrf_token": csrf_token(client)}, files=files, follow_redirects=False)


async def _line_a_plant(cast):
    day = await make_shift("D", "早班", "08:00", "17:00", [["12:00", "13:00"]])  # 8 working hours
    order = await make_work_order("WO-7", "电机外壳", cast.line_a)
    await make_operation(order, "asm", "装配", 10, standard_per_hour=50)
    await make_operation(order, "fork", "叉车", 10, standard_per_hour=400)
    await make_operation(order, "qc", "终检", 10)  # no standard output set
    return day, order


async def test_hr_enters_output_sees_the_figures_and_uses_them_as_demand(client, cast):
    day, order = await _line_a_plant(cast)
    await sign_in(client, "hr")
    form = {"line": str(cast.line_a), "week": str(MONDAY), "work_order": str(order), "shift": str(day)}
    saved = await _post(client, "/planning/output", {**form, "day": str(MONDAY), "quantity": "1200"})
    assert saved.status_code == 303
    page = (await client.get(f"/planning/output?line={cast.line_a}&week={MONDAY}")).text
    derived = page.split('id="derived"')[1].split("</table>")[0]
    assert "1,200" in derived and "<strong>3</strong>" in derived and "<strong>1</strong>" in derived
    assert "终检" in derived and "未设定标准产量" in derived
    assert (await _post(client, "/planning/output/derive", form)).status_code == 303
    cells = {
        (row["operation"], row["day"], row["people"])
        for row in await DemandCell.select().where(DemandCell.line == cast.line_a).run()
    }
    assert cells == {("asm", MONDAY, 3), ("fork", MONDAY, 1)}, "the operation without a standard is not guessed"
    assert await AuditLog.count().where(AuditLog.action == "plan.derive").run() == 1
    demand = (await client.get(f"/planning/demand?line={cast.line_a}&week={MONDAY}")).text
    assert 'value="3"' in demand and "/planning/output" in demand


async def test_an_import_is_all_or_nothing_and_names_the_bad_row(client, cast):
    day, order = await _line_a_plant(cast)
    await sign_in(client, "hr")
    form = {"line": str(cast.line_a), "week": str(MONDAY)}
    bad = "work order,date,shift,pieces\nWO-7,2026-11-30,D,1200\nWO-7,2026-12-01,X,800\n"
    refused = await _post(client, "/planning/output", form, files={"file": ("plan.csv", bad.encode(), "text/csv")})
    assert refused.status_code == 422 and "第 3 行" in refused.text
    assert await PlannedOutput.count().run() == 0
    good = bad.replace(",X,", ",D,")
    assert (
        await _post(client, "/planning/output", form, files={"file": ("plan.csv", good.encode(), "text/csv")})
    ).status_code == 303
    rows = await PlannedOutput.select().order_by(PlannedOutput.day).run()
    assert [(r["day"], r["quantity"]) for r in rows] == [(MONDAY, 1200), (date(2026, 12, 1), 800)]


async def test_output_is_refused_for_another_line_and_for_bad_figures(client, cast):
    day, order = await _line_a_plant(cast)
    await sign_in(client, "hr")
    form = {"line": str(cast.line_b), "week": str(MONDAY), "work_order": str(order), "shift": str(day)}
    wrong_line = await _post(client, "/planning/output", {**form, "day": str(MONDAY), "quantity": "10"})
    assert wrong_line.status_code == 422 and "本产线" in wrong_line.text
    for quantity in ("-1", "abc", "1" * 30):
        bad = await _post(
            client, "/planning/output", {**form, "line": str(cast.line_a), "day": "x", "quantity": quantity}
        )
        assert bad.status_code == 422
    assert await PlannedOutput.count().run() == 0
    await Department.update({Department.head: cast.supervisor_b}).where(Department.id == cast.line_b).run()
    await make_user("head-b", "dept_head", cast.supervisor_b)
    await sign_in(client, "head-b")
    not_theirs = await _post(
        client, "/planning/output", {**form, "line": str(cast.line_a), "day": str(MONDAY), "quantity": "5"}
    )
    assert not_theirs.status_code == 422
    assert await PlannedOutput.count().run() == 0
