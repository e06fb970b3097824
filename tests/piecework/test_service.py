"""Piece reports and confirmations through the services: who may report what, the segment, first-wins, facts."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest

from app.auth.service import CurrentUser
from app.piecework import confirmations, reports
from app.piecework.confirmations import Decision
from app.piecework.reports import ReportRefused
from app.piecework.sync_facts import apply_confirmation, apply_report
from app.piecework.tables import PieceConfirmation, PieceReport
from app.sync import outbox
from app.sync.facts import InvalidFact, PushedFact
from app.sync.tables import OutboxEvent
from app.timeutil import utcnow
from app.training.tables import Certificate
from tests.attendance.factories import PLANT, local, make_calendar_day, make_pattern, make_scan, make_shift, weekdays
from tests.piecework.factories import make_operation, make_report, make_work_order


def _sup(cast, which: str = "a") -> CurrentUser:
    employee = cast.supervisor_a if which == "a" else cast.supervisor_b
    user = cast.supervisor_a_user if which == "a" else cast.supervisor_b_user
    return CurrentUser(
        id=user,
        username=f"sup-{which}",
        display_name="王建国" if which == "a" else "李红梅",
        roles=("supervisor",),
        employee_id=employee,
    )


@pytest.fixture
async def shop(cast):
    order = await make_work_order(department_id=cast.line_a)
    return {
        "fold": await make_operation(order, "OP10", "折弯", 25, standard_per_hour=60),
        "weld": await make_operation(order, "OP20", "焊接", 80, certificate_kind="welder"),
        "press": await make_operation(order, "OP30", "冲压", 40, banned_for_minors=True),
    }


async def test_a_worker_may_report_only_operations_they_are_qualified_for(cast, shop):
    from app.people.tables import Employee

    today = date(2026, 11, 20)
    refusals = {c.operation.code: c.refusal for c in await reports.choices(cast.worker, today)}
    assert refusals == {"OP10": None, "OP20": reports.rules.NEEDS_CERTIFICATE, "OP30": None}
    await Certificate.insert(
        Certificate(
            employee=cast.worker, kind="welder", number="T1", expires_on=date(2026, 11, 19), recorded_at=utcnow()
        )
    ).run()
    assert {c.operation.code: c.refusal for c in await reports.choices(cast.worker, today)}[
        "OP20"
    ] == reports.rules.CERTIFICATE_EXPIRED
    await Certificate.insert(
        Certificate(employee=cast.worker, kind="welder", number="T2", expires_on=date(2030, 1, 1), recorded_at=utcnow())
    ).run()
    await Employee.update({Employee.birth_date: date(2009, 6, 1)}).where(Employee.id == cast.worker).run()  # 17
    refusals = {c.operation.code: c.refusal for c in await reports.choices(cast.worker, today)}
    assert refusals == {"OP10": None, "OP20": None, "OP30": reports.rules.BANNED_FOR_MINORS}


async def test_a_kiosk_report_refuses_a_banned_operation_and_a_bad_count_and_writes_nothing(cast, shop):
    from app.people.tables import Employee

    await Employee.update({Employee.birth_date: date(2009, 6, 1)}).where(Employee.id == cast.worker).run()
    with pytest.raises(ReportRefused, match="under 18"):
        await reports.report_at_kiosk(cast.worker, shop["press"], 10, 0, "office", PLANT)
    with pytest.raises(ReportRefused, match="more defects"):
        await reports.report_at_kiosk(cast.worker, shop["fold"], 10, 11, "office", PLANT)
    with pytest.raises(ReportRefused, match="too large"):
        await reports.report_at_kiosk(cast.worker, shop["fold"], 1_000_000, 0, "office", PLANT)
    assert await PieceReport.count().run() == 0


@pytest.mark.parametrize(
    "when, calendar, expected",
    [
        ("2026-11-18 15:00", None, "normal"),  # a Wednesday inside the 08:00–17:00 shift
        ("2026-11-18 20:00", None, "workday_overtime"),  # the same day, after the shift's end
        ("2026-11-21 15:00", None, "rest_day"),  # Saturday: the pattern's rest day
        ("2026-11-18 15:00", "holiday", "holiday"),  # HR marked the Wednesday a statutory holiday
    ],
)
async def test_the_segment_is_proposed_from_punches_shift_and_calendar(cast, shop, when, calendar, expected):
    shift = await make_shift("DAY", "早班", "08:00", "17:00", [["12:00", "13:00"]])
    await make_pattern(weekdays(shift), department_id=cast.line_a)
    if calendar:
        await make_calendar_day(date(2026, 11, 18), calendar, "测试")
    day = when[:10]
    await make_scan(cast.worker, f"{day} {'16:00' if when.endswith('20:00') else '07:55'}")
    report = await reports.report_at_kiosk(cast.worker, shop["fold"], 120, 2, "office", PLANT, now=local(when))
    stored = await PieceReport.objects().get(PieceReport.id == report.id).run()
    assert stored.segment == expected and stored.work_date == date.fromisoformat(day)
    assert stored.minutes_worked > 0


async def test_a_supervisor_confirms_adjusts_and_rejects_only_their_team_and_first_wins(cast, shop):
    today = datetime.now(PLANT).date()
    one, two, three = [await make_report(cast.worker, shop["fold"], today, 100) for _ in range(3)]
    assert len(await confirmations.pending(_sup(cast, "b"), PLANT)) == 0
    with pytest.raises(ReportRefused, match="not of your team"):
        await confirmations.decide(_sup(cast, "b"), one.id, Decision("confirm"), "office")
    assert len(await confirmations.pending(_sup(cast), PLANT)) == 3
    await confirmations.decide(_sup(cast), one.id, Decision("confirm"), "office")
    with pytest.raises(ReportRefused, match="reason"):
        await confirmations.decide(_sup(cast), two.id, Decision("adjust", 90, 0), "office")
    await confirmations.decide(_sup(cast), two.id, Decision("adjust", 90, 3, "workday_overtime", "点错了"), "office")
    await confirmations.decide(_sup(cast), three.id, Decision("reject", reason="重复上报"), "office")
    with pytest.raises(ReportRefused, match="already decided"):
        await confirmations.decide(_sup(cast), three.id, Decision("confirm"), "office")
    rows = {row["report"]: row for row in await PieceConfirmation.select().run()}
    assert (rows[two.id]["quantity"], rows[two.id]["defects"], rows[two.id]["segment"]) == (90, 3, "workday_overtime")
    assert rows[three.id]["action"] == "reject" and len(rows) == 3
    assert await confirmations.pending(_sup(cast), PLANT) == []


async def test_above_twice_the_standard_needs_a_reason_and_confirm_all_leaves_it(cast, shop):
    today = datetime.now(PLANT).date()
    usual = await make_report(cast.worker, shop["fold"], today, 400, minutes_worked=240)  # 4 h × 60 × 2 = 480
    huge = await make_report(cast.worker, shop["fold"], today, 481, minutes_worked=240)
    done, left = await confirmations.confirm_all(_sup(cast), [usual.id, huge.id], "office", PLANT)
    assert (done, left) == (1, 1)
    with pytest.raises(ReportRefused, match="twice the standard"):
        await confirmations.decide(_sup(cast), huge.id, Decision("confirm"), "office")
    await confirmations.decide(_sup(cast), huge.id, Decision("confirm", reason="加了夹具"), "office")
    assert await PieceConfirmation.count().run() == 2


async def test_a_supervisor_entry_is_a_report_and_its_confirmation(cast, shop):
    report = await confirmations.enter_for_worker(_sup(cast), cast.worker, shop["fold"], 50, 1, "", "office", PLANT)
    stored = await PieceConfirmation.select().where(PieceConfirmation.report == report.id).run()
    assert report.source == "supervisor" and [row["quantity"] for row in stored] == [50]
    with pytest.raises(ReportRefused, match="not of your team"):
        await confirmations.enter_for_worker(_sup(cast, "b"), cast.worker, shop["fold"], 50, 1, "", "office", PLANT)


def _fact(kind: str, payload: dict, node: str = "kiosk-2", fact_id: uuid.UUID | None = None) -> PushedFact:
    from app.ids import new_id

    return PushedFact(fact_id or new_id(), kind, payload, utcnow(), node, 1, False)


async def test_on_a_kiosk_node_reports_and_confirmations_go_to_the_outbox_and_apply_once_at_the_office(cast, shop):
    outbox.configure("kiosk")
    try:
        report = await reports.report_at_kiosk(cast.worker, shop["fold"], 30, 0, "kiosk-1", PLANT)
        decided = await confirmations.decide(_sup(cast), report.id, Decision("confirm"), "kiosk-1")
    finally:
        outbox.configure("office")
    events = await OutboxEvent.select().order_by(OutboxEvent.seq).output(load_json=True).run()
    assert [(e["kind"], e["id"]) for e in events] == [("piece_report", report.id), ("piece_confirmation", decided.id)]
    await PieceConfirmation.delete(force=True).run()
    await PieceReport.delete(force=True).run()
    for event in events * 2:  # a replayed push stores nothing twice
        applier = apply_report if event["kind"] == "piece_report" else apply_confirmation
        await applier(_fact(event["kind"], event["payload"], fact_id=event["id"]))
    assert await PieceReport.count().run() == 1 and await PieceConfirmation.count().run() == 1


async def test_a_second_node_s_decision_is_kept_as_a_conflict_and_the_first_counts(cast, shop):
    today = datetime.now(PLANT).date()
    report = await make_report(cast.worker, shop["fold"], today, 100)
    first = utcnow() - timedelta(minutes=5)
    await apply_confirmation(
        _fact(
            "piece_confirmation",
            {
                "report_id": str(report.id),
                "action": "adjust",
                "quantity": 80,
                "defects": 0,
                "segment": "normal",
                "reason": "少了",
                "by_name": "李红梅",
                "by_user": None,
                "confirmed_at": first.isoformat(),
                "employee_id": cast.worker,
                "operation_id": shop["fold"],
                "work_date": today.isoformat(),
            },
            node="kiosk-b",
        )
    )
    await apply_confirmation(
        _fact(
            "piece_confirmation",
            {
                "report_id": str(report.id),
                "action": "confirm",
                "quantity": 100,
                "defects": 0,
                "segment": "normal",
                "reason": "",
                "by_name": "王建国",
                "by_user": None,
                "confirmed_at": utcnow().isoformat(),
                "employee_id": cast.worker,
                "operation_id": shop["fold"],
                "work_date": today.isoformat(),
            },
            node="kiosk-a",
        )
    )
    found = await confirmations.conflicts(today, today)
    assert len(found) == 1 and [d["by_name"] for d in found[0].decisions] == ["李红梅", "王建国"]
    assert (await confirmations.first_decision(report.id))["quantity"] == 80
    flags = {row["by_name"]: row["counts"] for row in await PieceConfirmation.select().run()}
    assert flags == {"李红梅": True, "王建国": False}  # the earlier decision counts, though it arrived first here


async def test_an_earlier_decision_arriving_late_takes_over(cast, shop):
    today = datetime.now(PLANT).date()
    report = await make_report(cast.worker, shop["fold"], today, 100)
    base = {
        "report_id": str(report.id),
        "quantity": 100,
        "defects": 0,
        "segment": "normal",
        "reason": "x",
        "by_user": None,
        "employee_id": cast.worker,
        "operation_id": shop["fold"],
        "work_date": today.isoformat(),
    }
    await apply_confirmation(
        _fact(
            "piece_confirmation", {**base, "action": "confirm", "by_name": "晚", "confirmed_at": utcnow().isoformat()}
        )
    )
    early = (utcnow() - timedelta(hours=2)).isoformat()
    await apply_confirmation(
        _fact("piece_confirmation", {**base, "action": "reject", "by_name": "早", "confirmed_at": early})
    )
    flags = {row["by_name"]: row["counts"] for row in await PieceConfirmation.select().run()}
    assert flags == {"早": True, "晚": False}


@pytest.mark.parametrize(
    "payload, problem",
    [
        ({"employee_id": 99999}, "no employee"),
        ({"quantity": 0}, "quantity"),
        ({"defects": 5, "quantity": 4}, "defects"),
        ({"segment": "bonus"}, "segment"),
        ({"work_date": "yesterday"}, "work_date"),
    ],
)
async def test_a_bad_pushed_report_is_refused_for_quarantine(cast, shop, payload, problem):
    good = {
        "employee_id": cast.worker,
        "operation_id": shop["fold"],
        "quantity": 10,
        "defects": 0,
        "segment": "normal",
        "work_date": "2026-11-20",
        "reported_at": utcnow().isoformat(),
        "minutes_worked": 60,
        "source": "kiosk",
        "entered_by": "",
        "reason": "",
    }
    with pytest.raises(InvalidFact, match=problem):
        await apply_report(_fact("piece_report", {**good, **payload}))
    assert await PieceReport.count().run() == 0
