"""Every worker request waits in the approvals inbox for whoever decides it; the worker sees the outcome on My page.

Corrections, overtime and piece-count disputes go to the worker's supervisor (else the department head, else
HR); payslip questions to HR. Decided in the inbox or on the capability's own page, the outcome is one.
"""

from __future__ import annotations

from app.approvals import service as approvals
from app.approvals.tables import ApprovalItem
from app.attendance.tables import PunchCorrection, Scan
from app.payroll.tables import PayQuestion
from app.selfservice.tables import WorkerRequest
from tests.cast import post_form, sign_in
from tests.selfservice.helpers import activate_kiosk, locked_payslip, open_my_page, ready_worker


async def _on_my_page(client, cast, settings) -> None:
    payload = await ready_worker(cast.worker, settings)
    await activate_kiosk(client)
    await open_my_page(client, payload)


async def _item(kind: str) -> dict:
    return await ApprovalItem.select().where(ApprovalItem.kind == kind).first().run()


async def test_a_workers_correction_waits_for_their_supervisor_who_approves_it_in_the_inbox(client, cast, settings):
    await _on_my_page(client, cast, settings)
    await post_form(
        client, "/me/corrections", {"day": "2026-11-23", "time": "17:05", "direction": "out", "reason": "忘带工牌"}
    )
    item = await _item("correction")
    assert item["status"] == "pending" and '"supervisor"' in item["steps"]
    client.cookies.clear()
    await sign_in(client, "sup-b")  # another line's supervisor: nothing of it waits for them
    assert "忘带工牌" not in (await client.get("/approvals")).text
    client.cookies.clear()
    await sign_in(client, "sup-a")
    inbox = (await client.get("/approvals")).text
    assert "补卡" in inbox and "忘带工牌" in inbox and "上级主管" in inbox  # kind, details, who decides
    assert "谁审批什么" in inbox  # the responsibility matrix
    response = await post_form(client, f"/approvals/{item['id']}/approve", {})
    assert response.status_code == 200
    correction = await PunchCorrection.select().first().run()
    assert correction["status"] == "approved" and correction["scan"] is not None
    assert await Scan.count().where(Scan.source == "correction").run() == 1
    assert (await _item("correction"))["status"] == "approved"


async def test_hr_deciding_on_the_corrections_page_closes_the_inbox_item_and_the_worker_sees_why(
    client, cast, settings
):
    await _on_my_page(client, cast, settings)
    await post_form(
        client, "/me/corrections", {"day": "2026-11-23", "time": "17:05", "direction": "out", "reason": "忘带工牌"}
    )
    cookies = dict(client.cookies)
    correction = await PunchCorrection.select().first().run()
    client.cookies.clear()
    await sign_in(client, "hr")
    await post_form(client, f"/attendance/corrections/{correction['id']}/reject", {"note": "当天有打卡记录"})
    assert (await _item("correction"))["status"] == "rejected"
    assert not await approvals.waiting_for(("hr",), None)
    client.cookies.clear()
    client.cookies.update(cookies)
    page = (await client.get("/me")).text
    assert "已驳回" in page and "当天有打卡记录" in page


async def test_overtime_request_refused_with_a_reason_reaches_my_page(client, cast, settings):
    await _on_my_page(client, cast, settings)
    cookies = dict(client.cookies)
    response = await post_form(
        client,
        "/me/ask/overtime",
        {"day": "2026-11-24", "start": "06:30", "end": "08:00", "reason": "主管安排提前到岗"},
    )
    assert response.status_code == 200 and "待审批" in response.text
    item = await _item("overtime")
    client.cookies.clear()
    await sign_in(client, "sup-a")
    inbox = (await client.get("/approvals")).text
    assert "加班申请" in inbox and "06:30" in inbox
    refused = await post_form(client, f"/approvals/{item['id']}/reject", {"reason": ""})
    assert refused.status_code == 422  # a refusal needs its reason
    await post_form(client, f"/approvals/{item['id']}/reject", {"reason": "没有安排加班"})
    client.cookies.clear()
    client.cookies.update(cookies)
    page = (await client.get("/me")).text
    assert "已驳回" in page and "没有安排加班" in page


async def test_a_piece_dispute_shows_the_supervisor_what_was_reported(client, cast, settings):
    await _on_my_page(client, cast, settings)
    await post_form(client, "/me/ask/dispute", {"day": "2026-11-24", "pieces": "150", "reason": "少记了30件"})
    item = await _item("piece_dispute")
    client.cookies.clear()
    await sign_in(client, "sup-a")
    inbox = (await client.get("/approvals")).text
    assert "计件争议" in inbox and "150" in inbox and "少记了30件" in inbox
    await post_form(client, f"/approvals/{item['id']}/approve", {})
    assert (await _item("piece_dispute"))["status"] == "approved"


