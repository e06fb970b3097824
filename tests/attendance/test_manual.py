"""Bulk punch entry after a kiosk outage: grid and Excel, refused near real scans, superseded by later ones."""

from __future__ import annotations

import io
from datetime import date, datetime, time

from openpyxl import Workbook

from app.attendance.corrections import manual_rules
from app.attendance.days.compute import punches, recompute_days
from app.attendance.tables import AttendanceDay, ManualPunch
from app.audit.tables import AuditLog
from tests.attendance.factories import PLANT, local, make_pattern, make_scan, make_shift, weekdays
from tests.cast import htmx_target, make_employee, post_form, sign_in

MON, TUE = "2026-11-23", "2026-11-24"


def utc(text: str) -> datetime:
    return local(text)


def test_a_real_punch_within_two_hours_of_the_shift_supersedes_it():
    span = (utc(f"{TUE} 08:00"), utc(f"{TUE} 17:00"))
    assert manual_rules.near_real_punches(*span, [utc(f"{TUE} 06:30")])
    assert manual_rules.near_real_punches(*span, [utc(f"{TUE} 12:00")])
    assert not manual_rules.near_real_punches(*span, [utc(f"{TUE} 05:59"), utc(f"{TUE} 19:01")])


def test_counted_punches_take_the_manual_shift_only_where_no_real_scan_is_near():
    real = [utc(f"{MON} 07:58"), utc(f"{MON} 17:03")]
    spans = [(utc(f"{MON} 08:00"), utc(f"{MON} 17:00")), (utc(f"{TUE} 08:00"), utc(f"{TUE} 17:00"))]
    assert manual_rules.counted_punches(spans, real) == [*real, *spans[1]]


def test_an_out_before_the_in_is_the_next_morning():
    assert manual_rules.local_span(date(2026, 11, 24), time(20, 0), time(4, 0)) == (
        datetime(2026, 11, 24, 20, 0),
        datetime(2026, 11, 25, 4, 0),
    )


async def _plant(cast) -> list[int]:
    shift = await make_shift("DAY", "白班", "08:00", "17:00", [["12:00", "13:00"]])
    await make_pattern(weekdays(shift), department_id=cast.line_a)
    return [cast.worker] + [await make_employee(f"W0{n:03}", f"工人{n}", cast.line_a) for n in range(2, 4)]


def _grid(codes: list[str], day: str = TUE, start: str = "08:00", end: str = "17:00") -> dict:
    data = {"day": day}
    for n, code in enumerate(codes, start=1):
        data.update({f"code_{n}": code, f"day_{n}": day, f"in_{n}": start, f"out_{n}": end})
    return data


async def test_hr_enters_a_lines_shift_from_the_grid_and_the_days_derive(client, cast):
    await _plant(cast)
    await sign_in(client, "hr")
    grid = await client.get(f"/attendance/manual?day={TUE}&line={cast.line_a}")
    assert grid.status_code == 200 and 'value="W0001"' in grid.text
    codes = ["W0001", "W0002", "W0003"]
    preview = await post_form(client, "/attendance/manual/preview", _grid(codes), headers=htmx_target("manual-preview"))
    assert preview.status_code == 200 and "<html" not in preview.text and "3" in preview.text
    response = await post_form(
        client, "/attendance/manual/commit", {**_grid(codes), "reason": "power_cut", "note": "二号车间停电"}
    )
    assert response.status_code == 200 and "已录入" in response.text or "3" in str(response.url)
    rows = await ManualPunch.select().run()
    assert len(rows) == 3 and {row["entered_by"] for row in rows} == {"hr"} and rows[0]["reason"] == "power_cut"
    assert await AuditLog.count().where(AuditLog.action == "manual_punch.enter").run() == 3
    day = (
        await AttendanceDay.select()
        .where((AttendanceDay.employee == cast.worker) & (AttendanceDay.work_date == date(2026, 11, 24)))
        .first()
        .run()
    )
    assert (day["status"], day["worked_minutes"]) == ("present", 480)


