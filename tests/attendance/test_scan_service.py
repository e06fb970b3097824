"""Recording scans: punches in and out, duplicates, and every kind of refusal recorded for HR, changing nothing else."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest

from app.attendance.scans.service import record_scan
from app.attendance.tables import Scan, Shift, ShiftAssignment
from app.audit.service import SYSTEM
from app.badges import service as badges
from app.badges.rules import sign_badge
from app.badges.tables import Credential
from app.people.tables import Employee

MORNING = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai


@pytest.fixture
def scan(settings):
    async def scan(text: str, at: datetime = MORNING, pin: str | None = None, node: str = "office"):
        return await record_scan(text, node, at, "kiosk", secret=settings.secret_key, zone=settings.zone, pin=pin)

    return scan


async def _issue(settings, employee_id: int) -> str:
    return (await badges.issue_badge(employee_id, settings.secret_key, SYSTEM)).payload


async def _rows() -> list[dict]:
    return await Scan.select().order_by(Scan.node_seq).run()


async def test_a_badge_clocks_in_and_the_next_scan_an_hour_later_clocks_out(settings, cast, scan):
    payload = await _issue(settings, cast.worker)
    first = await scan(payload)
    second = await scan(payload, MORNING + timedelta(hours=9))
    assert (first.outcome, first.direction, first.employee_name, first.department_name) == (
        "punch",
        "in",
        "张伟",
        "装配A线",
    )
    assert (second.outcome, second.direction) == ("punch", "out")
    rows = await _rows()
    assert [(r["node_id"], r["node_seq"], r["outcome"], r["direction"]) for r in rows] == [
        ("office", 1, "punch", "in"),
        ("office", 2, "punch", "out"),
    ]
    assert rows[0]["employee"] == cast.worker and rows[0]["id"].version == 7
    assert rows[0]["shown_text"] == "FHR1.W0001.1"  # never the mac: the review must not hold a copy of the badge


async def test_the_same_badge_again_within_60_seconds_is_a_duplicate_not_a_punch(settings, cast, scan):
    payload = await _issue(settings, cast.worker)
    await scan(payload)
    again = await scan(payload, MORNING + timedelta(seconds=60))
    assert (again.outcome, again.direction, again.tone) == ("duplicate", "in", "warn")
    assert [r["outcome"] for r in await _rows()] == ["punch", "duplicate"]
    later = await scan(payload, MORNING + timedelta(seconds=61))
    assert (later.outcome, later.direction) == ("punch", "out")


async def test_each_node_numbers_its_own_scans(settings, cast, scan):
    payload = await _issue(settings, cast.worker)
    await scan(payload, node="gate-1")
    await scan("nonsense", node="office")
    await scan("nonsense", node="gate-1")
    assert [(r["node_id"], r["node_seq"]) for r in await _rows()] == [("gate-1", 1), ("office", 1), ("gate-1", 2)]


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "garbage"),
        ("'; DROP TABLE scan; --", "unknown"),
        ("\x00\x1b[2J", "garbage"),
        ("FHR1.W0001.1", "malformed"),
        ("FHR1.W0001.1.AAAAAAAAAAAAAAAA", "forged"),
        ("x" * 500, "garbage"),
    ],
)
async def test_garbage_forged_and_sql_looking_scans_are_refused_and_recorded(settings, cast, scan, text, reason):
    await _issue(settings, cast.worker)
    result = await scan(text)
    assert (result.outcome, result.reason, result.tone) == ("refused", reason, "bad")
    rows = await _rows()
    assert [(r["outcome"], r["reason"], r["employee"]) for r in rows] == [("refused", reason, None)]
    assert len(rows[0]["shown_text"]) <= 64
    assert await Credential.count().run() == 1 and await Employee.count().run() == 3


async def test_an_altered_badge_is_refused_as_forged(settings, cast, scan):
    payload = await _issue(settings, cast.worker)
    altered = payload.replace("W0001", "S0001")
    assert (await scan(altered)).reason == "forged"
    assert (await scan(sign_badge(b"another-plant-secret-0123456789", "W0001", 1))).reason == "forged"
    assert await Scan.count().where(Scan.outcome == "punch").run() == 0


async def test_a_reprint_makes_the_old_badge_stop_working(settings, cast, scan):
    old = await _issue(settings, cast.worker)
    new = await _issue(settings, cast.worker)
    refused = await scan(old)
    assert (refused.outcome, refused.reason, refused.employee_code) == ("refused", "revoked", "W0001")
    assert (await scan(new, MORNING + timedelta(minutes=5))).outcome == "punch"


async def test_a_revoked_badge_is_refused(settings, cast, scan):
    payload = await _issue(settings, cast.worker)
    await badges.revoke_badge(cast.worker, SYSTEM)
    assert (await scan(payload)).reason == "revoked"


async def test_a_badge_of_someone_who_has_left_is_refused(settings, cast, scan):
    payload = await _issue(settings, cast.worker)
    await Employee.update({Employee.last_day: date(2026, 11, 22)}).where(Employee.id == cast.worker).run()
    result = await scan(payload)
    assert (result.outcome, result.reason) == ("refused", "left")
    await Employee.update({Employee.last_day: date(2026, 11, 23)}).where(Employee.id == cast.worker).run()
    assert (await scan(payload)).outcome == "punch"  # the last day itself still counts


async def test_a_registered_card_clocks_in_and_the_review_shows_only_its_end(settings, cast, scan):
    await badges.register_card(cast.worker, "rfid", " 0012345678\r\n", SYSTEM)
    result = await scan("0012345678")
    assert (result.outcome, result.direction, result.employee_code) == ("punch", "in", "W0001")
    assert (await _rows())[0]["shown_text"] == "…5678"
    unknown = await scan("0099999999")
    assert (unknown.outcome, unknown.reason) == ("refused", "unknown")


async def test_a_card_asks_for_the_pin_where_the_plant_requires_one(settings, cast, scan):
    await badges.register_card(cast.worker, "barcode", "CARD-7781", SYSTEM)
    await badges.set_pin_required(True, SYSTEM)
    asked = await scan("CARD-7781")
    assert asked.outcome == "pin" and await Scan.count().run() == 0
    assert (await scan("CARD-7781", pin="1234")).reason == "no_pin"
    await badges.set_pin(cast.worker, "2468", SYSTEM)
    assert (await scan("CARD-7781", pin="1111")).reason == "wrong_pin"
    assert (await scan("CARD-7781", pin="2468")).outcome == "punch"


async def test_a_badge_needs_no_pin_even_where_cards_do(settings, cast, scan):
    payload = await _issue(settings, cast.worker)
    await badges.set_pin_required(True, SYSTEM)
    assert (await scan(payload)).outcome == "punch"


async def test_a_backdated_scan_looks_only_at_punches_before_it(settings, cast, scan):
    payload = await _issue(settings, cast.worker)
    await scan(payload, MORNING)
    earlier = await scan(payload, MORNING - timedelta(hours=3))
    assert (earlier.outcome, earlier.direction) == ("punch", "in")


async def _day_shift_for_line_a(cast) -> None:
    shift = Shift(code="D", name="早班", start=time(8, 0), end=time(17, 0), breaks='[["12:00", "13:00"]]')
    await shift.save().run()
    await (
        ShiftAssignment(department=cast.line_a, week=json.dumps([shift.id] * 7), effective_from=date(2026, 1, 1))
        .save()
        .run()
    )


async def test_the_result_names_the_shift_and_the_shift_decides_in_and_out(settings, cast, scan):
    await _day_shift_for_line_a(cast)
    payload = await _issue(settings, cast.worker)
    arrive = MORNING - timedelta(minutes=2)  # 07:58
    first = await scan(payload, arrive)
    assert (first.direction, first.shift.name, first.shift.start) == ("in", "早班", time(8, 0))
    assert (await scan(payload, arrive + timedelta(hours=9, minutes=7))).direction == "out"
    next_morning = await scan(payload, arrive + timedelta(days=1))  # and then forgets to clock out
    the_morning_after = await scan(payload, arrive + timedelta(days=2))
    assert (next_morning.direction, the_morning_after.direction) == ("in", "in")  # a day-old IN was a forgotten OUT