async def test_bad_requests_are_refused_in_chinese_and_store_nothing(client, cast, settings):
    await _on_my_page(client, cast, settings)
    cases = [
        ("/me/ask/overtime", {"day": "2026-11-24", "start": "08:00", "end": "07:00", "reason": "x"}, "结束"),
        ("/me/ask/overtime", {"day": "2025-01-01", "start": "06:00", "end": "07:00", "reason": "x"}, "31"),
        ("/me/ask/dispute", {"day": "2026-11-24", "pieces": "abc", "reason": "x"}, "件数"),
        ("/me/ask/dispute", {"day": "2026-11-24", "pieces": "5", "reason": " "}, "200"),
        ("/me/ask/dispute", {"day": "not a day", "pieces": "5", "reason": "x"}, "日期"),
    ]
    for url, values, said in cases:
        response = await post_form(client, url, values)
        assert response.status_code == 422, url
        assert said in response.text, (url, values)
    assert await WorkerRequest.count().run() == 0 and await ApprovalItem.count().run() == 0


async def test_a_worker_asks_about_a_payslip_item_and_reads_hrs_answer(client, cast, settings):
    await locked_payslip(cast.worker)
    await _on_my_page(client, cast, settings)
    cookies = dict(client.cookies)
    slip = (await client.get("/me/payslips/2026-10")).text
    assert "关于这张工资条的疑问" in slip
    bad = await post_form(client, "/me/ask/question/2026-10", {"item": "bonus.none", "text": "为什么"})
    assert bad.status_code == 422 and await PayQuestion.count().run() == 0
    await post_form(client, "/me/ask/question/2026-10", {"item": "deduction.damage", "text": "我没有损坏工具"})
    page = (await client.get("/me")).text
    assert "我没有损坏工具" in page and "待审批" in page
    assert "deduction.damage" not in page  # the item by its name on the payslip, not its code
    item = await _item("pay_question")
    assert '"hr"' in item["steps"]
    client.cookies.clear()
    await sign_in(client, "sup-a")  # a supervisor does not decide payslip questions
    assert "我没有损坏工具" not in (await client.get("/approvals")).text
    client.cookies.clear()
    await sign_in(client, "hr")
    inbox = (await client.get("/approvals")).text
    assert "我没有损坏工具" in inbox and "deduction.damage" not in inbox
    await post_form(client, f"/approvals/{item['id']}/approve", {"reason": "已核实，下月退还10元"})
    question = await PayQuestion.select().first().run()
    assert question["answer"] == "已核实，下月退还10元"
    client.cookies.clear()
    client.cookies.update(cookies)
    assert "已核实，下月退还10元" in (await client.get("/me/payslips/2026-10")).text
    assert "已答复" in (await client.get("/me")).text


async def test_answering_on_the_questions_page_closes_the_inbox_item(client, cast, settings):
    from app.audit.service import SYSTEM
    from app.payroll import questions

    await locked_payslip(cast.worker)
    question_id = await questions.raise_question(cast.worker, "2026-10", "net", "实发不对")
    await questions.answer(question_id, "已更正", SYSTEM)
    assert (await _item("pay_question"))["status"] == "approved"


async def test_another_workers_request_cannot_be_read_or_filed_by_changing_the_form(client, cast, settings):
    await _on_my_page(client, cast, settings)
    await post_form(
        client,
        "/me/ask/dispute",
        {"day": "2026-11-24", "pieces": "5", "reason": "x", "employee": str(cast.supervisor_a), "employee_id": "1"},
    )
    assert (await WorkerRequest.select().first().run())["employee"] == cast.worker


async def test_an_approved_overtime_request_counts_that_days_early_arrival(client, cast, settings):
    from datetime import date

    from app.attendance.days.compute import ensure_days
    from app.attendance.tables import AttendanceDay
    from tests.attendance.factories import make_pattern, make_scan, make_shift, weekdays

    shift = await make_shift("DAY", "白班", "08:00", "17:00", [["12:00", "13:00"]])
    await make_pattern(weekdays(shift), department_id=cast.line_a)
    await make_scan(cast.worker, "2026-11-24 06:30")
    await make_scan(cast.worker, "2026-11-24 17:00")

    async def overtime() -> int:
        await ensure_days(date(2026, 11, 24), date(2026, 11, 24), settings.zone)
        row = (
            await AttendanceDay.select()
            .where((AttendanceDay.work_date == date(2026, 11, 24)) & (AttendanceDay.employee == cast.worker))
            .first()
            .run()
        )
        return row["overtime_minutes"]

    assert await overtime() == 0  # arriving early is not overtime unless approved
    await _on_my_page(client, cast, settings)
    cookies = dict(client.cookies)
    await post_form(
        client, "/me/ask/overtime", {"day": "2026-11-24", "start": "06:30", "end": "08:00", "reason": "主管安排"}
    )
    item = await _item("overtime")
    client.cookies.clear()
    await sign_in(client, "sup-a")
    await post_form(client, f"/approvals/{item['id']}/approve", {})
    assert await overtime() == 90
    client.cookies.clear()
    client.cookies.update(cookies)
    page = (await client.get("/me?month=2026-11")).text
    assert "1:30" in page or "1.5" in page  # My page derives the day the same way
