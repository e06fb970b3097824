"""HR's dashboard from real rows: charts with their tables, the 36-hour flag, Excel exports, who may see it."""

from __future__ import annotations

import io
from datetime import date, timedelta

from openpyxl import load_workbook

from app.attendance.tables import AttendanceDay
from app.people.tables import Separation
from app.piecework.tables import Operation
from app.timeutil import local_today, utcnow
from tests.cast import make_employee, sign_in


async def _day(employee_id: int, work_date: date, status: str = "present", overtime: int = 0) -> None:
    now = utcnow()
    await (
        AttendanceDay(
            employee=employee_id,
            work_date=work_date,
            status=status,
            worked_minutes=480,
            overtime_minutes=overtime,
            overtime_kind="workday" if overtime else "",
            first_in=now if status != "absent" else None,
            computed_at=now,
        )
        .save()
        .run()
    )


async def test_the_dashboard_has_a_chart_and_table_per_report(client, cast, settings):
    await sign_in(client, "hr")
    response = await client.get("/reports")
    for title in (
        "按部门人数",
        "月度离职率",
        "新员工90天留存率",
        "入职用时",
        "本月出勤率",
        "本月加班小时数",
        "培训覆盖率",
        "本月人均产量",
        "每小时产量：已培训与未培训对比",
    ):
        assert title in response.text
    assert response.text.count("<svg") >= 6 and response.text.count("<table") >= 7
    assert "计件经确认后才有数据" in response.text  # output per head before any count: said plainly, not faked
    assert 'id="totp-reminder"' in response.text  # HR without a second factor is asked to turn it on


async def test_a_person_over_36_overtime_hours_this_month_is_flagged(client, cast, settings):
    today = local_today(settings.zone)
    first = today.replace(day=1)
    await _day(cast.worker, first, overtime=37 * 60)  # one row carrying the month's total is enough
    await _day(cast.supervisor_a, first, overtime=36 * 60)  # exactly at the limit: not flagged
    await sign_in(client, "hr")
    page = (await client.get("/reports")).text
    section = page[page.index("<table", page.index('id="report-overtime"')) : page.index('id="report-training"')]
    rows = section.split("<tr")
    worker_row = next(row for row in rows if "W0001" in row)
    boss_row = next(row for row in rows if "S0001" in row)
    assert 'class="flagged"' in worker_row and "超过36小时" in worker_row and "37.0" in worker_row
    assert 'class="flagged"' not in boss_row and "超过36小时" not in boss_row and "36.0" in boss_row


async def test_turnover_and_its_excel_export_count_this_months_leaver_by_reason(client, cast, settings):
    today = local_today(settings.zone)
    last_day = today.replace(day=1)
    leaver = await make_employee("W0099", "离职者", cast.line_b, last_day=last_day, status="left")
    await (
        Separation(
            employee=leaver,
            reason="dismissal",
            notice_date=last_day - timedelta(days=3),
            last_day=last_day,
            status="left",
            created_at=utcnow(),
        )
        .save()
        .run()
    )
    await sign_in(client, "hr")
    response = await client.get("/reports/turnover/xlsx")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["月份", "部门", "月初人数", "月末人数", "离职人数"]
    month = f"{today.year}-{today.month:02d}"
    line_b = next(row for row in rows if row[0] == month and row[1] == "装配B线")
    # 1st: supervisor B and the leaver (last day still employed) = 2; end of month: 1; 1 / 1.5
    assert line_b[2:6] == [2, 1, 1, 66.7] and "辞退 1" in line_b[6]
    plant = next(row for row in rows if row[0] == month and row[1] == "全厂")
    assert plant[2:5] == [4, 3, 1]
    page = (await client.get("/reports")).text
    section = page[page.index('id="report-turnover"') : page.index('id="report-retention"')]
    assert section.count("<svg") == 2 and f"{month} 各部门离职率" in section  # the month's rate per department
    assert ">66.7%<" in section


async def test_attendance_rate_comes_from_attendance_days(client, cast, settings):
    today = local_today(settings.zone)
    first = today.replace(day=1)
    await _day(cast.worker, first, "present")
    await _day(cast.supervisor_a, first, "absent")
    await _day(cast.supervisor_b, first, "rest_day")
    await sign_in(client, "hr")
    sheet = load_workbook(io.BytesIO((await client.get("/reports/attendance/xlsx")).content)).active
    rows = {row[0].value: [cell.value for cell in row[1:]] for row in sheet.iter_rows(min_row=2)}
    assert rows["装配A线"] == [1, 2, 50] and rows["全厂"] == [1, 2, 50]


async def test_supervisors_may_not_open_the_dashboard_or_its_exports(client, cast):
    await sign_in(client, "sup-a")
    assert (await client.get("/reports")).status_code == 403
    assert (await client.get("/reports/headcount/xlsx")).status_code == 403


async def test_output_per_head_and_per_hour_of_trained_and_untrained_workers(client, cast, settings):
    from app.ids import new_id
    from app.training.tables import Course, PracticalSignoff
    from tests.piecework.factories import confirm, make_operation, make_report, make_work_order

    today = local_today(settings.zone)
    first = today.replace(day=1)
    now = utcnow()
    course = Course(title="绕线工艺", kind="professional", department=cast.line_a, created_at=now, updated_at=now)
    await course.save().run()
    operation = await make_operation(await make_work_order(department_id=cast.line_a), "OP-10", "绕线", 50)
    await Operation.update({Operation.course: course.id}).where(Operation.id == operation).run()
    await PracticalSignoff.insert(
        PracticalSignoff(
            id=new_id(),
            employee=cast.worker,
            course=course.id,
            trainer=cast.supervisor_a,
            signed_at=now - timedelta(days=40),
        )
    ).run()
    for employee, quantity, defects in ((cast.worker, 130, 10), (cast.supervisor_b, 62, 2)):
        await _day(employee, first)  # 480 worked minutes
        await confirm(await make_report(employee, operation, first, quantity, defects))
    rejected = await make_report(cast.supervisor_b, operation, first, 500)
    await confirm(rejected, action="reject")  # a rejected count is no output
    await sign_in(client, "hr")
    page = (await client.get("/reports")).text
    trained = page[page.index('id="report-trained_output"') :]
    assert "<td>绕线</td><td>已培训</td><td>1</td><td>120</td><td>15.0</td>" in trained
    assert "<td>绕线</td><td>未培训</td><td>1</td><td>60</td><td>7.5</td>" in trained
    per_head = page[page.index('id="report-output"') : page.index('id="report-trained_output"')]
    assert "<td>装配A线</td><td>1</td><td>120</td><td>120.0</td>" in per_head
    assert "<td>全厂</td><td>2</td><td>180</td><td>90.0</td>" in per_head


async def test_a_hostile_department_name_stays_text_in_the_report_workbook(client, cast):
    from app.people.tables import Department

    hostile = "=1+cmd|' /C calc'!A0"
    await Department.update({Department.name: hostile}).where(Department.id == cast.line_a).run()
    await sign_in(client, "hr")
    sheet = load_workbook(io.BytesIO((await client.get("/reports/headcount/xlsx")).content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == hostile]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert any(cell.data_type == "n" for row in sheet.iter_rows(min_row=2) for cell in row)  # counts stay numbers
