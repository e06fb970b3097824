"""The demo plant's appraisal: the stamping shop's monthly scheme (output, quality, attendance, lateness, safety and
the supervisor's score), a few safety incidents (two last month, one near miss this month), last month's period
filled from the records, scored by the supervisor and closed, so its bonuses go on this month's pay; one worker's
result contested and waiting for HR. The office's goals and feedback are app.demo.office."""

from __future__ import annotations

import random
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from app.appraisal import periods, results, safety, schemes
from app.appraisal.rules import Severity
from app.appraisal.tables import AppraisalResult, AppraisalScheme
from app.demo.accounts import DEMO
from app.people.tables import Department, Employee

BANDS = {  # the demo's grades: A from 90 (150 % of the bonus base), B from 75, C from 60, D below
    "min_A": "90",
    "coefficient_A": "150",
    "min_B": "75",
    "coefficient_B": "100",
    "min_C": "60",
    "coefficient_C": "60",
    "min_D": "0",
    "coefficient_D": "0",
}
FORM = {
    "name": "冲压车间月度绩效",
    "period_kind": "month",
    "missing": "reweight",
    "weight_output": "40",
    "target_output": "100",
    "weight_quality": "20",
    "target_quality": "98",
    "weight_attendance": "10",
    "target_attendance": "100",
    "weight_lateness": "5",
    "target_lateness": "1",
    "penalty_lateness": "20",
    "weight_safety": "5",
    "target_safety": "0",
    "penalty_safety": "20",
    "weight_supervisor": "20",
    **BANDS,
    "bonus_base": "400",
}


async def add_appraisal(today: date, zone: ZoneInfo) -> int:
    """The results written (0 when the demo has its scheme already, or has no stamping shop)."""
    stamping = await Department.select(Department.id).where(Department.code == "STAMP").first().run()
    if stamping is None or await AppraisalScheme.exists().run():
        return 0
    form = {**FORM, "department": str(stamping["id"])}
    scheme_id = await schemes.save_scheme(schemes.parse_scheme(form), None, today, DEMO)
    last_month = today.replace(day=1) - timedelta(days=1)
    await _incidents(stamping["id"], today, last_month)
    period_id = await periods.open_period(scheme_id, f"{last_month:%Y-%m}", zone, DEMO)
    await periods.fill(period_id, zone, DEMO)
    found = await periods.period(period_id)
    rng = random.Random(20261205)
    for person in await periods.people(await schemes.scheme(scheme_id, today), found.first_day, found.last_day):
        score = rng.choice([58, 70, 78, 82, 85, 88, 90, 97])
        reason = {58: "多次返工，未按作业指导书操作", 97: "带教新人，零安全事故"}.get(score, "")
        await periods.enter_scores(
            period_id, person.id, {"score_supervisor": str(score), "reason_supervisor": reason}, zone, DEMO
        )
    written = await results.close(period_id, zone, DEMO)
    first = await AppraisalResult.select(AppraisalResult.id).where(AppraisalResult.period == period_id).first().run()
    if first:
        await results.contest(first["id"], "上月有两天产量漏报，已补单", zone, DEMO)
    return written


async def _incidents(department: int, today: date, last_month: date) -> None:
    """Two of last month (counted by its closed period, so no longer editable) and a near miss this month."""
    codes = [
        r["employee_code"]
        for r in await Employee.select(Employee.employee_code)
        .where(Employee.department == department)
        .order_by(Employee.employee_code)
        .run()
    ]
    if len(codes) < 5:
        return
    this_month = max(today.replace(day=1), today - timedelta(days=2))
    for day, severity, summary, people in (
        (last_month.replace(day=8), Severity.MINOR, "冲床送料时手指被板料毛刺划伤，现场包扎后继续作业", codes[3:4]),
        (last_month.replace(day=19), Severity.SERIOUS, "更换模具时模具滑落砸伤左脚，休工 3 天", codes[4:5]),
        (this_month, Severity.MINOR, "叉车倒车未鸣笛，险些撞到搬运工（未遂）", codes[2:4]),
    ):
        await safety.record(safety.NewIncident(day, severity, summary, tuple(people)), DEMO)
