"""The printed result sheet: a PDF per person per period with the indicators, figures, scores, the scorer's
reasons, the total, grade, coefficient, bonus and signature lines; HR and the head open it from the person's
history, the person their own from My appraisal, and nobody another's by changing the id."""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader

from app.appraisal import periods, results
from app.appraisal.tables import AppraisalResult
from app.audit.service import SYSTEM
from tests.appraisal.factories import OCTOBER, line_a_scheme, made_pieces, worked_days
from tests.attendance.factories import PLANT
from tests.cast import make_user, post_form, sign_in

MONTH_END = (OCTOBER + timedelta(days=31)).replace(day=1) - timedelta(days=1)


async def _closed_october(cast) -> tuple[int, int]:
    scheme_id = await line_a_scheme(cast)
    await worked_days(cast.worker, OCTOBER, 20)
    await made_pieces(cast, cast.worker, OCTOBER, 800)
    period_id = await periods.open_period(scheme_id, f"{OCTOBER:%Y-%m}", PLANT, SYSTEM)
    await periods.fill(period_id, PLANT, SYSTEM)
    await periods.enter_scores(
        period_id, cast.worker, {"score_supervisor": "98", "reason_supervisor": "带教两名新人"}, PLANT, SYSTEM
    )
    await periods.enter_scores(period_id, cast.supervisor_a, {"score_supervisor": "80"}, PLANT, SYSTEM)
    await results.close(period_id, PLANT, SYSTEM)
    rows = {r["employee"]: r["id"] for r in await AppraisalResult.select().run()}
    return rows[cast.worker], rows[cast.supervisor_a]


def _text(response) -> str:
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


async def test_hr_prints_the_result_sheet_from_the_person_s_history(client, cast):
    mine, _ = await _closed_october(cast)
    result = await AppraisalResult.select().where(AppraisalResult.id == mine).first().run()
    await sign_in(client, "hr")
    history = await client.get(f"/appraisal/people/{cast.worker}")
    assert f"/appraisal/results/{mine}/sheet.pdf" in history.text
    text = _text(await client.get(f"/appraisal/results/{mine}/sheet.pdf"))
    for expected in (
        "绩效考核结果单",
        "W0001",
        "张伟",
        "装配A线",
        "装配月度考核",
        OCTOBER.isoformat(),
        MONTH_END.isoformat(),
    ):
        assert expected in text
    for expected in ("指标", "权重", "得分", "原因", "带教两名新人", "98.0", "总分", "等级", "奖金"):
        assert expected in text
    assert result["grade"] in text and f"{result['coefficient_percent']}" in text
    assert f"{result['bonus_fen'] / 100:,.2f}" in text or f"{result['bonus_fen'] / 100:.2f}" in text
    assert "员工签字" in text and "评分人签字" in text and "部门负责人签字" in text


async def test_the_person_prints_their_own_sheet_and_not_another_s(client, cast):
    mine, other = await _closed_october(cast)
    await make_user("zhangwei", "staff", cast.worker)
    await sign_in(client, "zhangwei")
    page = await client.get("/appraisal/mine")
    assert f"/appraisal/mine/results/{mine}/sheet.pdf" in page.text
    assert "张伟" in _text(await client.get(f"/appraisal/mine/results/{mine}/sheet.pdf"))
    assert (await client.get(f"/appraisal/mine/results/{other}/sheet.pdf")).status_code == 404
    assert (await client.get(f"/appraisal/mine/results/{other + 99}/sheet.pdf")).status_code == 404
    assert (await client.get(f"/appraisal/results/{mine}/sheet.pdf")).status_code == 403
    await post_form(client, "/logout", {})