async def test_a_row_near_real_scans_is_refused_and_nothing_is_entered(client, cast):
    await _plant(cast)
    await make_scan(cast.worker, f"{TUE} 08:01")
    await sign_in(client, "hr")
    response = await post_form(
        client, "/attendance/manual/commit", {**_grid(["W0001", "W0002"]), "reason": "kiosk_down"}
    )
    assert response.status_code == 422 and "考勤机" in response.text
    assert await ManualPunch.count().run() == 0
    only_valid = await post_form(
        client, "/attendance/manual/commit", {**_grid(["W0001", "W0002"]), "reason": "kiosk_down", "valid_only": "1"}
    )
    assert only_valid.status_code == 200
    assert [row["employee"] for row in await ManualPunch.select(ManualPunch.employee).run()] != [cast.worker]
    assert await ManualPunch.count().run() == 1


async def test_real_scans_arriving_later_win_and_the_row_shows_superseded(client, cast):
    await _plant(cast)
    await sign_in(client, "hr")
    await post_form(client, "/attendance/manual/commit", {**_grid(["W0001"], day=MON), "reason": "kiosk_down"})
    await make_scan(cast.worker, f"{MON} 07:50")  # the kiosk comes back and pushes the shift's real scans
    await make_scan(cast.worker, f"{MON} 18:30")
    found = await punches([cast.worker], date(2026, 11, 23), date(2026, 11, 23), PLANT)
    assert [moment.strftime("%H:%M") for moment in found[cast.worker]] == ["07:50", "18:30"]  # nothing twice
    await recompute_days([cast.worker], date(2026, 11, 23), date(2026, 11, 23), PLANT)
    day = (
        await AttendanceDay.select()
        .where((AttendanceDay.employee == cast.worker) & (AttendanceDay.work_date == date(2026, 11, 23)))
        .first()
        .run()
    )
    assert day["first_in"].astimezone(PLANT).strftime("%H:%M") == "07:50"
    page = await client.get("/attendance/manual")
    assert "已被真实打卡取代" in page.text


async def test_a_supervisor_may_enter_only_their_team(client, cast):
    await _plant(cast)
    await sign_in(client, "sup-b")
    response = await post_form(client, "/attendance/manual/commit", {**_grid(["W0001"]), "reason": "kiosk_down"})
    assert response.status_code == 422 and "不是您班组" in response.text
    assert await ManualPunch.count().run() == 0


async def test_a_bad_time_answers_422_in_chinese(client, cast):
    await _plant(cast)
    await sign_in(client, "hr")
    response = await post_form(client, "/attendance/manual/preview", _grid(["W0001"], start="8点"))
    assert response.status_code == 422 and "HH:MM" in response.text


def sheet(rows: list[tuple]) -> bytes:
    book = Workbook()
    page = book.active
    page.append(["停电补录", None, None, None])
    page.append(["工号", "日期", "上班", "下班"])
    for row in rows:
        page.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def test_thirty_punches_from_an_excel_sheet_preview_row_by_row_and_enter(client, cast):
    await _plant(cast)
    codes = [f"W0{n:03}" for n in range(4, 13)]
    for n, code in enumerate(codes, start=4):
        await make_employee(code, f"工人{n}", cast.line_a)
    everyone = ["W0001", "W0002", "W0003", *codes]  # 12 workers
    rows = [(code, date(2026, 11, day), time(8, 0), time(17, 0)) for day in (17, 18, 19) for code in everyone][:30]
    rows += [("W9999", date(2026, 11, 20), time(8, 0), time(17, 0))]
    await sign_in(client, "hr")
    await client.get("/attendance/manual")
    preview = await client.post(
        "/attendance/manual/preview",
        files={"file": ("停电.xlsx", sheet(rows))},
        data={"_csrf_token": client.cookies.get("floorhr_csrf")},
    )
    assert preview.status_code == 422 and "W9999" in preview.text and "没有这个工号" in preview.text
    form = {"reason": "kiosk_down", "valid_only": "1"}
    for n, (code, day, start, end) in enumerate(rows, start=3):
        form.update(
            {
                f"code_{n}": code,
                f"day_{n}": day.isoformat(),
                f"in_{n}": start.strftime("%H:%M"),
                f"out_{n}": end.strftime("%H:%M"),
            }
        )
    response = await post_form(client, "/attendance/manual/commit", form)
    assert response.status_code == 200
    assert await ManualPunch.count().run() == 30
